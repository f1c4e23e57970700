"""Open Badges 3.0 credentials and CLR 2.0 stacks made by microcred verify with Digital Bazaar's vc stack.

``tests/interop/node/verify-badge.mjs`` runs ``@digitalbazaar/vc`` 7.3.0 with the eddsa-rdfc-2022 cryptosuite
(versions pinned in its package-lock.json) over a credential and every Data Integrity credential it carries (a
ClrSubject's ``verifiableCredential``, a conversion's source part in ``relatedResource``). Its document loader
serves the contexts microcred bundles (VC 2.0, OB 3.0 ``context-3.0.3``, CLR 2.0 ``context-2.0.1``) and nothing
else. Skipped only when node is absent; when the npm packages are not installed, skipped outside CI and failed
with ``MICROCRED_REQUIRE_INTEROP=1`` (``.ci/run``), as in test_node_verifier.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from microcred import issue, verify
from microcred.cli.main import main
from microcred.keys import Key
from microcred.model import example_microcredential
from microcred.stack import stack
from microcred.stack.build import stack_model
from microcred.stack.clr_build import clr_document
from microcred.stack.parts import part_bytes
from microcred.stack.read import read_part
from microcred.verification.verifier import Verifier

NODE_DIR = Path(__file__).resolve().parent / "node"
REPO = Path(__file__).resolve().parents[2]
NOW = "2026-01-15T12:00:00Z"


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (CI installs it: see .ci/run)")
    if not (NODE_DIR / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        message = f"the npm packages are not installed: run `npm ci` in {NODE_DIR}"
        if os.environ.get("MICROCRED_REQUIRE_INTEROP"):
            pytest.fail(message)
        pytest.skip(message)
    return node


def _key(seed: str) -> Key:
    private = ed25519.Ed25519PrivateKey.from_private_bytes(hashlib.sha256(seed.encode()).digest())
    return Key.from_cryptography(private, did="key")


def db_verify(path: Path) -> tuple[int, list[str]]:
    """Digital Bazaar's verdict on ``path``: exit status and one line per credential checked."""
    argv = [_node(), str(NODE_DIR / "verify-badge.mjs"), str(path), "--now", NOW]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=180, cwd=NODE_DIR)
    return done.returncode, done.stdout.splitlines()


def _write(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _model(title: str) -> Any:
    mc = example_microcredential()
    spec = "https://www.uniz.example.org/micro-credentials/" + title.lower().replace(" ", "-")
    return mc.model_copy(update={"id": None, "title": {"en": title}, "qualification_id": spec})


@pytest.fixture(scope="module")
def badges(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example micro-credentials issued with ``microcred issue --shape ob3`` (eddsa-rdfc-2022)."""
    _node()
    folder = tmp_path_factory.mktemp("badges")
    key = folder / "issuer.jwk"
    key.write_text(json.dumps(_key("badge issuer").to_jwk(private=True)), encoding="utf-8")
    out: dict[str, Path] = {}
    for name in ("microcredential", "minimal"):
        out[name] = folder / f"{name}-badge.json"
        argv = ["issue", str(REPO / "examples" / f"{name}.json"), "--key", str(key), "--shape", "ob3"]
        assert main([*argv, "--format", "eddsa-rdfc-2022", "--now", NOW, "-o", str(out[name])]) == 0
    return out


@pytest.fixture(scope="module")
def clr_parts() -> list[Any]:
    """An OB 3.0 badge and an ELM credential (converted in the stack), both eddsa-rdfc-2022."""
    return [
        issue(_model("Data management"), _key("part a"), now=NOW, shape="ob3"),
        issue(_model("Research ethics"), _key("part b"), now=NOW),
    ]


@pytest.mark.parametrize("name", ["microcredential", "minimal"])
def test_ob3_badges_verify_with_digital_bazaar(badges: dict[str, Path], name: str) -> None:
    badge = json.loads(badges[name].read_text(encoding="utf-8"))
    assert "OpenBadgeCredential" in badge["type"] and verify(badge, now=NOW).verified
    status, lines = db_verify(badges[name])
    assert status == 0, lines
    assert lines == [f"credential: VERIFIED {badge['id']}"]


def test_a_tampered_badge_fails_with_digital_bazaar(badges: dict[str, Path], tmp_path: Path) -> None:
    badge = json.loads(badges["microcredential"].read_text(encoding="utf-8"))
    badge["credentialSubject"]["achievement"]["creditsAvailable"] = 60.0
    path = _write(tmp_path / "tampered.json", badge)
    status, lines = db_verify(path)
    assert status == 1 and "NOT VERIFIED" in lines[0], lines
    assert not verify(badge, now=NOW).verified


def test_a_clr_stack_verifies_with_digital_bazaar_part_by_part(clr_parts: list[Any], tmp_path: Path) -> None:
    secured = stack(clr_parts, _key("faculty"), title="Research skills", now=NOW, shape="clr")
    assert isinstance(secured, dict) and verify(secured, now=NOW).verified
    status, lines = db_verify(_write(tmp_path / "clr.json", secured))
    assert status == 0, lines
    entries = secured["credentialSubject"]["verifiableCredential"]
    assert lines == [
        f"credential: VERIFIED {secured['id']}",
        f"credential.verifiableCredential[0]: VERIFIED {clr_parts[0]['id']}",
        f"credential.verifiableCredential[1]: VERIFIED {entries[1]['id']}",
        f"credential.verifiableCredential[1].relatedResource[0]: VERIFIED {clr_parts[1]['id']}",
    ]


def test_a_clr_stack_with_a_tampered_part_fails_with_digital_bazaar(
    clr_parts: list[Any], tmp_path: Path
) -> None:
    faculty = _key("faculty")
    secured = stack(clr_parts, faculty, title="Research skills", now=NOW, shape="clr")
    assert isinstance(secured, dict)
    secured["credentialSubject"]["verifiableCredential"][0]["name"] = "Something else"
    status, lines = db_verify(_write(tmp_path / "tampered-stack.json", secured))
    assert status == 1 and lines[0].startswith("credential: NOT VERIFIED"), lines

    # the stack re-signed over a tampered part: the stack's proof holds, the part's does not
    verifier = Verifier(now=NOW)
    parts = [read_part(i, part_bytes(p), verifier, ob3=True) for i, p in enumerate(clr_parts)]
    own = stack_model(parts, title={"en": "Forged"}, issued=verifier.clock.now(), eqf=None)
    options: dict[str, Any] = {"format": "eddsa-rdfc-2022", "clock": verifier.clock, "loader": None}
    doc = clr_document(parts, own, faculty, credential_id="urn:example:forged", **options)
    doc["credentialSubject"]["verifiableCredential"][0]["credentialSubject"]["achievement"]["name"] = "Other"
    forged = issue(doc, faculty, now=NOW, data_model="v2")
    status, lines = db_verify(_write(tmp_path / "forged-stack.json", forged))
    assert status == 1, lines
    assert lines[0].startswith("credential: VERIFIED")
    assert lines[1].startswith("credential.verifiableCredential[0]: NOT VERIFIED")
    result = verify(forged, now=NOW)
    assert result.check("stack").code == "STACK_PART_INVALID" and not result.verified
