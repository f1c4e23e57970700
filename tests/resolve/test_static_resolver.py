"""StaticResolver (``--keys KEYS.json``), KeyResolver and ChainResolver."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcred.errors import (
    InvalidDidError,
    InvalidVerificationMethodError,
    MicrocredError,
    UnsupportedDidMethodError,
    UsageError,
    VerificationMethodNotFoundError,
)
from microcred.keys import Key
from microcred.resolve import (
    ChainResolver,
    DidKeyResolver,
    KeyResolver,
    Resolver,
    StaticResolver,
    VerificationMethod,
    default_resolver,
)

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "keys"
VM_ID = "https://registrar.example.edu/issuer#key-1"
CONTROLLER = "https://registrar.example.edu/issuer"


def entry(key: Key, **extra: Any) -> dict[str, Any]:
    return {
        "type": "Multikey",
        "controller": CONTROLLER,
        "publicKeyMultibase": key.public_key_multibase,
        **extra,
    }


def test_mapping_entries_with_default_relationships(keys: dict[str, Key]) -> None:
    resolver = StaticResolver({VM_ID: entry(keys["Ed25519"])})
    method = resolver.resolve(VM_ID)
    assert isinstance(method, VerificationMethod)
    assert method.relationships == {"assertionMethod", "authentication"}
    assert method.controller == CONTROLLER and method.key.kid == VM_ID and not method.key.is_private
    assert method.key.thumbprint() == keys["Ed25519"].thumbprint()
    assert VM_ID in resolver and len(resolver) == 1
    assert isinstance(resolver, Resolver)


def test_explicit_relationships(keys: dict[str, Key]) -> None:
    resolver = StaticResolver({VM_ID: entry(keys["Ed25519"], relationships=["authentication"])})
    assert resolver.resolve(VM_ID).relationships == {"authentication"}


def test_from_file_mapping_list_and_document(tmp_path: Path, keys: dict[str, Key]) -> None:
    mapping = tmp_path / "KEYS.json"
    jwk = {k: v for k, v in keys["RSA"].to_jwk().items() if k != "kid"}
    mapping.write_text(
        json.dumps(
            {
                VM_ID: entry(keys["Ed25519"]),
                CONTROLLER + "#rsa": {"type": "JsonWebKey", "controller": CONTROLLER, "publicKeyJwk": jwk},
            }
        )
    )
    resolver = StaticResolver.from_file(mapping)
    assert resolver.resolve(CONTROLLER + "#rsa").key.key_type == "RSA"
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([{"id": VM_ID, **entry(keys["P-256"])}]))
    assert StaticResolver.from_file(listed).resolve(VM_ID).key.key_type == "P-256"


def test_controller_document_with_legacy_public_key_and_base(tmp_path: Path) -> None:
    issuer = json.loads((VECTORS / "jws2020-keypairs.json").read_text())["issuer_0"]
    path = tmp_path / "issuer.json"
    path.write_text(json.dumps(issuer))
    resolver = StaticResolver.from_file(path)
    vm_id = "https://example.com/issuer/123#ovsDKYBjFemIy8DVhc-w2LSi8CvXMw2AYDzHj04yxkc"
    method = resolver.resolve(vm_id)
    assert method.type == "JsonWebKey2020" and method.relationships == {"assertionMethod"}
    assert method.key.to_jwk()["x"] == "CV-aGlld3nVdgnhoZK0D36Wk-9aIMlZjZOK2XhPMnkQ"
    assert resolver.ids() == [vm_id]


BAD_ENTRIES: list[tuple[str, dict[str, Any], str]] = [
    ("no type", {"controller": CONTROLLER, "publicKeyMultibase": "z6Mk"}, "'type'"),
    ("no controller", {"type": "Multikey", "publicKeyMultibase": "z6Mk"}, "'controller'"),
    ("no key material", {"type": "Multikey", "controller": CONTROLLER}, "exactly one key material"),
    ("unknown relationship", {"relationships": ["assertion"]}, "unknown relationship"),
    ("relationships not a list", {"relationships": "assertionMethod"}, "array of strings"),
    ("id differs", {"id": "https://other.example#k"}, "differs"),
    ("unknown type", {"type": "RsaVerificationKey2018"}, "unsupported verification method type"),
]


@pytest.mark.parametrize(("why", "change", "match"), BAD_ENTRIES, ids=[b[0] for b in BAD_ENTRIES])
def test_bad_entries_fail_at_load(keys: dict[str, Key], why: str, change: dict[str, Any], match: str) -> None:
    base = entry(keys["Ed25519"])
    if why in ("no type", "no controller", "no key material"):
        base = change
    else:
        base.update(change)
    with pytest.raises(InvalidVerificationMethodError, match=match):
        StaticResolver({VM_ID: base}, source="KEYS.json")


def test_file_errors_name_the_file(tmp_path: Path, keys: dict[str, Key]) -> None:
    path = tmp_path / "KEYS.json"
    path.write_text(json.dumps({VM_ID: {**entry(keys["Ed25519"]), "type": "JsonWebKey"}}))
    with pytest.raises(InvalidVerificationMethodError, match=r"KEYS\.json") as info:
        StaticResolver.from_file(path)
    assert info.value.path is not None and "KEYS.json" in info.value.path
    path.write_text('{"a": 1, "a": 2}')
    with pytest.raises(MicrocredError, match="duplicate"):
        StaticResolver.from_file(path)
    path.write_text("[1]")
    with pytest.raises(InvalidVerificationMethodError):
        StaticResolver.from_file(path)


def test_static_did_key_entry_must_be_that_key(keys: dict[str, Key]) -> None:
    did_key_vm = keys["Ed25519"].kid or ""
    wrong = {
        "type": "Multikey",
        "controller": keys["Ed25519"].did,
        "publicKeyMultibase": keys["P-256"].public_key_multibase,
    }
    with pytest.raises(InvalidVerificationMethodError, match="different key"):
        StaticResolver({did_key_vm: wrong})


@pytest.mark.parametrize("junk", [None, 42, {"id": "x"}, ["x"]])
def test_resolvers_do_not_crash_on_junk_ids(junk: Any, keys: dict[str, Key]) -> None:
    resolvers: list[Resolver] = [
        StaticResolver({VM_ID: entry(keys["Ed25519"])}),
        KeyResolver([keys["P-256"]]),
        default_resolver(),
    ]
    for resolver in resolvers:
        with pytest.raises(MicrocredError):
            resolver.resolve(junk)


def test_not_found_is_not_authoritative(keys: dict[str, Key]) -> None:
    with pytest.raises(VerificationMethodNotFoundError) as info:
        StaticResolver({VM_ID: entry(keys["Ed25519"])}).resolve(CONTROLLER + "#other")
    assert info.value.details["authoritative"] is False


def test_key_resolver(keys: dict[str, Key], cert_chain_keys: dict[str, Key]) -> None:
    resolver = KeyResolver([keys["Ed25519"], keys["RSA"], cert_chain_keys["RSA"]])
    ed = resolver.resolve(keys["Ed25519"].kid or "")
    assert ed.type == "Multikey" and not ed.key.is_private
    rsa = resolver.resolve(keys["RSA"].kid or "")
    assert rsa.type == "JsonWebKey" and "d" not in rsa.document["publicKeyJwk"]
    seal = resolver.resolve(cert_chain_keys["RSA"].kid or "")
    assert len(seal.key.certificate_chain) == 2
    assert KeyResolver([keys["P-256"]], relationships=["authentication"]).resolve(
        keys["P-256"].kid or ""
    ).relationships == {"authentication"}
    with pytest.raises(UsageError):
        KeyResolver([Key.generate("Ed25519", did=None)])
    with pytest.raises(VerificationMethodNotFoundError):
        resolver.resolve("did:example:nobody#1")


def test_chain_resolver_order_and_errors(keys: dict[str, Key]) -> None:
    static = StaticResolver({VM_ID: entry(keys["Ed25519"])})
    chain = ChainResolver([static, default_resolver()])
    assert chain.resolve(VM_ID).key.key_type == "Ed25519"
    assert chain.resolve(keys["P-256"].kid or "").key.key_type == "P-256"
    with pytest.raises(InvalidDidError):  # a real failure stops the search
        chain.resolve("did:key:z0OIl#z0OIl")
    with pytest.raises(VerificationMethodNotFoundError):  # did:key knows the DID: its answer wins
        chain.resolve(f"{keys['P-256'].did}#nope")
    with pytest.raises(UnsupportedDidMethodError, match="did:example"):
        chain.resolve("did:example:123#key-1")
    with pytest.raises(UnsupportedDidMethodError, match="--keys"):
        chain.resolve("https://unknown.example/issuer#key-1")
    with pytest.raises(UnsupportedDidMethodError, match="network access"):
        chain.resolve("did:web:example.com#key-1")


def test_default_resolver_contents() -> None:
    assert [type(r).__name__ for r in default_resolver().resolvers] == ["DidKeyResolver", "DidJwkResolver"]
    from microcred.fetcher import StaticFetcher

    with_web = default_resolver(StaticFetcher())
    assert [type(r).__name__ for r in with_web.resolvers][-1] == "DidWebResolver"
    assert isinstance(DidKeyResolver(), Resolver)
