"""The conformance kit (issue 16 item 4): what it holds, that microcred meets every expectation, that it is
deterministic, and that the runner scores a command verifier (and catches a wrong one)."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Any

import pytest

from microcred.cli.main import main
from microcred.conformance import run_kit, score_table, write_kit
from microcred.conformance.formats import PLANS
from microcred.errors import InputError, UsageError
from microcred.suites.registry import ISSUE_FORMATS


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kit") / "kit"
    write_kit(folder)
    return folder


def _manifest(kit: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((kit / "manifest.json").read_text(encoding="utf-8"))
    return data


def test_every_issued_format_has_positive_and_negative_samples(kit: Path) -> None:
    samples = _manifest(kit)["samples"]
    assert {p.format for p in PLANS} == {*ISSUE_FORMATS, "sd-jwt-vc"}
    for plan in PLANS:
        mine = [s for s in samples if s["format"] == plan.format]
        positive = [s for s in mine if s["expect"] == "verified"]
        assert {s["file"].rsplit("-", 1)[-1].split(".")[0] for s in positive} >= {"minimal", "full"}
        assert {s["keyType"] for s in positive} == set(plan.key_types)
        assert {s["dataModel"] for s in positive} == set(plan.data_models)
        assert len(mine) > len(positive) >= 2
    kinds = {s["kind"] for s in samples if s["expect"] == "rejected"}
    assert len(kinds) >= 15, kinds
    assert {
        "tampered-claim",
        "wrong-key",
        "expired",
        "revoked",
        "undefined-term",
        "wrong-proof-purpose",
    } <= kinds
    assert all(s["reason"] for s in samples)
    for entry in samples:
        assert (kit / entry["file"]).is_file()


def test_the_open_badges_shape_has_positive_and_negative_samples(kit: Path) -> None:
    samples = _manifest(kit)["samples"]
    assert {s["shape"] for s in samples} == {"elm", "model", "ob3", "clr"}
    badges = [s for s in samples if s["shape"] == "ob3"]
    assert {s["format"] for s in badges} == {"eddsa-rdfc-2022", "vc+jwt"}
    assert sorted(s["file"] for s in badges if s["expect"] == "verified") == [
        "samples/ob3-eddsa-rdfc-2022/valid-v2-ed25519-full.json",
        "samples/ob3-eddsa-rdfc-2022/valid-v2-ed25519-minimal.json",
        "samples/ob3-vc-jose-cose/valid-v2-ed25519-full.jwt",
        "samples/ob3-vc-jose-cose/valid-v2-ed25519-minimal.jwt",
    ]
    elm_kinds = {s["kind"] for s in samples if s["shape"] == "elm" and s["format"] == "eddsa-rdfc-2022"}
    assert {s["kind"] for s in badges if s["format"] == "eddsa-rdfc-2022"} == elm_kinds - {
        "valid-with-status"
    }
    for entry in badges:
        text = (kit / entry["file"]).read_text(encoding="utf-8")
        if entry["kind"] in ("valid", "revoked", "expired") and entry["format"] == "eddsa-rdfc-2022":
            assert "OpenBadgeCredential" in json.loads(text)["type"]
    stack = [s for s in samples if s["shape"] == "clr"]
    assert [s["file"] for s in stack if s["expect"] == "verified"] == [
        "samples/clr-eddsa-rdfc-2022/valid-v2-ed25519-stack.json"
    ]
    assert {s["kind"] for s in stack if s["expect"] == "rejected"} >= {
        "tampered-claim",
        "wrong-key",
        "tampered-part",
        "revoked-part",
        "learner-mismatch",
        "total-mismatch",
    }
    valid = json.loads((kit / stack[0]["file"]).read_text(encoding="utf-8"))
    assert valid["type"] == ["VerifiableCredential", "ClrCredential"]


def test_microcred_scores_the_open_badges_shape_by_shape(kit: Path, capsys: Any) -> None:
    outcomes = run_kit(kit, shapes=["ob3", "clr"])
    assert len(outcomes) == 40 and all(o.holds for o in outcomes)
    revoked = run_kit(kit, shapes=["clr"], kinds=["revoked-part"])
    assert [o.note for o in revoked] == ["STACK_PART_INVALID"]
    assert main(["conformance", "run", str(kit), "--shape", "clr", "-q"]) == 0
    assert capsys.readouterr().out.strip() == "10 of 10 expectations hold"


def test_the_kit_carries_what_offline_verification_needs(kit: Path) -> None:
    manifest = _manifest(kit)
    for name in [*manifest["statusLists"], *manifest["trustAnchors"], manifest["contexts"]]:
        assert (kit / name).is_file()
    for key in manifest["keys"]:
        jwk = json.loads((kit / key["jwk"]).read_text(encoding="utf-8"))
        assert "d" not in jwk
        stem = Path(key["jwk"]).stem
        assert json.loads((kit / "dids" / f"{stem}.json").read_text(encoding="utf-8"))["id"] == key["did"]
    index = json.loads((kit / "contexts" / "index.json").read_text(encoding="utf-8"))
    assert "https://www.w3.org/ns/credentials/v2" in index


def test_microcred_meets_every_expectation(kit: Path) -> None:
    outcomes = run_kit(kit)
    assert all(o.holds for o in outcomes), score_table(outcomes)
    assert len(outcomes) == len(_manifest(kit)["samples"])


def test_the_kit_is_the_same_every_run(kit: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    write_kit(again)

    # Randomized by design, so not compared: ECDSA signatures (FIPS 186-5 §6.4), SD-JWT salts (RFC 9901 §4.2.1),
    # the JAdES test certificates (random serial numbers). Everything else is byte for byte the same.
    def deterministic(rel: Path) -> bool:
        if rel.parts[0] == "trust":
            return False
        if rel.parts[0] != "samples":
            return True
        return rel.parts[1] in (
            "eddsa-rdfc-2022",
            "eddsa-jcs-2022",
            "jws-2020",
            "vc-jose-cose",
            "vc-jwt",
            "ob3-eddsa-rdfc-2022",
            "ob3-vc-jose-cose",
            "clr-eddsa-rdfc-2022",
        ) and ("p-256" not in rel.name and "p-384" not in rel.name)

    compared = [
        p.relative_to(kit) for p in kit.rglob("*") if p.is_file() and deterministic(p.relative_to(kit))
    ]
    assert len(compared) > 20
    for rel in compared:
        assert (again / rel).read_bytes() == (kit / rel).read_bytes(), rel
    assert sorted(p.relative_to(again) for p in again.rglob("*")) == sorted(
        p.relative_to(kit) for p in kit.rglob("*")
    )


def test_the_kit_folder_must_be_absent_or_empty(tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError):
        write_kit(tmp_path / "full")


def _microcred_command(kit: Path) -> str:
    manifest = _manifest(kit)
    words = [
        sys.executable,
        "-c",
        "import sys; from microcred.cli.main import main; sys.exit(main())",
        "verify",
        "-q",
        "--now",
        "{now}",
    ]
    for name in manifest["statusLists"]:
        words += ["--status-list", f"{{kit}}/{name}"]
    for name in manifest["trustAnchors"]:
        words += ["--trust-anchor", f"{{kit}}/{name}"]
    return shlex.join(words) + " {file}"


def test_run_scores_a_verifier_command(kit: Path, capsys: Any) -> None:
    command = _microcred_command(kit)
    assert (
        main(
            ["conformance", "run", str(kit), "--verifier", command, "--format", "vc+jwt", "--format", "jades"]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "expectations hold" in out.splitlines()[-1]
    assert "FAIL" not in out


def test_run_catches_a_verifier_that_accepts_everything(kit: Path, capsys: Any) -> None:
    accept_all = shlex.join([sys.executable, "-c", "import sys; sys.exit(0)"]) + " {file}"
    assert main(["conformance", "run", str(kit), "--verifier", accept_all, "--format", "vc-jwt"]) == 1
    out = capsys.readouterr().out
    assert "FAIL rejected  verified  samples/vc-jwt/invalid-alg-none.jwt" in out


def test_run_filters_and_inputs(kit: Path, tmp_path: Path) -> None:
    outcomes = run_kit(kit, kinds=["revoked"])
    assert {o.entry["format"] for o in outcomes} == {"eddsa-rdfc-2022", "jws-2020", "vc+jwt", "vc-jwt"}
    assert all(o.holds for o in outcomes)
    with pytest.raises(UsageError):
        run_kit(kit, kinds=["no such kind"])
    with pytest.raises(UsageError):
        run_kit(kit, verifier="true")  # no {file}
    with pytest.raises(InputError):
        run_kit(tmp_path)
    (tmp_path / "manifest.json").write_text(
        '{"samples": [{"file": "../x", "expect": "verified"}]}', encoding="utf-8"
    )
    with pytest.raises(InputError, match="outside"):
        run_kit(tmp_path)


def test_cli_kit_command(tmp_path: Path, capsys: Any) -> None:
    assert main(["conformance", "kit", str(tmp_path / "k")]) == 0
    assert "samples" in capsys.readouterr().out
    assert main(["conformance", "run", str(tmp_path / "k"), "-q"]) == 0
    assert capsys.readouterr().out.strip().endswith("expectations hold")
