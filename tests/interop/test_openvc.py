"""Cross-checks with openvc-core 1.37.0, an independent Python VC library, both directions.

openvc-core pins pyld and cryptography differently from microcred's dev extra, so it lives in its own venv and runs
as a subprocess: ``tests/interop/python/openvc_verify.py`` (our wrapper; its SOURCE note is in its docstring). The
interpreter is ``$MICROCRED_OPENVC_PYTHON``, else ``.ci/openvc-venv/bin/python`` at the repository root (``.ci/run``
creates it from ``tests/interop/python/requirements-openvc.txt`` and sets both variables). Without it the tests skip
saying why, but fail when ``MICROCRED_REQUIRE_INTEROP=1`` (CI). Offline: openvc never fetches, keys are passed as
JWK files, JSON-LD contexts come from the repository's ``contexts/``, and the wrapper pins openvc's clock.

* microcred -> openvc: SD-JWT VCs (default and maximal disclosure policies; as issued, and presented with chosen
  Disclosures and a Key Binding JWT), vc-jwt, and Data Integrity credentials (eddsa-jcs-2022, ecdsa-jcs-2019,
  eddsa-rdfc-2022, ecdsa-rdfc-2019, ecdsa-sd-2023 derived) and presentations (``authentication``, challenge,
  domain); edited copies, another audience or challenge must fail there.
* openvc -> microcred: an SD-JWT VC openvc issues (top-level Disclosures, decoys, ``cnf``), as issued, presented by
  openvc with its KB-JWT, and presented by microcred's holder side.

openvc's RDF suites refuse inline ``@context`` objects other than ``@vocab`` (the example micro-credential's ELM
context has one), so the RDF credentials here are a small VC DM 2.0 credential with the W3C examples context.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from microcred import issue, verify
from microcred.base64url import b64url_decode_strict, b64url_encode
from microcred.jsonld.loader import default_loader
from microcred.keys import Key
from microcred.model.examples import example_microcredential
from microcred.present import present
from microcred.sd_jwt import present as present_sd_jwt
from microcred.sd_jwt_vc import (
    MAXIMAL_SD,
    MICROCRED_VCT,
    PresentationExpectations,
    TypeMetadataResolver,
    issue_sd_jwt_vc,
    verify_sd_jwt_vc,
)
from microcred.suites.ecdsa_sd_derive import derive
from microcred.verification.policy import VerificationPolicy
from microcred.verification.verifier import Verifier

ROOT = Path(__file__).resolve().parents[2]
WRAPPER = Path(__file__).parent / "python" / "openvc_verify.py"
DEFAULT_PYTHON = ROOT / ".ci" / "openvc-venv" / "bin" / "python"
CONTEXTS = ROOT / "contexts"
NOW = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)
STAMP = "2026-01-15T10:00:00Z"
AUD, NONCE = "https://employer.example", "n-openvc-1"
#: a type for the SD-JWT VCs openvc issues: openvc makes only top-level claims disclosable, microcred's type asks
#: for nested ones (each learner attribute), so the test gives microcred this type's metadata instead
OPENVC_VCT = "https://credentials.example/vct/openvc-interop-micro-credential"


def seeded_ed25519(seed: bytes) -> Key:
    """A fixed Ed25519 did:key from a seed (TEST ONLY)."""
    private = ed25519.Ed25519PrivateKey.from_private_bytes(hashlib.sha256(seed).digest())
    return Key.from_cryptography(private, did="key")


@cache
def _openvc_python() -> str | None:
    """The openvc venv's interpreter, or None (with the reason in ``_why``)."""
    candidate = Path(os.environ.get("MICROCRED_OPENVC_PYTHON") or DEFAULT_PYTHON)
    if not candidate.exists():
        return None
    done = subprocess.run([str(candidate), "-c", "import openvc"], capture_output=True, timeout=120)
    return str(candidate) if done.returncode == 0 else None


@pytest.fixture(scope="module")
def openvc() -> str:
    python = _openvc_python()
    if python is None:
        message = (
            "openvc-core is not installed: python3 -m venv .ci/openvc-venv && .ci/openvc-venv/bin/pip install -r "
            "tests/interop/python/requirements-openvc.txt (or set MICROCRED_OPENVC_PYTHON)"
        )
        if os.environ.get("MICROCRED_REQUIRE_INTEROP"):
            pytest.fail(message)
        pytest.skip(message)
    return python


