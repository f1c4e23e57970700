"""Varied records for the batch byte-identity tests (tests/batch/test_batch_bytes.py).

Model JSON built from the bundled examples: different learners and languages, optional members present and
absent, values that are also names of EDC context terms or look like compact IRIs (they decide which inline
context definitions a credential carries), and a deterministic status allocator.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from microcred.model import example_microcredential
from microcred.model.examples import minimal_microcredential


def _full() -> dict[str, Any]:
    record: dict[str, Any] = json.loads(json.dumps(example_microcredential().to_dict()))
    return record


def _minimal() -> dict[str, Any]:
    record: dict[str, Any] = json.loads(json.dumps(minimal_microcredential().to_dict()))
    return record


def varied_records() -> dict[str, dict[str, Any]]:
    """Name -> model JSON record."""
    out: dict[str, dict[str, Any]] = {"full-with-id": _full(), "minimal": _minimal()}
    for i in range(3):
        rec = _full()
        rec.pop("id")
        rec["learner"]["id"] = f"did:example:learner-{i}"
        rec["learner"]["fullName"] = {"en": f"Learner {i:04d}"}
        out[f"full-learner-{i}"] = rec
    rec = _full()
    rec.pop("id")
    rec["title"] = {"fr": "Littératie des données", "en": "Data literacy", "de": "Datenkompetenz"}
    rec["learner"]["fullName"] = {"fr": "Zoé « Ça » Dupré"}
    out["three-languages"] = rec
    rec = _full()
    rec.pop("id")
    for member in ("provider", "description", "validUntil", "stackability", "homepage", "furtherInformation"):
        rec.pop(member)
    for member in ("grade", "date", "supervision"):
        rec["assessment"].pop(member)
    rec["learner"] = {"fullName": {"en": "Learner without optional members"}}
    out["optional-members-absent"] = rec
    rec = _minimal()
    rec["stackability"] = {"kind": "stand-alone"}  # the microcred context, inline
    out["minimal-stackability"] = rec
    rec = _minimal()
    # a name that is also an EDC term, one that looks like a compact IRI, a long one and one with escapes
    rec["learner"]["fullName"] = {"en": "Organisation"}
    rec["learner"]["givenName"] = {"en": "elm:Group skos:x"}
    rec["learner"]["familyName"] = {"en": 'quote " and backslash \\ and "dc:y ' + "x" * 120}
    rec["awardingBodies"][0]["legalName"] = {"en": "accreditation"}
    out["names-that-are-terms"] = rec
    return out


class FixedStatus:
    """A deterministic status allocator (Bitstring Status List entries; the index from the credential id)."""

    def __init__(self, count: int = 1) -> None:
        self.count = count

    def allocate(self, credential_id: str) -> list[dict[str, Any]]:
        """``count`` entries for ``credential_id``."""
        index = int(hashlib.sha256(credential_id.encode()).hexdigest()[:6], 16)
        purposes = ["revocation", "suspension"][: self.count]
        return [
            {
                "id": f"https://registrar.example.edu/status/{n}#{index}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": purpose,
                "statusListIndex": str(index),
                "statusListCredential": f"https://registrar.example.edu/status/{n}",
            }
            for n, purpose in enumerate(purposes, start=1)
        ]
