"""The holder's side of ecdsa-sd-2023: derive a proof that reveals only chosen statements.

vc-di-ecdsa 1.0 §3.4.5 Add Derived Proof and §3.4.6 createDisclosureData: from the base proof (the issuer's
signatures over every non-mandatory statement, the HMAC key and the mandatory pointers), keep the document parts
the mandatory and the chosen ``selective_pointers`` (JSON Pointers, RFC 6901) select, the signatures of the
selected non-mandatory statements, the HMAC labels of the revealed blank nodes (keyed by their canonical label in
the revealed document) and the positions of the mandatory statements among the revealed ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import SigningError, UsageError
from ..jsonio import copy_json
from ..jsonld import nquads
from ..jsonld.canonicalize import canonicalize_with_map
from ..jsonld.loader import DocumentLoader, resolve_loader
from .sd_primitives import Grouped, canonicalize_and_group, hmac_label_map_function, select_json_ld
from .sd_proof_value import (
    BaseProofValue,
    DerivedProofValue,
    parse_base_proof_value,
    serialize_derived_proof_value,
)


def _base_proof(credential: dict[str, Any]) -> dict[str, Any]:
    proofs = credential.get("proof")
    candidates = [
        p
        for p in (proofs if isinstance(proofs, list) else [proofs])
        if isinstance(p, dict)
        and p.get("type") == "DataIntegrityProof"
        and p.get("cryptosuite") == "ecdsa-sd-2023"
    ]
    if len(candidates) != 1:
        raise UsageError(
            f"derive() needs a credential with one ecdsa-sd-2023 base proof, found {len(candidates)}"
        )
    return candidates[0]


@dataclass
class DisclosureData:
    """The output of createDisclosureData (§3.4.6), with the groups it was computed from (for tests and tools)."""

    grouped: Grouped
    value: DerivedProofValue
    reveal_document: dict[str, Any]


def create_disclosure_data(
    document: dict[str, Any], base: BaseProofValue, selective_pointers: list[str], loader: DocumentLoader
) -> DisclosureData:
    """§3.4.6 createDisclosureData for the unsecured ``document`` and its parsed base proof."""
    combined = [*base.mandatory_pointers, *selective_pointers]
    definitions = {
        "mandatory": base.mandatory_pointers,
        "selective": selective_pointers,
        "combined": combined,
    }
    grouped = canonicalize_and_group(document, hmac_label_map_function(base.hmac_key), definitions, loader)
    mandatory = grouped.groups["mandatory"].matching
    selective = grouped.groups["selective"].matching
    if len(base.signatures) != len(grouped.groups["mandatory"].non_matching):
        raise SigningError("the base proof does not belong to this credential (statement count differs)")
    # step 9: positions of the mandatory statements among the revealed (combined) ones
    combined_indexes = sorted(grouped.groups["combined"].matching)
    mandatory_indexes = [relative for relative, i in enumerate(combined_indexes) if i in mandatory]
    # step 10: keep the signatures of the selected non-mandatory statements
    non_mandatory_indexes = [i for i in range(len(grouped.nquads)) if i not in mandatory]
    signatures = [
        sig for sig, i in zip(base.signatures, non_mandatory_indexes, strict=True) if i in selective
    ]
    reveal = select_json_ld(document, combined)
    if reveal is None:
        raise SigningError("nothing to reveal: the base proof has no mandatory pointers and none were chosen")
    # steps 12-13: the HMAC labels, keyed by the revealed document's canonical labels
    revealed_quads = grouped.groups["combined"].deskolemized
    issued = canonicalize_with_map(nquads.serialize(revealed_quads), input_format="nquads").issued
    label_map = {c14n: grouped.label_map[label] for label, c14n in issued.items()}
    value = DerivedProofValue(base.base_signature, base.public_key, signatures, label_map, mandatory_indexes)
    return DisclosureData(grouped, value, reveal)


def derive(
    base_credential: dict[str, Any],
    selective_pointers: list[str],
    *,
    loader: DocumentLoader | None = None,
) -> dict[str, Any]:
    """The credential with only the mandatory and the ``selective_pointers`` statements, and a derived proof.

    ``selective_pointers`` are JSON Pointers (RFC 6901) into the credential, e.g. ``"/credentialSubject/name"``.
    Raises :class:`~microcred.errors.UsageError` (no base proof), :class:`~microcred.errors.InputError` (a
    malformed base proofValue) or :class:`~microcred.errors.SigningError` (a pointer that selects nothing, a base
    proof that does not belong to this credential).
    """
    if not isinstance(base_credential, dict):
        raise UsageError("derive() takes a credential (a dict) secured with an ecdsa-sd-2023 base proof")
    if not isinstance(selective_pointers, list) or not all(isinstance(p, str) for p in selective_pointers):
        raise UsageError("selective_pointers must be a list of JSON Pointer strings")
    proof = _base_proof(base_credential)
    base = parse_base_proof_value(proof.get("proofValue"))
    document = {k: v for k, v in copy_json(base_credential).items() if k != "proof"}
    data = create_disclosure_data(document, base, selective_pointers, resolve_loader(loader))
    derived = {k: v for k, v in proof.items() if k != "proofValue"}
    derived["proofValue"] = serialize_derived_proof_value(data.value)
    return data.reveal_document | {"proof": derived}
