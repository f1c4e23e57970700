"""Write the conformance kit: samples, keys, DID documents, contexts, status lists, trust anchors, manifest.

Layout of ``DIR``::

    manifest.json            what each sample is and the verdict a conforming verifier must reach, and why
    samples/<format>/...     valid-*.{json,jwt,sdjwt} and invalid-<kind>.*
    samples/ob3-<format>/    the same, of the Open Badges 3.0 shape; samples/clr-<format>/: a CLR 2.0 stack
    keys/<role>-<type>.jwk   the public JWKs (keys/private/: the private halves, test material only)
    dids/<role>-<type>.json  the did:key DID documents of those keys (did:key v0.7 §3.1.1, resolved offline)
    contexts/                every JSON-LD context the samples use (index.json: URL -> file, sha256)
    status/<purpose>.json    the signed Bitstring Status List credentials (revocation, suspension)
    trust/ca-<n>.pem         the CA certificates of the JAdES seals (trust anchors)

The kit is written to a temporary sibling folder and renamed into place, so ``DIR`` is complete or absent. The
output is the same every run (fixed seeds, a fixed clock, sequential status indices) except ECDSA signatures
(ECDSA is randomized, FIPS 186-5 §6.4) and the JAdES certificates (random serial numbers, ECDSA-signed).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..jsonio import write_atomic, write_json_atomic
from .badges import badge_samples
from .keys import file_stem, kit_key
from .negative import negative_samples
from .positive import positive_samples
from .sample import KIT_NOW, VERIFIED, Sample, secure, signing_key, trust_anchors
from .status import KitStatus

KIT_VERSION = 1
#: (key type, role) of every key the kit writes.
KIT_KEYS = [(kt, role) for role in ("issuer", "other") for kt in ("Ed25519", "P-256", "P-384")]


def _status_positive(status: KitStatus) -> Sample:
    from ..model.examples import example_microcredential

    mc = example_microcredential()
    allocator = status.allocator("revocation", revoked=False)
    secured = secure(mc, "eddsa-rdfc-2022", signing_key("eddsa-rdfc-2022", "Ed25519"), "v2", status=allocator)
    return Sample(
        "samples/eddsa-rdfc-2022/valid-v2-ed25519-full-with-status.json",
        secured,
        "eddsa-rdfc-2022",
        "valid-with-status",
        VERIFIED,
        "a credentialStatus entry whose bit is 0 in the kit's revocation list",
        "v2",
        "Ed25519",
    )


def build_samples() -> tuple[list[Sample], dict[str, dict[str, Any]]]:
    """Every sample, and the signed status lists they refer to (purpose -> credential)."""
    status = KitStatus()
    samples = [
        *positive_samples(),
        _status_positive(status),
        *negative_samples(status),
        *badge_samples(status),
    ]
    return samples, status.documents()


def _put(path: Path, data: str | bytes | dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, dict):
        write_json_atomic(path, data)
    else:
        write_atomic(path, data)


def _write_keys(root: Path) -> list[dict[str, str]]:
    from ..resolve import DidKeyResolver

    resolver = DidKeyResolver()
    out = []
    for key_type, role in KIT_KEYS:
        key, stem = kit_key(key_type, role), file_stem(key_type, role)
        _put(root / "keys" / f"{stem}.jwk", key.to_jwk())
        _put(root / "keys" / "private" / f"{stem}.jwk", key.to_jwk(private=True))
        _put(root / "dids" / f"{stem}.json", resolver.resolve_did(str(key.did)))
        out.append({"role": role, "keyType": key_type, "did": str(key.did), "jwk": f"keys/{stem}.jwk"})
    return out


def _write(root: Path) -> dict[str, Any]:
    from cryptography.hazmat.primitives.serialization import Encoding

    from ..jsonld.contexts import export_contexts

    samples, lists = build_samples()
    for sample in samples:
        _put(root / sample.path, sample.text())
    status_files = []
    for purpose, document in lists.items():
        _put(root / "status" / f"{purpose}.json", document)
        status_files.append(f"status/{purpose}.json")
    anchors = []
    for n, cert in enumerate(trust_anchors(), start=1):
        _put(root / "trust" / f"ca-{n}.pem", cert.public_bytes(Encoding.PEM))
        anchors.append(f"trust/ca-{n}.pem")
    export_contexts(root / "contexts")
    manifest = {
        "kit": "microcred conformance kit",
        "version": KIT_VERSION,
        "now": KIT_NOW,
        "statusLists": status_files,
        "trustAnchors": anchors,
        "contexts": "contexts/index.json",
        "keys": _write_keys(root),
        "samples": [s.entry() for s in samples],
    }
    _put(root / "manifest.json", manifest)
    return manifest


def write_kit(directory: str | os.PathLike[str]) -> dict[str, Any]:
    """Write the kit into ``directory`` (absent or empty) and return its manifest."""
    target = Path(directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target}: the kit folder must be absent or empty")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        manifest = _write(staging)
        if target.exists():
            target.rmdir()
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest
