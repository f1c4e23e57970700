"""did:key / did:jwk verification methods are remembered by DID URL: the same answer, never an old one."""

from __future__ import annotations

import pytest

from microcred.errors import MicrocredError
from microcred.keys import Key
from microcred.resolve import DidJwkResolver, DidKeyResolver, DidWebResolver, did_resolver
from microcred.resolve.did_resolver import MAX_REMEMBERED


def _key_id(key: Key) -> str:
    assert key.kid is not None
    return key.kid


def test_same_did_same_method_other_did_other_method() -> None:
    first, second = Key.generate("Ed25519"), Key.generate("P-256")
    resolver = DidKeyResolver()
    a = resolver.resolve(_key_id(first))
    again = DidKeyResolver().resolve(_key_id(first))  # a new resolver (as every verify() makes) shares it
    b = resolver.resolve(_key_id(second))
    assert a == again and a.key.to_jwk() == first.public().to_jwk()
    assert b.id == second.kid and b.key.to_jwk() == second.public().to_jwk()
    assert a.key.to_jwk() != b.key.to_jwk()


def test_a_changed_did_is_resolved_afresh_and_a_bad_one_fails_every_time() -> None:
    kid = _key_id(Key.generate("Ed25519"))
    DidKeyResolver().resolve(kid)
    did, fragment = kid.split("#")
    tampered = did[:-1] + ("A" if did[-1] != "A" else "B")
    for _ in range(2):
        with pytest.raises(MicrocredError):
            DidKeyResolver().resolve(f"{tampered}#{fragment}")
    with pytest.raises(MicrocredError):  # the fragment must still name the method
        DidKeyResolver().resolve(f"{did}#other")


def test_options_are_part_of_the_key() -> None:
    kid = _key_id(Key.generate("P-256"))
    multikey = DidKeyResolver().resolve(kid)
    jwk = DidKeyResolver(public_key_format="JsonWebKey2020").resolve(kid)
    assert multikey.type == "Multikey" and "publicKeyMultibase" in multikey.document
    assert jwk.type == "JsonWebKey2020" and "publicKeyJwk" in jwk.document


def test_the_published_json_handed_out_is_a_copy() -> None:
    kid = _key_id(Key.generate("P-256"))
    resolver = DidKeyResolver(public_key_format="JsonWebKey2020")
    method = resolver.resolve(kid)
    method.document["publicKeyJwk"]["x"] = "changed"
    method.document["type"] = "changed"
    fresh = resolver.resolve(kid)
    assert fresh.document["type"] == "JsonWebKey2020"
    assert fresh.document["publicKeyJwk"]["x"] != "changed"


def test_did_jwk_is_remembered_too() -> None:
    key = Key.generate("P-256", did="jwk")
    first = DidJwkResolver().resolve(_key_id(key))
    assert DidJwkResolver().resolve(_key_id(key)) == first


def test_the_memo_is_bounded() -> None:
    for _ in range(MAX_REMEMBERED + 5):
        DidKeyResolver().resolve(_key_id(Key.generate("Ed25519")))
    assert len(did_resolver._REMEMBERED) <= MAX_REMEMBERED


def test_did_web_is_never_remembered() -> None:
    assert DidWebResolver.pure is False and DidKeyResolver.pure and DidJwkResolver.pure
