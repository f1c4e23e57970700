"""Regenerating the corpus gives the committed files, byte for byte.

Every signature in the corpus is deterministic: Ed25519 (RFC 8032), RSASSA-PKCS1-v1_5 (RS256) and ECDSA with
RFC 6979 nonces, which ``cryptography`` uses when its OpenSSL supports it (3.2+, the wheels of cryptography 43+).
Where ECDSA is randomized instead, the files that differ between two in-process builds are left out of the
comparison (with a warning); everything else must still match.
"""

from __future__ import annotations

import warnings

from .corpus_kit import Keys, ecdsa_is_deterministic
from .make_corpus import build_corpus, committed_files


def test_regenerating_gives_the_committed_files() -> None:
    first = build_corpus().files()
    committed = committed_files()
    assert sorted(first) == sorted(committed), (
        "cases were added or removed: run python -m tests.adversarial.make_corpus"
    )
    second = build_corpus().files()
    unstable = {path for path in first if first[path] != second[path]}
    if ecdsa_is_deterministic(Keys().p256):
        assert not unstable, f"non-deterministic output: {sorted(unstable)[:5]}"
    elif unstable:
        warnings.warn(f"ECDSA is randomized here: {len(unstable)} files not compared", stacklevel=1)
    assert "manifest.json" not in unstable
    differ = sorted(path for path in first if path not in unstable and first[path] != committed[path])
    assert not differ, f"regenerated files differ from the committed ones: {differ[:10]}"