def _run(python: str, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [python, str(WRAPPER), *argv, "--now", STAMP],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _jwk_file(folder: Path, key: Key, name: str, *, private: bool = False) -> str:
    path = folder / f"{name}.jwk"
    path.write_text(json.dumps(key.to_jwk(private=private) if private else key.public().to_jwk()))
    return str(path)


def _openvc_verify(
    python: str, folder: Path, fmt: str, data: Any, key: Key, *options: str
) -> tuple[int, Any]:
    """openvc's verdict: (exit code, the wrapper's JSON or its error text)."""
    path = folder / f"input-{fmt}-{len(list(folder.iterdir()))}"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    done = _run(python, "verify", fmt, str(path), "--jwk", _jwk_file(folder, key, "issuer"), *options)
    assert done.returncode in (0, 1), done.stderr  # 2: openvc could not process it (no verdict)
    return done.returncode, json.loads(done.stdout)


@pytest.fixture(scope="module")
def issuer(keys: dict[str, Any]) -> Key:
    return keys["P-256"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def holder() -> Key:
    return Key.from_jwk(
        {
            "kty": "EC",
            "crv": "P-256",
            "d": "5K5SCos8zf9zRemGGUl6yfok-_NiiryNZsvANWMhF-I",
            "x": "TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc",
            "y": "ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ",
        }
    )


# --- microcred -> openvc: SD-JWT VC ----------------------------------------------------------------------------


@pytest.mark.parametrize("policy", ["default", "maximal"])
def test_openvc_verifies_microcred_sd_jwt_vc(
    openvc: str, tmp_path: Path, issuer: Key, holder: Key, policy: str
) -> None:
    options: dict[str, Any] = {"sd": MAXIMAL_SD} if policy == "maximal" else {}
    token = issue_sd_jwt_vc(example_microcredential(), issuer, now=NOW, holder=holder, **options)
    ours = verify(token, now=NOW)
    assert ours.verified, ours.summary()
    code, theirs = _openvc_verify(openvc, tmp_path, "sd-jwt-vc", token, issuer)
    assert code == 0 and theirs["key_bound"] is False, theirs
    assert {k: v for k, v in theirs["claims"].items() if k != "cnf"} == {
        k: v for k, v in (ours.credential or {}).items() if k != "cnf"
    }

    shown = present_sd_jwt(
        token, ["learner.fullName", "learningOutcomes.1"], holder=holder, aud=AUD, nonce=NONCE, iat=NOW
    )
    assert verify(shown, now=NOW, policy=VerificationPolicy(domain=AUD, challenge=NONCE)).verified
    kb = ("--aud", AUD, "--nonce", NONCE, "--require-kb")
    code, theirs = _openvc_verify(openvc, tmp_path, "sd-jwt-vc", shown, issuer, *kb)
    assert code == 0 and theirs["key_bound"] is True, theirs
    assert theirs["claims"]["learner"] == {"fullName": {"en": "Ana Andromeda"}}
    assert len(theirs["claims"]["learningOutcomes"]) == 1


def test_openvc_rejects_microcred_presentations_it_must_reject(
    openvc: str, tmp_path: Path, issuer: Key, holder: Key
) -> None:
    token = issue(example_microcredential(), issuer, format="sd-jwt-vc", now=NOW, holder=holder)
    shown = present_sd_jwt(token, ["learner.fullName"], holder=holder, aud=AUD, nonce=NONCE, iat=NOW)
    kb = ("--aud", AUD, "--nonce", NONCE, "--require-kb")
    # for another verifier, or with another nonce
    assert _openvc_verify(
        openvc, tmp_path, "sd-jwt-vc", shown, issuer, "--aud", "https://x.example", *kb[2:]
    )[0]
    assert _openvc_verify(
        openvc, tmp_path, "sd-jwt-vc", shown, issuer, "--aud", AUD, "--nonce", "n-2", kb[4]
    )[0]
    # a Disclosure added after the holder signed the KB-JWT (its sd_hash no longer matches)
    extra = token.split("~")[2]
    assert _openvc_verify(openvc, tmp_path, "sd-jwt-vc", shown.replace("~", f"~{extra}~", 1), issuer, *kb)[0]
    # the KB-JWT stripped while one is required; and an issuer key that is not the signer's
    assert _openvc_verify(openvc, tmp_path, "sd-jwt-vc", shown.rsplit("~", 1)[0] + "~", issuer, *kb)[0]
    assert _openvc_verify(openvc, tmp_path, "sd-jwt-vc", token, holder)[0]


# --- openvc -> microcred: SD-JWT VC ----------------------------------------------------------------------------


def _openvc_type_metadata() -> TypeMetadataResolver:
    bundled = json.loads(TypeMetadataResolver().resolve(MICROCRED_VCT))
    document = {
        "vct": OPENVC_VCT,
        "name": "Micro-credential issued by openvc-core (interop test)",
        "claims": [
            {"path": ["learner"], "sd": "always"},
            {"path": ["title"], "sd": "never"},
            {"path": ["iss"], "sd": "never"},
        ],
        "schema": bundled["schema"],  # microcred's JSON Schema of the micro-credential claims, for this vct
    }
    document["schema"]["properties"]["vct"] = {"const": OPENVC_VCT}
    return TypeMetadataResolver({OPENVC_VCT: json.dumps(document).encode()})


def _openvc_issued(
    python: str, folder: Path, issuer: Key, holder: Key | None, *, vct: str = OPENVC_VCT
) -> str:
    claims = example_microcredential().to_dict()
    claims.update(vct=vct, iss=issuer.did, iat=int(NOW.timestamp()))
    path = folder / "claims.json"
    path.write_text(json.dumps(claims))
    argv = ["issue-sd-jwt-vc", str(path), "--key", _jwk_file(folder, issuer, "issuer-private", private=True)]
    argv += ["--kid", str(issuer.kid), "--decoys", "2"]
    for name in ("learner", "learningOutcomes", "assessment", "workload"):
        argv += ["--disclose", name]
    if holder is not None:
        argv += ["--holder", _jwk_file(folder, holder, "holder")]
    done = _run(python, *argv)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _microcred_verify(token: str, *, aud: str | None = None, nonce: str | None = None) -> Any:
    verifier = Verifier(now=NOW, policy=VerificationPolicy(domain=aud, challenge=nonce))
    expect = PresentationExpectations(aud=aud, nonce=nonce, type_metadata=_openvc_type_metadata())
    return verify_sd_jwt_vc(token, verifier.options(), expect)


def test_microcred_verifies_an_sd_jwt_vc_openvc_issued(
    openvc: str, tmp_path: Path, issuer: Key, holder: Key
) -> None:
    token = _openvc_issued(openvc, tmp_path, issuer, holder)
    header = json.loads(b64url_decode_strict(token.split(".")[0]))
    assert header["typ"] == "dc+sd-jwt" and token.count("~") == 5  # four Disclosures, as openvc issued them
    result = _microcred_verify(token)
    assert result.verified, result.summary()
    assert result.check("schema").code == "TYPE_METADATA_VALID"
    expected = example_microcredential().to_dict()
    assert {k: v for k, v in (result.credential or {}).items() if k in expected} == expected

    # openvc's holder side (its KB-JWT over every Disclosure) and microcred's (chosen Disclosures)
    holder_jwk = _jwk_file(tmp_path, holder, "holder-private", private=True)
    argv = ["present-sd-jwt-vc", _write(tmp_path, token), "--key", holder_jwk, "--aud", AUD, "--nonce", NONCE]
    done = _run(openvc, *argv)
    assert done.returncode == 0, done.stderr
    result = _microcred_verify(done.stdout.strip(), aud=AUD, nonce=NONCE)
    assert result.verified and result.check("holder").code == "KEY_BINDING_VALID", result.summary()
    shown = present_sd_jwt(token, ["learner", "workload"], holder=holder, aud=AUD, nonce=NONCE, iat=NOW)
    result = _microcred_verify(shown, aud=AUD, nonce=NONCE)
    assert result.verified, result.summary()
    assert "learningOutcomes" not in (result.credential or {}) and "learner" in (result.credential or {})
    code, theirs = _openvc_verify(
        openvc, tmp_path, "sd-jwt-vc", shown, issuer, "--aud", AUD, "--nonce", NONCE
    )
    assert code == 0 and theirs["key_bound"] is True


def test_microcred_rejects_what_it_must_in_an_openvc_sd_jwt_vc(
    openvc: str, tmp_path: Path, issuer: Key, holder: Key
) -> None:
    token = _openvc_issued(openvc, tmp_path, issuer, holder)
    jwt, first, *rest = token.split("~")
    assert _microcred_verify("~".join([jwt, first, first, *rest])).check("disclosures").code == (
        "DISCLOSURE_DUPLICATE"
    )
    other = seeded_ed25519(b"not the holder")
    shown = present_sd_jwt(token, ["learner"], holder=other, aud=AUD, nonce=NONCE, iat=NOW)
    assert _microcred_verify(shown, aud=AUD, nonce=NONCE).check("holder").code == "KB_JWT_SIGNATURE_INVALID"
    # without the type's metadata microcred cannot judge the claims: never verified
    unknown = verify(token, now=NOW)
    assert not unknown.verified and unknown.check("schema").code == "TYPE_METADATA_UNKNOWN"
    # openvc cannot make microcred's nested claims (each learner attribute) selectively disclosable
    mine = _openvc_issued(openvc, tmp_path, issuer, None, vct=MICROCRED_VCT)
    assert verify(mine, now=NOW).check("schema").code == "CLAIM_SD_REQUIRED"


def _write(folder: Path, text: str) -> str:
    path = folder / f"token-{len(list(folder.iterdir()))}"
    path.write_text(text)
    return str(path)


# --- microcred -> openvc: vc-jwt and Data Integrity -----------------------------------------------------------


def _simple(issuer: Key, subject: str) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "id": "urn:uuid:5c3a8f5e-0f7e-4b7e-9a55-7c4b3c1d2e11",
        "type": ["VerifiableCredential", "ExampleAchievementCredential"],
        "issuer": issuer.did,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": subject, "name": "Ana Andromeda", "achievement": "Data Literacy"},
    }


def test_openvc_verifies_microcred_vc_jwt(openvc: str, tmp_path: Path, issuer: Key) -> None:
    token = issue(example_microcredential(), issuer, format="vc-jwt", now=NOW)
    code, theirs = _openvc_verify(openvc, tmp_path, "vc-jwt", token, issuer)
    assert code == 0 and theirs["issuer"] == issuer.did, theirs
    head, payload, signature = token.split(".")
    claims = json.loads(b64url_decode_strict(payload))
    claims["vc"]["credentialSubject"]["fullName"] = {"en": "Mallory"}
    edited = ".".join([head, b64url_encode(json.dumps(claims).encode()), signature])
    assert _openvc_verify(openvc, tmp_path, "vc-jwt", edited, issuer)[0] == 1


def _ed25519_issuer() -> Key:
    return seeded_ed25519(b"openvc interop issuer")


@pytest.mark.parametrize(
    ("fmt", "example"),
    [
        ("eddsa-jcs-2022", True),
        ("ecdsa-jcs-2019", True),
        ("eddsa-rdfc-2022", False),
        ("ecdsa-rdfc-2019", False),
        ("ecdsa-sd-2023", False),
    ],
)
def test_openvc_verifies_microcred_data_integrity(
    openvc: str, tmp_path: Path, issuer: Key, holder: Key, fmt: str, example: bool
) -> None:
    signer = _ed25519_issuer() if fmt.startswith("eddsa") else issuer
    document: Any = example_microcredential() if example else _simple(signer, "did:example:learner")
    credential: Any = issue(document, signer, format=fmt, now=NOW)
    if fmt == "ecdsa-sd-2023":  # the holder derives; openvc verifies derived proofs
        credential = derive(credential, ["/issuer", "/credentialSubject/name"], loader=default_loader())
        assert "achievement" not in credential["credentialSubject"]
    assert verify(credential, now=NOW).verified
    contexts = () if example else ("--contexts", str(CONTEXTS))
    code, theirs = _openvc_verify(openvc, tmp_path, fmt, credential, signer, *contexts)
    assert code == 0 and theirs["issuer"] == signer.did, theirs
    edited = json.loads(json.dumps(credential))
    subject = edited["credentialSubject"]
    subject["fullName" if example else "name"] = "Mallory"
    assert _openvc_verify(openvc, tmp_path, fmt, edited, signer, *contexts)[0] == 1
    assert (
        _openvc_verify(openvc, tmp_path, fmt, credential, holder, *contexts)[0] == 1
    )  # not the signer's key


@pytest.mark.parametrize("fmt", ["eddsa-jcs-2022", "ecdsa-jcs-2019", "eddsa-rdfc-2022", "ecdsa-rdfc-2019"])
def test_openvc_verifies_microcred_data_integrity_presentations(
    openvc: str, tmp_path: Path, issuer: Key, fmt: str
) -> None:
    learner = seeded_ed25519(b"openvc learner") if fmt.startswith("eddsa") else issuer
    signer = _ed25519_issuer()
    cred_format = "eddsa-jcs-2022" if "jcs" in fmt else "eddsa-rdfc-2022"
    credential = issue(_simple(signer, str(learner.did)), signer, format=cred_format, now=NOW)
    vp = present([credential], learner, format=fmt, challenge=NONCE, domain=AUD, now=NOW)  # type: ignore[arg-type]
    assert verify(vp, now=NOW, policy=VerificationPolicy(challenge=NONCE, domain=AUD)).verified
    contexts = ("--contexts", str(CONTEXTS)) if "rdfc" in fmt else ()
    expected = ("--purpose", "authentication", "--challenge", NONCE, "--domain", AUD, *contexts)
    code, theirs = _openvc_verify(openvc, tmp_path, fmt, vp, learner, *expected)
    assert code == 0, theirs
    replayed = ("--purpose", "authentication", "--challenge", "other", "--domain", AUD, *contexts)
    assert _openvc_verify(openvc, tmp_path, fmt, vp, learner, *replayed)[0] == 1
    elsewhere = ("--purpose", "authentication", "--challenge", NONCE, "--domain", "x.example", *contexts)
    assert _openvc_verify(openvc, tmp_path, fmt, vp, learner, *elsewhere)[0] == 1
