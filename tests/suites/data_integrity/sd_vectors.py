"""The ecdsa-sd-2023 vectors of tests/vectors/vc-di-ecdsa/ecdsa-sd-2023, read into one shape (see SOURCE.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from microcred.keys import Key
from microcred.resolve import StaticResolver

ROOT = Path(__file__).resolve().parents[2] / "vectors" / "vc-di-ecdsa"
SD = ROOT / "ecdsa-sd-2023"
#: case folder -> the pointer files of its mandatory and selective pointers
CASES = {
    "employ": ("employMandatory.json", "employSelective.json"),
    "prc": ("prCredMandatory.json", "prCredSelective.json"),
}


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def as_map(value: Any) -> Any:
    """A JavaScript ``Map`` of the vectors (``{"dataType": "Map", "value": [[k, v], ...]}``) as a dict."""
    if isinstance(value, dict) and value.get("dataType") == "Map":
        return {k: as_map(v) for k, v in value["value"]}
    return value


@dataclass(frozen=True)
class SdVector:
    name: str
    folder: Path
    mandatory_pointers: list[str]
    selective_pointers: list[str]

    def step(self, stem: str) -> Any:
        path = self.folder / stem
        return path.read_text(encoding="utf-8") if path.suffix == ".txt" else _json(path)

    @property
    def base(self) -> dict[str, Any]:
        base = self.step("addSignedSDBase.json")
        assert isinstance(base, dict)
        return base

    @property
    def unsecured(self) -> dict[str, Any]:
        return {k: v for k, v in self.base.items() if k != "proof"}

    @property
    def material(self) -> dict[str, Any]:
        material = _json(SD / "SDKeyMaterial.json")
        assert isinstance(material, dict)
        return material

    def issuer_key(self) -> Key:
        pair = self.material["baseKeyPair"]
        kid = self.base["proof"]["verificationMethod"]
        return Key.from_multibase(pair["publicKeyMultibase"], pair["secretKeyMultibase"], kid=kid)

    def proof_key(self) -> Key:
        pair = self.material["proofKeyPair"]
        return Key.from_multibase(pair["publicKeyMultibase"], pair["secretKeyMultibase"])

    def hmac_key(self) -> bytes:
        return bytes.fromhex(self.material["hmacKeyString"])

    def resolver(self) -> StaticResolver:
        key = self.issuer_key()
        issuer = self.base["issuer"]
        entry = {
            "type": "Multikey",
            "controller": issuer["id"] if isinstance(issuer, dict) else issuer,
            "publicKeyMultibase": key.public_key_multibase,
            "relationships": ["assertionMethod"],
        }
        return StaticResolver({str(key.kid): entry})


SD_VECTORS = [
    SdVector(name, SD / name, _json(ROOT / mandatory), _json(ROOT / selective))
    for name, (mandatory, selective) in CASES.items()
]
SD_IDS = [v.name for v in SD_VECTORS]
