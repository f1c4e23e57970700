"""The ``issuer`` step: is the credential's issuer the one who signed it? (once, for every format)

Which rule applies is the format's (:class:`~microcred.suites.outcome.IssuerBinding`), named by its suite:

* VC DM 2.0 §4.7 "Issuer" with VC Data Integrity §4.6 (Verify Proof) step 8: a proof that verified for the
  required ``proofPurpose`` was made with a verification method the issuer controls (embedded proofs).
* VC-JOSE-COSE §4.1.2: "the iss value, if present, MUST match issuer"; then the rule above for the ``kid``.
* VC DM 1.1 §6.3.1.2 (VC-JWT 1.1): ``iss`` is required, is the issuer, and controls the ``kid``'s key.
* JAdES seals (ETSI TS 119 182-1): the sealing certificate names the ELM issuer
  (:mod:`microcred.verification.certificate_issuer`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..vcdm import issuer_id
from .codes import CheckCode, CheckName
from .outcome import IssuerBinding, SecuringOutcome
from .results import Check

if TYPE_CHECKING:
    from ..resolve import VerificationMethod


def _did_of(url: str) -> str:
    return url.split("#", 1)[0]


def controller_check(credential: dict[str, Any], methods: Iterable[VerificationMethod]) -> Check:
    """The issuer controls a key that made a verified assertion proof (VC DM §4.5; VC DI §4.6 step 8)."""
    issuer = issuer_id(credential)
    methods = list(methods)
    if issuer is None:
        return Check.fail(CheckName.ISSUER, CheckCode.ISSUER_MISSING, "the credential names no issuer")
    if not methods:
        return Check.error(
            CheckName.ISSUER,
            CheckCode.ISSUER_UNCHECKED,
            "no proof verified, so the issuer's key could not be checked",
        )
    for vm in methods:
        if vm.controller == issuer or _did_of(vm.id) == issuer:
            return Check.ok(
                CheckName.ISSUER,
                CheckCode.ISSUER_MATCHES,
                f"signed with {vm.id}, controlled by the issuer {issuer}",
            )
    controllers = sorted({vm.controller for vm in methods})
    return Check.fail(
        CheckName.ISSUER,
        CheckCode.ISSUER_MISMATCH,
        f"the signing key is controlled by {', '.join(controllers)}, not by the issuer {issuer}",
        issuer=issuer,
        controllers=controllers,
    )


def _jwt_iss_check(credential: dict[str, Any], iss: Any, method: VerificationMethod) -> Check:
    """VC DM 1.1 §6.3.1.2: ``iss`` MUST be present, be the issuer and control the key named by ``kid``."""
    issuer = issuer_id(credential)
    if not isinstance(iss, str):
        return Check.fail(
            CheckName.ISSUER, CheckCode.ISS_MISSING, "the JWT has no iss claim (VC-JWT 1.1 requires it)"
        )
    if iss == issuer and iss in (_did_of(method.id), method.controller):
        return Check.ok(
            CheckName.ISSUER,
            CheckCode.ISSUER_MATCHES,
            f"signed with {method.id}, controlled by the issuer {iss}",
        )
    msg = f"iss {iss} must be the issuer ({issuer}) and control the key {method.id} (controller {method.controller})"
    return Check.fail(CheckName.ISSUER, CheckCode.ISSUER_MISMATCH, msg, iss=iss, controller=method.controller)


def issuer_check(credential: dict[str, Any], outcome: SecuringOutcome, *, proof_purpose: str) -> Check:
    """The ``issuer`` check for ``credential`` as the rule its format names (``outcome.binding``) says."""
    signers = outcome.verified_signers(proof_purpose)
    methods = [s.verification_method for s in signers if s.verification_method is not None]
    if outcome.binding is IssuerBinding.CERTIFICATE:
        from .certificate_issuer import issuer_certificate_check

        if outcome.certificate is None:
            return Check.error(
                CheckName.ISSUER, CheckCode.ISSUER_UNCHECKED, "no sealing certificate was verified"
            )
        return issuer_certificate_check(credential, outcome.certificate)
    if outcome.binding is IssuerBinding.JWT_ISS and outcome.verification_method is not None:
        return _jwt_iss_check(credential, outcome.iss, outcome.verification_method)
    if outcome.binding is IssuerBinding.JOSE_ISS:
        issuer = issuer_id(credential)
        if outcome.iss is not None and outcome.iss != issuer:  # §4.1.2 iss MUST match issuer / issuer.id
            msg = f"iss {outcome.iss!r} does not match the issuer {issuer!r}"
            return Check.fail(CheckName.ISSUER, CheckCode.ISS_MISMATCH, msg, iss=outcome.iss)
    return controller_check(credential, methods)
