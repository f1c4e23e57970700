"""A Data Integrity presentation (VC DM 2.0 §4.13, VC Data Integrity 1.0 §2.1 ``authentication`` purpose).

The holder signs the presentation with the same cryptosuite code that issuers use
(:func:`microcred.suites.proofs.add_proof`: eddsa-rdfc-2022, ecdsa-rdfc-2019, or the JCS suites eddsa-jcs-2022
and ecdsa-jcs-2019 of vc-di-eddsa / vc-di-ecdsa §3.3, whose proof also carries the presentation's ``@context``),
with ``proofPurpose: authentication`` and the verifier's ``challenge`` and ``domain`` in the proof options (§4.2 steps 4-5: they are
checked to be in the proof). Credentials with embedded proofs go in as objects; compact tokens (``vc+jwt``,
SD-JWT VC) as ``EnvelopedVerifiableCredential``. A credential with an ``ecdsa-sd-2023`` *base* proof (for the
holder only) is first derived (vc-di-ecdsa 1.0 §3.4.4 via :func:`microcred.suites.ecdsa_sd_derive.derive`),
revealing the mandatory statements, the ``disclose`` pointers, the ``issuer`` and the subject's ``id`` (the
holder binding).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..clock import Clock
from ..errors import UsageError
from ..jsonio import copy_json
from ..jsonld.loader import DocumentLoader
from ..keys import Key
from ..suites.base import ProofOptions
from ..suites.proofs import add_proof
from ..suites.registry import embedded_suite
from .envelope import envelop
from .unsecured import holder_id, presentation


def _pointer(path: str) -> str:
    """A JSON Pointer (RFC 6901) as given, or a dotted path (``credentialSubject.fullName``) turned into one."""
    if path.startswith("/"):
        return path
    return "/" + "/".join(part.replace("~", "~0").replace("/", "~1") for part in path.split("."))


def has_sd_base_proof(credential: Any) -> bool:
    """True for a credential secured with an ecdsa-sd-2023 base proof (proofValue header 0xd95d00, §3.5.2)."""
    proofs = credential.get("proof") if isinstance(credential, dict) else None
    return any(
        isinstance(p, dict)
        and p.get("cryptosuite") == "ecdsa-sd-2023"
        and str(p.get("proofValue", "")).startswith("u2V0A")
        for p in (proofs if isinstance(proofs, list) else [proofs])
    )


def _derived(credential: dict[str, Any], disclose: Iterable[str], loader: DocumentLoader) -> dict[str, Any]:
    from ..suites.ecdsa_sd_derive import derive

    pointers = [_pointer(p) for p in disclose]
    if "issuer" in credential and "/issuer" not in pointers:
        pointers.append("/issuer")  # VC DM 2.0 §4.7: a credential without its issuer is not a credential
    subject = credential.get("credentialSubject")
    if isinstance(subject, dict) and "id" in subject and "/credentialSubject/id" not in pointers:
        pointers.append("/credentialSubject/id")  # the holder binding must be shown
    return derive(credential, pointers, loader=loader)


def _entry(index: int, credential: Any, disclose: list[str], loader: DocumentLoader) -> dict[str, Any]:
    if isinstance(credential, str):
        return envelop(credential)
    if isinstance(credential, dict):
        if "proof" not in credential:
            raise UsageError(f"credential #{index} has no proof: only secured credentials are presented")
        if has_sd_base_proof(credential):
            return _derived(credential, disclose, loader)
        copied: dict[str, Any] = copy_json(credential)
        return copied
    raise UsageError(f"credential #{index} is a {type(credential).__name__}, not a credential or token")


def present_data_integrity(
    credentials: list[Any],
    key: Key,
    *,
    suite_name: str,
    challenge: str | None,
    domain: str | None,
    clock: Clock,
    loader: DocumentLoader,
    presentation_id: str | None,
    disclose: Iterable[str] | None = None,
) -> dict[str, Any]:
    """The presentation of ``credentials`` with a ``suite_name`` proof by ``key`` (the holder's).

    ``disclose`` (JSON Pointers or dotted paths) is what to reveal of ``ecdsa-sd-2023`` credentials."""
    chosen = list(disclose or ())
    if chosen and not any(has_sd_base_proof(c) for c in credentials):
        raise UsageError("disclose applies to sd-jwt presentations and to ecdsa-sd-2023 credentials only")
    suite = embedded_suite(suite_name)
    entries = [_entry(i, c, chosen, loader) for i, c in enumerate(credentials)]
    document = presentation(entries, holder_id(key), presentation_id)
    options = ProofOptions(
        clock=clock,
        loader=loader,
        proof_purpose="authentication",
        domain=domain,
        challenge=challenge,
        verification_method=key.kid,
    )
    return add_proof(document, suite, key, options)
