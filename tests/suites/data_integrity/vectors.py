"""The Data Integrity test vectors under tests/vectors, read into one shape.

A W3C vector folder (vc-di-eddsa, vc-di-ecdsa) holds ``signed<S>.json``, ``proofConfig<S>.json``,
``proofCanon<S>.txt``, ``canonDoc<S>.txt``, ``docHash<S>.txt``, ``proofHash<S>.txt``, ``combinedHash<S>.txt``,
``sigHex<S>.txt`` and ``sigBTC58<S>.txt`` for one suffix ``S``; its key pair is the one in the vector root whose
public key is the proof's did:key. The Open Badges 3.0 vector is one JSON file plus two canonical forms.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from microcred.keys import Key
from microcred.resolve import StaticResolver

VECTORS = Path(__file__).resolve().parents[2] / "vectors"
W3C_ROOTS = ("vc-di-eddsa", "vc-di-ecdsa")


@dataclass(frozen=True)
class Vector:
    name: str
    signed: dict[str, Any]
    proof_config: dict[str, Any]
    canonical_document: str
    canonical_proof_config: str
    document_hash: str
    proof_hash: str
    combined_hash: str
    signature_hex: str
    proof_value: str
    key: Key  # private, kid = the proof's verificationMethod

    @property
    def unsigned(self) -> dict[str, Any]:
        return {k: v for k, v in self.signed.items() if k != "proof"}

    @property
    def proof(self) -> dict[str, Any]:
        proof = self.signed["proof"]
        assert isinstance(proof, dict)
        return proof

    def resolver(self) -> StaticResolver:
        """Serves the vector key, controlled by the credential's issuer (so the issuer check can pass)."""
        issuer = self.signed["issuer"]
        issuer_id = issuer["id"] if isinstance(issuer, dict) else issuer
        entry = {
            "type": "Multikey",
            "controller": issuer_id,
            "publicKeyMultibase": self.key.public_key_multibase,
            "relationships": ["assertionMethod"],
        }
        return StaticResolver({str(self.key.kid): entry})


def _read(folder: Path, stem: str, suffix: str) -> str:
    return (folder / f"{stem}{suffix}.txt").read_text(encoding="utf-8")


def _key_pairs(root: Path) -> dict[str, dict[str, str]]:
    pairs: dict[str, dict[str, str]] = {}
    for path in sorted(root.glob("*eyPair*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for pair in data.values() if "publicKeyMultibase" not in data else [data]:
            pairs[pair["publicKeyMultibase"]] = pair
    return pairs


def _w3c_vector(root: Path, folder: Path) -> Vector:
    signed_file = next(folder.glob("signed*.json"))
    suffix = signed_file.stem.removeprefix("signed")
    signed = json.loads(signed_file.read_text(encoding="utf-8"))
    vm = signed["proof"]["verificationMethod"]
    pair = _key_pairs(root)[vm.split("#", 1)[1]]
    secret = pair.get("secretKeyMultibase") or pair["privateKeyMultibase"]
    return Vector(
        name=f"{root.name}/{folder.relative_to(root).as_posix()}",
        signed=signed,
        proof_config=json.loads((folder / f"proofConfig{suffix}.json").read_text(encoding="utf-8")),
        canonical_document=_read(folder, "canonDoc", suffix),
        canonical_proof_config=_read(folder, "proofCanon", suffix),
        document_hash=_read(folder, "docHash", suffix),
        proof_hash=_read(folder, "proofHash", suffix),
        combined_hash=_read(folder, "combinedHash", suffix),
        signature_hex=_read(folder, "sigHex", suffix),
        proof_value=_read(folder, "sigBTC58", suffix),
        key=Key.from_multibase(pair["publicKeyMultibase"], secret, kid=vm),
    )


def _ob3_vector(path: Path) -> Vector:
    """The OB 3.0 (tests/vectors/ob3) or CLR 2.0 (tests/vectors/clr) vector of the 1EdTech spec, same layout."""
    data = json.loads(path.read_text(encoding="utf-8"))
    canon = path.parent / ("clrv2p0" if path.parent.name == "clr" else "obv3p0")
    seed = bytes.fromhex(data["privateKeyHex_seedPlusPublic"])[:32]
    key = Key(Ed25519PrivateKey.from_private_bytes(seed), kid=data["verificationMethod"])
    assert key.public_key_multibase == data["publicKeyMultibase"]
    signed = data["signedCredential"]
    if isinstance(signed.get("proof"), list) and len(signed["proof"]) == 1:
        # the CLR vector writes its one proof as a set of one: the same RDF dataset (VC DI §2.1)
        signed = {**signed, "proof": signed["proof"][0]}
    return Vector(
        name=f"{path.parent.name}/{path.stem}",
        signed=signed,
        proof_config=data["proofConfig"],
        canonical_document=(canon / "document-canon.txt").read_text(encoding="utf-8"),
        canonical_proof_config=(canon / "proof-canon.txt").read_text(encoding="utf-8"),
        document_hash=data["documentHashHex"],
        proof_hash=data["proofHashHex"],
        combined_hash=data["dataToSignHex_proofHashThenDocHash"],
        signature_hex=data["signatureHex"],
        proof_value=data["proofValue"],
        key=key,
    )


def all_vectors() -> list[Vector]:
    """Every vector folder (by its ``signed*.json``) and the OB 3.0 and CLR 2.0 vectors, sorted by name."""
    out: list[Vector] = []
    for root_name in W3C_ROOTS:
        root = VECTORS / root_name
        for signed in root.rglob("signed*.json"):
            if signed.parent != root and signed.parent.name != "proof-set-chain":
                out.append(_w3c_vector(root, signed.parent))
    for folder in ("ob3", "clr"):
        out.extend(_ob3_vector(p) for p in sorted((VECTORS / folder).glob("*-vector.json")))
    return sorted(out, key=lambda v: v.name)


VECTOR_LIST = all_vectors()
VECTOR_IDS = [v.name for v in VECTOR_LIST]
