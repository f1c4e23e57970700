"""Verify a secured credential of any supported format and report each check.

:meth:`Verifier.verify` follows the verification algorithm of VC Data Model 2.0 §7.1 ("Verification"), with the
securing step done by the format's own specification:

1. Parse the input strictly, within the policy's bounds (§7.1 step 1, "parse ... bytes").
2. Find the securing mechanism from an allow-list (§7.1 step 2; :meth:`~microcred.suites.registry.SuiteRegistry.detect`).
3. Verify it (§7.1 step 3): embedded proofs by VC Data Integrity §4.4 Verify Proof / §4.5 Verify Proof Sets and
   Chains (:func:`~microcred.suites.proofs.verify_proof_set`), envelopes by their suite (VC-JOSE-COSE §3.1.1,
   VC DM 1.1 §6.3.1.2, JAdES). Every suite says what it proved in one
   :class:`~microcred.suites.outcome.SecuringOutcome`.
4. The issuer signed it (VC DM 2.0 §4.7 "Issuer"; the rule is the format's: :mod:`.issuer`).
5. What the verifier reads as JSON is what was signed (VC DM 2.0 §6.1/§6.3; :mod:`.signed_members`).
6. Validity period (§4.9 "Validity Period"), status (§4.10 "Status", Bitstring Status List §3.2), data model and
   schema conformance (§4 and §4.11 "Data Schemas"; :mod:`.checks`). X.509 ``trust`` is reported by the suite.

Every step adds :class:`~microcred.verification.results.Check` entries; nothing raises for a bad credential.
``verified`` is true only when every check passed.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..clock import Clock, resolve_clock
from ..errors import MicrocredError, UsageError
from ..fetcher import Fetcher
from ..jsonld.loader import LoaderInput, resolve_loader
from ..jsonld.shared_expansion import shared_expansions
from ..presentation import is_presentation, verify_presentation
from ..sd_jwt.json_serialization import looks_like_sd_jwt_json
from ..sd_jwt.serialization import looks_like_sd_jwt
from ..suites.base import VerifyOptions
from ..suites.proofs import verify_proof_set
from ..suites.registry import Detected, EmbeddedProofs, SuiteRegistry, default_registry
from .checks import schema_check, validity_check
from .codes import CheckCode, CheckName
from .inputs import load_certificates, parse_input, preload_status_lists
from .issuer import issuer_check
from .outcome import SecuringOutcome
from .pdf_input import is_pdf, note_pdf_source, pdf_credential
from .policy import VerificationPolicy
from .results import CHECK_NAMES, Check, VerificationResult
from .signed_members import restated_credential_check

if TYPE_CHECKING:
    from ..resolve import Resolver
    from ..trust.trusted_lists import TrustedLists


class Verifier:
    """A configured verifier. I/O (loader, resolver, fetcher, clock) is injected; the defaults are offline."""

    def __init__(
        self,
        *,
        loader: LoaderInput = None,
        resolver: Resolver | None = None,
        now: Clock | datetime | str | None = None,
        trust_anchors: Iterable[Any] = (),
        fetcher: Fetcher | None = None,
        status_lists: Iterable[Any] = (),
        policy: VerificationPolicy | None = None,
        suites: SuiteRegistry | None = None,
        trusted_lists: TrustedLists | None = None,
    ) -> None:
        self.suites = suites or default_registry()
        self.trusted_lists = trusted_lists
        self.loader = resolve_loader(loader)
        self.clock = resolve_clock(now)
        self.policy = policy or VerificationPolicy()
        self.trust_anchors = load_certificates(trust_anchors)
        self.fetcher = preload_status_lists(status_lists, fetcher)
        if resolver is None:
            from ..resolve import default_resolver

            resolver = default_resolver(fetcher=fetcher)
        self.resolver = resolver

    def options(self) -> VerifyOptions:
        """What the suites get: this verifier's I/O, policy and registry."""
        return VerifyOptions(
            loader=self.loader,
            resolver=self.resolver,
            clock=self.clock,
            policy=self.policy,
            trust_anchors=self.trust_anchors,
            fetcher=self.fetcher,
            suites=self.suites,
            trusted_lists=self.trusted_lists,
        )

    def verify(self, data: Any, *, source: str | None = None) -> VerificationResult:
        """Verify ``data`` (dict, JSON text, compact JWS, bytes or a certificate PDF); one check per concern."""
        result = VerificationResult(format=None, source=source)
        if is_pdf(data):  # a certificate PDF: verify the credential it carries (PDF/A-3 associated file)
            try:
                embedded = pdf_credential(bytes(data), max_bytes=self.policy.max_bytes)
            except MicrocredError as exc:
                result.add(Check.fail(CheckName.FORMAT, exc.code, f"certificate PDF: {exc}"))
                return result
            return note_pdf_source(self.verify(embedded, source=source))
        try:
            # §7.1 steps 1-2: parse, then find the securing mechanism (an allow-list of formats)
            parsed = parse_input(data, self.policy)
            if (isinstance(parsed, str) and looks_like_sd_jwt(parsed)) or looks_like_sd_jwt_json(parsed):
                return self._verify_sd_jwt(
                    parsed, source
                )  # SD-JWT VC: its own data model (microcred.sd_jwt_vc)
            if is_presentation(
                parsed
            ):  # VC DM 2.0 §4.13: checks per presentation concern + one per credential
                return verify_presentation(self, parsed, source)
            detected = self.suites.detect(parsed)
        except UsageError:
            raise
        except MicrocredError as exc:
            result.add(Check.fail(CheckName.FORMAT, exc.code, str(exc)))
            return result
        try:
            with shared_expansions():  # one JSON-LD expansion per document for every check (issue 19)
                self._verify_detected(detected, result)
        except UsageError:
            raise
        except MicrocredError as exc:
            result.add(Check.error(CheckName.FORMAT, exc.code, f"verification could not complete: {exc}"))
        except (RecursionError, MemoryError) as exc:  # hostile input that slipped past the caps
            msg = f"input too complex to verify: {type(exc).__name__}"
            result.add(Check.error(CheckName.FORMAT, CheckCode.INPUT_TOO_COMPLEX, msg))
        order: dict[str, int] = {name: i for i, name in enumerate(CHECK_NAMES)}
        result.checks.sort(key=lambda c: order.get(c.name, len(order)))
        return result

    def _verify_detected(self, detected: Detected, result: VerificationResult) -> None:
        policy = self.policy
        fmt = result.format = detected.format
        allowed = policy.allowed_formats
        if allowed is not None and fmt not in allowed and fmt != "data-integrity":
            result.add(
                Check.fail(CheckName.FORMAT, CheckCode.FORMAT_NOT_ALLOWED, f"{fmt} is not an allowed format")
            )
            return
        result.add(Check.ok(CheckName.FORMAT, CheckCode.FORMAT_RECOGNISED, f"secured with {fmt}"))
        # §7.1 step 3: the securing mechanism (VC DI §4.5 for embedded proofs, the envelope's spec otherwise)
        outcome = self._secure(detected)
        result.add(outcome.checks)
        credential = outcome.credential
        if credential is None:
            return
        # §4.7: the issuer is who signed (the format's rule)
        result.add(issuer_check(credential, outcome, proof_purpose=policy.proof_purpose))
        result.credential = credential
        # §6.1/§6.3: validity and status would read a JSON that hides signed statements
        restated = restated_credential_check(credential, self.loader)
        if restated is not None:
            result.add(restated)
            return
        # §4.9 validity period, with the envelope's nbf/exp
        now, skew = self.clock.now(), policy.clock_skew
        bounds = {"not_before": outcome.not_before, "not_after": outcome.not_after}
        result.add(validity_check(credential, now, skew=skew, **bounds))
        # §4.10 status
        if policy.check_status and credential.get("credentialStatus") is not None:
            result.add(self._status_checks(credential))
        # §4 data model, §4.11 schemas; JSON-LD safe mode for envelopes (embedded proofs ran it when verifying)
        jsonld = not isinstance(detected, EmbeddedProofs)
        shacl = policy.shacl_profile
        result.add(
            schema_check(credential, shacl_profile=shacl, loader=self.loader, jsonld=jsonld, signed_as=fmt)
        )
        self._stack_checks(credential, result)

    def _stack_checks(self, credential: dict[str, Any], result: VerificationResult) -> None:
        """A stack (issue 16): its parts verified by this verifier, reported nested (:mod:`microcred.stack`)."""
        from ..stack.detect import is_stack

        if is_stack(credential):
            from ..stack.check import stack_checks

            checks, parts = stack_checks(credential, self)
            result.add(checks)
            result.parts = parts

    def _secure(self, detected: Detected) -> SecuringOutcome:
        """§7.1 step 3: what the securing mechanism proves (one outcome type for every format)."""
        if isinstance(detected, EmbeddedProofs):
            return verify_proof_set(detected.document, self.options())
        return self.suites.enveloping(detected.format).verify(detected.secured, self.options())

    def _verify_sd_jwt(self, token: str | dict[str, Any], source: str | None) -> VerificationResult:
        """An SD-JWT VC or a presentation of one; ``policy.domain``/``challenge`` are the KB-JWT's aud/nonce."""
        from dataclasses import replace

        from ..sd_jwt import SdJwtLimits
        from ..sd_jwt_vc import FORMAT, PresentationExpectations, verify_sd_jwt_vc

        policy = self.policy
        if policy.allowed_formats is not None and FORMAT not in policy.allowed_formats:
            result = VerificationResult(format=FORMAT, source=source)
            result.add(
                Check.fail(
                    CheckName.FORMAT, CheckCode.FORMAT_NOT_ALLOWED, f"{FORMAT} is not an allowed format"
                )
            )
            return result
        limits = SdJwtLimits(max_bytes=policy.max_bytes, max_depth=min(policy.max_depth, 32))
        expect = PresentationExpectations(aud=policy.domain, nonce=policy.challenge, limits=limits)
        try:
            result = verify_sd_jwt_vc(token, self.options(), expect)
        except (
            MicrocredError,
            RecursionError,
            MemoryError,
        ) as exc:  # verify_sd_jwt_vc reports; this is a net
            result = VerificationResult(format=FORMAT)
            msg = f"verification could not complete: {exc!r}"
            result.add(Check.error(CheckName.FORMAT, CheckCode.INPUT_TOO_COMPLEX, msg))
        return replace(result, source=source)

    def _status_checks(self, credential: dict[str, Any]) -> list[Check]:
        from dataclasses import replace

        from ..status import check_status

        # The list is verified like any credential (same loader, resolver, clock, anchors), but its own status
        # is not followed (no loops) and no SHACL profile applies to it.
        list_verifier = copy.copy(self)
        list_verifier.policy = replace(self.policy, check_status=False, shacl_profile=None)
        return check_status(
            credential, fetcher=self.fetcher, verify_list=list_verifier.verify, clock=self.clock
        )


def verify(
    data: Any,
    *,
    loader: LoaderInput = None,
    resolver: Resolver | None = None,
    now: Clock | datetime | str | None = None,
    trust_anchors: Iterable[Any] = (),
    fetcher: Fetcher | None = None,
    status_lists: Iterable[Any] = (),
    policy: VerificationPolicy | None = None,
    suites: SuiteRegistry | None = None,
    source: str | None = None,
    trusted_lists: TrustedLists | None = None,
) -> VerificationResult:
    """Verify ``data`` (a secured credential: dict, JSON text, compact JWS, or bytes).

    >>> result = verify(token)            # doctest: +SKIP
    >>> result.verified, [c.name for c in result.errors]  # doctest: +SKIP
    """
    verifier = Verifier(
        loader=loader,
        resolver=resolver,
        now=now,
        trust_anchors=trust_anchors,
        fetcher=fetcher,
        status_lists=status_lists,
        policy=policy,
        suites=suites,
        trusted_lists=trusted_lists,
    )
    return verifier.verify(data, source=source)
