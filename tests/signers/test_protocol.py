"""The Signer protocol: Key is one, any other signer becomes a SignerKey, and no suite touches private keys."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import microcred
from microcred.errors import SignerError, SignerSignatureError, UsageError
from microcred.keys import Key
from microcred.model import example_microcredential
from microcred.signers import Signer, SignerKey, as_key, sign_each

NOW = "2026-01-15T12:00:00Z"
SRC = Path(__file__).resolve().parents[2] / "src" / "microcred"


class MemorySigner:
    """A signer that is not a Key (the key object is private to it): what an HSM looks like to microcred."""

    def __init__(self, key: Key, *, tamper: bool = False, fail: bool = False) -> None:
        self._key, self.tamper, self.fail = key, tamper, fail
        self.public_key, self.certificate_chain = key.public_key, key.certificate_chain
        self.allowed_algs, self.kid = key.allowed_algs, key.kid
        self.calls = 0

    def sign(self, data: bytes, alg: str | None = None) -> bytes:
        return self.sign_many([(data, alg or self.allowed_algs[0])])[0]

    def sign_many(self, items: Any) -> list[bytes]:
        self.calls += 1
        if self.fail:
            raise RuntimeError("device unplugged")
        out = sign_each(self._key, items)
        return [bytes([s[0] ^ 1]) + s[1:] for s in out] if self.tamper else out


def test_key_is_a_signer(keys: dict[str, Key]) -> None:
    assert isinstance(keys["Ed25519"], Signer) and as_key(keys["Ed25519"]) is keys["Ed25519"]
    sigs = keys["P-256"].sign_many([(b"a", "ES256"), (b"b", "ES256")])
    assert keys["P-256"].verify(b"b", sigs[1], "ES256")


@pytest.mark.parametrize("fmt", ["eddsa-rdfc-2022", "eddsa-jcs-2022", "vc+jwt", "jws-2020"])
def test_any_signer_issues_every_format(fmt: str, keys: dict[str, Key]) -> None:
    signer = MemorySigner(keys["Ed25519"])
    mc = example_microcredential()
    mc = mc.model_copy(update={"issuer": _issuer(mc).model_copy(update={"id": keys["Ed25519"].controller})})
    secured = microcred.issue(mc, signer, format=fmt, now=NOW)
    assert microcred.verify(secured, now=NOW).verified and signer.calls == 1


def test_bad_signatures_and_failing_signers_emit_nothing(keys: dict[str, Key]) -> None:
    with pytest.raises(SignerSignatureError):
        as_key(MemorySigner(keys["P-256"], tamper=True)).sign(b"x")
    with pytest.raises(SignerError, match="device unplugged") as info:
        as_key(MemorySigner(keys["P-256"], fail=True)).sign(b"x")
    assert info.value.code == "SIGNER_FAILED"


def test_signer_keys_keep_the_signer_through_copies(keys: dict[str, Key]) -> None:
    key = as_key(MemorySigner(keys["P-384"]))
    assert isinstance(key, SignerKey) and key.is_private and repr(key).startswith("SignerKey(P-384")
    copy = key.with_kid("https://example.edu/keys#1")
    assert isinstance(copy, SignerKey) and copy.kid == "https://example.edu/keys#1"
    assert keys["P-384"].verify(b"m", copy.sign(b"m"))
    assert not isinstance(key.public(), SignerKey) and not key.public().is_private
    with pytest.raises(UsageError):
        as_key(object())


def test_no_suite_reaches_for_private_key_material() -> None:
    pattern = re.compile(
        r"\.private_key\b|\._private\b|private_bytes|secret_key_multibase|to_jwk\(private=True"
    )
    offenders = [
        f"{path.relative_to(SRC)}:{n}"
        for folder in ("suites", "sd_jwt", "sd_jwt_vc", "status")
        for path in sorted((SRC / folder).rglob("*.py"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def _issuer(mc: Any) -> Any:
    assert mc.issuer is not None
    return mc.issuer
