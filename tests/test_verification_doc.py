"""Every check code the source can emit is documented in docs/verification.md."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = [
    re.compile(r'Check\.(?:ok|fail|error)\(\s*"\w+",\s*"([A-Z][A-Z0-9_]+)"', re.S),
    re.compile(r'reason="([A-Z][A-Z0-9_]+)"'),
]


def emitted_codes() -> set[str]:
    codes: set[str] = set()
    for path in (ROOT / "src" / "microcred").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in PATTERNS:
            codes.update(pattern.findall(text))
    return codes


def test_found_the_codes() -> None:
    codes = emitted_codes()
    assert {"PROOF_VALID", "ALG_NONE", "TRUST_ANCHOR_MISSING", "EXPIRED"} <= codes
    assert len(codes) > 60


def test_every_code_is_documented() -> None:
    doc = (ROOT / "docs" / "verification.md").read_text(encoding="utf-8")
    missing = sorted(code for code in emitted_codes() if f"`{code}`" not in doc)
    assert not missing, f"undocumented check codes: {missing}"
