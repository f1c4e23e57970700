"""microcred's Data Integrity presentations (eddsa-rdfc-2022, eddsa-jcs-2022 and ecdsa-jcs-2019, each with a
credential secured the same way) verify with Digital Bazaar's ``vc.verify`` (tests/interop/node/SOURCE.md).

Needs Node.js and ``npm ci --prefix tests/interop/node`` (done by .ci/run); skipped, saying why, without them.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from microcred import issue
from microcred.keys import Key
from microcred.present import present

NODE_DIR = Path(__file__).parent / "node"
NODE = shutil.which("node")
INSTALLED = (NODE_DIR / "node_modules" / "@digitalbazaar" / "vc").is_dir()
pytestmark = pytest.mark.skipif(
    NODE is None or not INSTALLED, reason="needs node and `npm ci --prefix tests/interop/node` (.ci/run)"
)
NOW = "2026-01-15T12:00:00Z"
CHALLENGE, DOMAIN = "c-db-1", "verifier.example"


def _key(seed: bytes) -> Key:
    private = ed25519.Ed25519PrivateKey.from_private_bytes(hashlib.sha256(seed).digest())
    return Key.from_cryptography(private, did="key")


def _db_verify(path: Path, challenge: str, domain: str) -> subprocess.CompletedProcess[str]:
    assert NODE is not None
    argv = [NODE, str(NODE_DIR / "verify-vp.mjs"), str(path), "--challenge", challenge, "--domain", domain]
    return subprocess.run([*argv, "--now", NOW, "--quiet"], capture_output=True, text=True, timeout=120)


def _p256(seed: bytes) -> Key:
    private = ec.derive_private_key(
        int.from_bytes(hashlib.sha256(seed).digest(), "big") % (2**255), ec.SECP256R1()
    )
    return Key.from_cryptography(private, did="key")


@pytest.fixture(scope="module", params=["eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-jcs-2019"])
def presentation(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    fmt = request.param
    make = _p256 if fmt.startswith("ecdsa") else _key
    issuer, holder = make(b"interop issuer"), make(b"interop holder")
    credential = issue(
        {
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://www.w3.org/ns/credentials/examples/v2",
            ],
            "id": "urn:uuid:5c3a8f5e-0f7e-4b7e-9a55-7c4b3c1d2e11",
            "type": ["VerifiableCredential", "ExampleAchievementCredential"],
            "issuer": issuer.did,
            "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": {"name": "Ana Andromeda", "achievement": "Data Literacy"},
        },
        issuer,
        format=fmt,
        now=NOW,
        holder=holder.public(),
    )
    vp = present([credential], holder, format=fmt, challenge=CHALLENGE, domain=DOMAIN, now=NOW)
    assert isinstance(vp, dict) and vp["proof"]["cryptosuite"] == fmt
    path = tmp_path_factory.mktemp("vp") / "presentation.json"
    path.write_text(json.dumps(vp))
    return path


def test_digital_bazaar_verifies_the_presentation(presentation: Path) -> None:
    done = _db_verify(presentation, CHALLENGE, DOMAIN)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(("challenge", "domain"), [("other", DOMAIN), (CHALLENGE, "other.example")])
def test_digital_bazaar_rejects_another_challenge_or_domain(
    presentation: Path, challenge: str, domain: str
) -> None:
    done = _db_verify(presentation, challenge, domain)
    assert done.returncode == 1, done.stderr


def test_digital_bazaar_rejects_an_edited_presentation(presentation: Path, tmp_path: Path) -> None:
    vp = json.loads(presentation.read_text())
    vp["verifiableCredential"][0]["credentialSubject"]["name"] = "Mallory"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(vp))
    assert _db_verify(edited, CHALLENGE, DOMAIN).returncode == 1
