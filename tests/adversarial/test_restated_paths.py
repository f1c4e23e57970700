"""Both ways of finding restated members agree on every credential and proof of the corpus (issue 19 item 1).

Each case is verified as ``test_corpus`` does, with :func:`restated_members` computing its answer both from the
shared expansion (:func:`restated_from_shared_expansion`) and by expanding the reduced document afresh
(:func:`restated_by_expansion`, what it did before): wherever the first gives an answer it must be the second's.
The other JSON-LD documents under ``tests/`` (vectors, data, fixtures) go through both as well.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from microcred import verify
from microcred.jsonld import DocumentLoader
from microcred.jsonld import shared_expansion as shared
from microcred.verification import signed_members
from microcred.verification.signed_members import (
    CREDENTIAL_MEMBERS,
    PROOF_MEMBERS,
    restated_by_expansion,
    restated_from_shared_expansion,
)

from .runner import CASES, FORMATS, case_input, guard, verify_arguments

TESTS = Path(__file__).resolve().parents[1]


def comparing(counts: Counter[str]) -> Any:
    """A ``restated_members`` that answers both ways, asserts they agree, and counts what it derived."""

    def restated_members(document: Any, members: Any, loader: Any) -> Any:
        slow = restated_by_expansion(document, members, loader)
        fast = restated_from_shared_expansion(document, members, loader)
        if fast is signed_members._UNDERIVED:
            counts["underived"] += 1
        else:
            assert fast == slow, (sorted(members), fast, slow)
            counts["derived"] += 1
        return slow

    return restated_members


@pytest.mark.parametrize("fmt", FORMATS)
def test_corpus_both_ways(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    counts: Counter[str] = Counter()
    monkeypatch.setattr(signed_members, "restated_members", comparing(counts))
    names = sorted(n for n in CASES if n.startswith(fmt + "/") and "generate" not in CASES[n])
    for name in names:
        entry = CASES[name]
        with guard():
            result = verify(case_input(entry), **verify_arguments(entry["options"]))
        assert result.verified is entry["expect"]["verified"], name
    # the derivation is what verification uses: most documents the corpus gets that far with take it
    assert counts["derived"] > 2 * counts["underived"], counts
    assert counts["derived"] >= 20, counts


def json_ld_documents() -> list[tuple[str, dict[str, Any]]]:
    """Every JSON object with an ``@context`` under tests/ (but the adversarial cases, run above)."""
    found = []
    for path in sorted([*TESTS.rglob("*.json"), *TESTS.rglob("*.jsonld")]):
        if "node_modules" in path.parts or "cases" in path.parts:
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:  # not JSON (or a number Python will not read)
            continue
        if isinstance(data, dict) and "@context" in data:
            found.append((path.relative_to(TESTS).as_posix(), data))
    return found


def test_test_data_both_ways() -> None:
    loader = DocumentLoader()
    counts: Counter[str] = Counter()
    for name, document in json_ld_documents():
        proofs = document.get("proof")
        unsecured = {k: v for k, v in document.items() if k != "proof"}
        jobs = [(unsecured, CREDENTIAL_MEMBERS)]
        for proof in proofs if isinstance(proofs, list) else [proofs]:
            if isinstance(proof, dict):
                options = {k: v for k, v in proof.items() if k not in ("proofValue", "jws", "signatureValue")}
                options.setdefault("@context", document["@context"])
                jobs.append((options, PROOF_MEMBERS))
        for job, members in jobs:
            with shared.shared_expansions():
                fast = restated_from_shared_expansion(job, members, loader)
            with shared.shared_expansions():
                slow = restated_by_expansion(job, members, loader)
            if fast is signed_members._UNDERIVED:
                counts["underived"] += 1
            else:
                assert fast == slow, name
                counts["derived"] += 1
    assert counts["derived"] >= 100, counts
