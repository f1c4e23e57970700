"""A Data Integrity presentation (VC DM 2.0 §4.13, VC Data Integrity 1.0 §2.1 ``authentication`` purpose).

The holder signs the presentation with the same cryptosuite code that issuers use
(:func:`microcred.suites.proofs.add_proof`, eddsa-rdfc-2022 or ecdsa-rdfc-2019), with ``proofPurpose:
authentication`` and the verifier's ``challenge`` and ``domain`` in the proof options (§4.2 steps 4-5: they are
checked to be in the proof). Credentials with embedded proofs go in as objects; compact tokens (``vc+jwt``,
SD-JWT VC) as ``EnvelopedVerifiableCredential``.
"""

from __future__ import annotations

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


def _entry(index: int, credential: Any) -> dict[str, Any]:
    if isinstance(credential, str):
        return envelop(credential)
    if isinstance(credential, dict):
        if "proof" not in credential:
            raise UsageError(f"credential #{index} has no proof: only secured credentials are presented")
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
) -> dict[str, Any]:
    """The presentation of ``credentials`` with a ``suite_name`` proof by ``key`` (the holder's)."""
    suite = embedded_suite(suite_name)
    document = presentation(
        [_entry(i, c) for i, c in enumerate(credentials)], holder_id(key), presentation_id
    )
    options = ProofOptions(
        clock=clock,
        loader=loader,
        proof_purpose="authentication",
        domain=domain,
        challenge=challenge,
        verification_method=key.kid,
    )
    return add_proof(document, suite, key, options)
