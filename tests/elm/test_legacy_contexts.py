"""Credentials microcred issued before issue 13 (with the ``https://w3id.org/microcred/...`` context URLs, now
written inline) still verify: those contexts stay bundled. Copies of the adversarial corpus's ELM controls as
they were generated before (see tests/data/elm/SOURCE.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from microcred import verify
from microcred.elm import from_elm, to_elm
from microcred.jsonld import canonicalize

LEGACY = Path(__file__).resolve().parents[1] / "data" / "elm" / "legacy"
FILES = sorted(LEGACY.iterdir())


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_legacy_credential_still_verifies(path: Path) -> None:
    text = path.read_text(encoding="utf-8").strip()
    result = verify(text, now="2026-01-15T12:00:00Z")
    assert result.verified, [(c.name, c.code) for c in result.errors]
    assert "w3id.org/microcred" in (text if path.suffix == ".json" else str(from_elm(text).elm))


@pytest.mark.parametrize("path", [p for p in FILES if p.suffix == ".json"], ids=lambda p: p.name)
def test_legacy_credential_reads_back_as_written(path: Path) -> None:
    import json

    doc = json.loads(path.read_text(encoding="utf-8"))
    payload = {k: v for k, v in doc.items() if k != "proof"}
    assert canonicalize(to_elm(from_elm(doc))) == canonicalize(payload)
