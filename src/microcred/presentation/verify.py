"""Verify a presentation: one result with a check per presentation concern and a nested result per credential.

Concerns (VC DM 2.0 §4.13, VC Data Integrity 1.0 §4.4, VC-JOSE-COSE §3.1.2): ``format``; ``presentation`` (the
data model rules, :mod:`.data_model`); ``proof`` (the holder's proof: ``authentication`` purpose, the expected
``challenge``/``domain`` from the policy; for ``vp+jwt`` the ``nonce``/``aud``); ``holder`` (the named holder signed
it, and each credential is bound to the presenter, :mod:`.binding`). A presentation without a proof is still
checked as data and its credentials verified, but its ``proof`` check fails with ``HOLDER_PROOF_MISSING``. Each
credential is verified by the same verifier (the presentation's challenge and domain do not apply to it).
SD-JWT VC presentations are verified by :func:`microcred.sd_jwt_vc.verify_sd_jwt_vc` (their KB-JWT is the
holder proof) and never come here.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..errors import MicrocredError
from ..keys import Key
from ..present.envelope import unenvelop
from ..suites.base import VerifyOptions
from ..suites.jose import resolve_signer
from ..suites.proofs import verify_proofs
from ..suites.vp_jose import verify_presentation as verify_vp_jwt
from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check, VerificationResult
from .binding import binding_check, holder_matches_check
from .data_model import credential_entries, holder_of, presentation_data_model_check

if TYPE_CHECKING:
    from ..verification.verifier import Verifier

_NAMES = ("format", "presentation", "proof", "holder", "validity")
#: At most this many credentials in one presentation are verified (each is a full verification: bounded work).
MAX_CREDENTIALS = 32


class _Presenter:
    """Who signed the presentation: the controller DID and the key (None when no proof verified)."""

    def __init__(self, controller: str | None = None, key: Key | None = None) -> None:
        self.controller, self.key = controller, key


def _credential_verifier(verifier: Verifier) -> Verifier:
    nested = copy.copy(verifier)
    nested.policy = replace(verifier.policy, domain=None, challenge=None)
    return nested


def _verify_entry(verifier: Verifier, index: int, entry: Any) -> VerificationResult:
    source = f"verifiableCredential[{index}]"
    if isinstance(entry, dict) and isinstance(entry.get("id"), str) and str(entry["id"]).startswith("data:"):
        found = unenvelop(entry["id"])
        if found is None:
            result = VerificationResult(format=None, source=source)
            msg = f"{source} is enveloped as {entry['id'].split(',', 1)[0]}, which microcred does not read"
            result.add(Check.error(CheckName.FORMAT, CheckCode.CREDENTIAL_FORMAT_UNSUPPORTED, msg))
            return result
        return verifier.verify(found[1], source=source)
    if not isinstance(entry, dict):
        result = VerificationResult(format=None, source=source)
        result.add(
            Check.fail(
                CheckName.FORMAT, CheckCode.CREDENTIAL_NOT_OBJECT, f"{source} is not a credential object"
            )
        )
        return result
    return verifier.verify(entry, source=source)


def _verify_credentials(
    verifier: Verifier, presentation: dict[str, Any], result: VerificationResult, presenter: _Presenter
) -> None:
    nested = _credential_verifier(verifier)
    entries = credential_entries(presentation)
    if len(entries) > MAX_CREDENTIALS:
        msg = f"{len(entries)} credentials in one presentation; at most {MAX_CREDENTIALS} are verified"
        result.add(Check.fail(CheckName.PRESENTATION, CheckCode.TOO_MANY_CREDENTIALS, msg))
        return
    for index, entry in enumerate(entries):
        outcome = _verify_entry(nested, index, entry)
        result.credentials.append(outcome)
        if presenter.controller is not None:
            result.add(binding_check(index, outcome.credential, presenter.controller, presenter.key))


def _no_proof(result: VerificationResult) -> None:
    msg = "the presentation has no proof: nothing shows that the presenter holds these credentials"
    result.add(Check.fail(CheckName.PROOF, CheckCode.HOLDER_PROOF_MISSING, msg))
    result.add(
        Check.error(
            CheckName.HOLDER,
            CheckCode.HOLDER_NOT_PROVEN,
            "no holder proof, so holder binding cannot be checked",
        )
    )


def _verify_embedded(verifier: Verifier, presentation: dict[str, Any], result: VerificationResult) -> None:
    proofs = presentation.get("proof")
    first = proofs[0] if isinstance(proofs, list) and proofs else proofs
    name = verifier.suites.name_for_proof(first)
    result.format = name or "presentation"
    secured = (
        f"secured with {name}" if name else "without a proof" if proofs is None else "with an unknown proof"
    )
    result.add(
        Check.ok(CheckName.FORMAT, CheckCode.PRESENTATION_RECOGNISED, f"a Verifiable Presentation {secured}")
    )
    result.add(presentation_data_model_check(presentation))
    presenter = _Presenter()
    if proofs is None:
        _no_proof(result)
    else:
        options = verifier.options()
        options.policy = replace(options.policy, proof_purpose="authentication")
        checks, verified = verify_proofs(presentation, options)
        result.add(checks)
        authentication = [vm for proof, vm in verified if proof.get("proofPurpose") == "authentication"]
        if authentication:
            method = authentication[0]
            presenter = _Presenter(method.controller, method.key)
            result.add(holder_matches_check(holder_of(presentation), method.controller))
    _verify_credentials(verifier, presentation, result, presenter)


def _jwt_claim_checks(claims: dict[str, Any], options: VerifyOptions) -> list[Check]:
    checks: list[Check] = []
    policy = options.policy
    if policy.challenge is not None and claims.get("nonce") != policy.challenge:
        checks.append(
            Check.fail(
                CheckName.PROOF, CheckCode.PROOF_CHALLENGE_MISMATCH, "the nonce is not the expected challenge"
            )
        )
    if policy.domain is not None:
        aud = claims.get("aud")
        if policy.domain not in (aud if isinstance(aud, list) else [aud]):
            checks.append(
                Check.fail(
                    CheckName.PROOF, CheckCode.PROOF_DOMAIN_MISMATCH, f"aud {aud!r} is not {policy.domain!r}"
                )
            )
    return checks


def _verify_vp_jwt(verifier: Verifier, token: str, result: VerificationResult) -> None:
    result.format = "vp+jwt"
    options = verifier.options()
    outcome = verify_vp_jwt(token, options)
    own = [c for c in outcome.checks if c.name != "credential"]
    if outcome.presentation is None:
        result.add(own)
        return
    result.add(
        Check.ok(
            CheckName.FORMAT, CheckCode.PRESENTATION_RECOGNISED, "a Verifiable Presentation secured as vp+jwt"
        )
    )
    result.add(presentation_data_model_check(outcome.presentation))
    result.add(own)
    result.add(_jwt_claim_checks(outcome.presentation, options))
    presenter = _Presenter()
    kid = next((c.details.get("kid") for c in own if c.name == "proof" and c.passed), None)
    if kid is not None:
        method = resolve_signer(kid, options, relationship="authentication")
        if not isinstance(method, Check):
            presenter = _Presenter(method.controller, method.key)
            if holder_of(outcome.presentation) is None:
                result.add(holder_matches_check(None, method.controller))
    _verify_credentials(verifier, outcome.presentation, result, presenter)


def verify_presentation(
    verifier: Verifier, parsed: str | dict[str, Any], source: str | None = None
) -> VerificationResult:
    """Verify a presentation (a dict with or without an embedded proof, or a ``vp+jwt``); never raises for bad input."""
    result = VerificationResult(format=None, source=source)
    try:
        if isinstance(parsed, str):
            _verify_vp_jwt(verifier, parsed.strip(), result)
        else:
            _verify_embedded(verifier, parsed, result)
    except MicrocredError as exc:
        result.add(Check.error(CheckName.FORMAT, exc.code, f"verification could not complete: {exc}"))
    except (RecursionError, MemoryError) as exc:
        result.add(
            Check.error(
                CheckName.FORMAT,
                CheckCode.INPUT_TOO_COMPLEX,
                f"input too complex to verify: {type(exc).__name__}",
            )
        )
    order = {name: i for i, name in enumerate(_NAMES)}
    result.checks.sort(key=lambda c: order.get(c.name, len(order)))
    return result
