"""``microcred stack``: files in, a signed stack out; bad parts exit 2 naming the part."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcred.cli.main import main


def _write(path: Path, secured: Any) -> str:
    path.write_text(secured if isinstance(secured, str) else json.dumps(secured), encoding="utf-8")
    return str(path)


def _key_file(tmp_path: Path, key: Any) -> str:
    path = tmp_path / "stack-key.jwk"
    path.write_text(json.dumps(key.to_jwk(private=True)), encoding="utf-8")
    return str(path)


def test_stack_command_writes_a_stack_that_verifies(
    tmp_path: Path, parts: list[Any], kit: Any, capsys: Any
) -> None:
    files = [_write(tmp_path / f"part{i}.json", p) for i, p in enumerate([parts[0], parts[2]])]
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"minimumEcts": 7}), encoding="utf-8")
    out = tmp_path / "stack.json"
    key = _key_file(tmp_path, kit.ed_key("cli stack"))
    argv = [
        "stack", *files, "--key", key, "--title", "Research skills", "--rules", str(rules),
        "--now", "2026-01-15T12:00:00Z", "-o", str(out),
    ]  # fmt: skip
    assert main(argv) == 0
    assert main(["verify", str(out), "--now", "2026-01-15T12:00:00Z", "--json"]) == 0
    report = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert len(report["parts"]) == 2
    assert [c["code"] for c in report["checks"] if c["name"] == "stack"] == ["STACK_VALID"]


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("duplicate", "STACK_PART_DUPLICATE"),
        ("unreadable", "STACK_PART_UNREADABLE"),
        ("rules", "STACK_TOO_MANY_PARTS"),
    ],
)
def test_stack_command_refuses_bad_parts(
    tmp_path: Path, parts: list[Any], kit: Any, capsys: Any, case: str, code: str
) -> None:
    first = _write(tmp_path / "a.json", parts[0])
    second = {"duplicate": first, "unreadable": _write(tmp_path / "b.json", "{}"), "rules": first}[case]
    extra = []
    if case == "rules":
        (tmp_path / "r.json").write_text(json.dumps({"maxParts": 1}), encoding="utf-8")
        extra = ["--rules", str(tmp_path / "r.json")]
    key = _key_file(tmp_path, kit.ed_key("cli stack"))
    argv = ["stack", first, second, "--key", key, "--title", "T", "--now", "2026-01-15T12:00:00Z", *extra]
    assert main(argv) == 2
    assert f"[{code}]" in capsys.readouterr().err


def test_stack_command_in_open_badges_shape(tmp_path: Path, kit: Any, capsys: Any) -> None:
    from microcred.issuer import issue

    spec = "https://www.uniz.example.org/micro-credentials/"
    badge = issue(
        kit.part_model("Data management", qualification_id=spec + "dm"),
        kit.ed_key("part a"),
        now="2026-01-15T12:00:00Z",
        shape="ob3",
    )
    elm = issue(
        kit.part_model("Open science", qualification_id=spec + "os"),
        kit.p256_key("part c"),
        format="vc+jwt",
        now="2026-01-15T12:00:00Z",
    )
    files = [_write(tmp_path / "part0.json", badge), _write(tmp_path / "part1.jwt", elm)]
    out = tmp_path / "clr.json"
    key = _key_file(tmp_path, kit.ed_key("cli stack"))
    argv = [
        "stack", *files, "--key", key, "--title", "Research skills", "--shape", "clr",
        "--now", "2026-01-15T12:00:00Z", "-o", str(out),
    ]  # fmt: skip
    assert main(argv) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["credentialSubject"]["verifiableCredential"][0] == badge
    assert written["type"] == ["VerifiableCredential", "ClrCredential"]
    assert len(written["credentialSubject"]["verifiableCredential"]) == 2
    assert main(["verify", str(out), "--now", "2026-01-15T12:00:00Z", "--json"]) == 0
    report = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert len(report["parts"]) == 2
    assert [c["code"] for c in report["checks"] if c["name"] == "stack"] == ["STACK_VALID"]
