"""``microcred verify``: JSON Lines, one object per file, results streamed and never kept; lazy imports."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from microcred.cli import verify as verify_cli
from microcred.cli.main import COMMANDS, build_parser, main
from microcred.keys import Key
from microcred.verification.results import VerificationResult

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOW = "2026-01-15T12:00:00Z"


@pytest.fixture
def signed(tmp_path: Path, keys: dict[str, Key]) -> Path:
    key = tmp_path / "k.jwk"
    keys["Ed25519"].save(key)
    out = tmp_path / "signed.json"
    argv = ["issue", str(EXAMPLES / "microcredential.json"), "--key", str(key), "--now", NOW, "-o", str(out)]
    assert main(argv) == 0
    return out


def test_one_file_is_one_json_line(signed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--json", "--now", NOW, str(signed)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert result["verified"] is True and result["source"] == str(signed)


def test_thousands_of_files_stream_without_keeping_results(
    signed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """2,000 files: one JSON line each, in order, and at no point more than two results alive."""
    folder = tmp_path / "many"
    folder.mkdir()
    count = 2000
    for i in range(count):
        (folder / f"{i:05d}.json").write_text("{}" if i % 2 else "not json")
    (folder / f"{count:05d}.json").write_bytes(signed.read_bytes())
    alive: list[weakref.ref[VerificationResult]] = []
    most_alive = 0
    real = verify_cli.iter_results

    def tracked(verifier: object, names: list[str]) -> Iterator[tuple[VerificationResult, int]]:
        nonlocal most_alive
        for result, code in real(verifier, names):
            alive.append(weakref.ref(result))
            gc.collect(0)
            most_alive = max(most_alive, sum(ref() is not None for ref in alive[-50:]))
            yield result, code
            del result

    monkeypatch.setattr(verify_cli, "iter_results", tracked)
    code = main(["verify", "--json", "--now", NOW, str(folder)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1  # some were not verified (no proof); "not verified" outranks "could not process"
    assert len(lines) == count + 1
    assert [Path(json.loads(line)["source"]).name for line in lines[:3]] == [
        "00000.json",
        "00001.json",
        "00002.json",
    ]
    assert json.loads(lines[-1])["verified"] is True
    assert most_alive <= 2  # the one being printed (and at most the previous one, until it is dropped)
    gc.collect()
    assert sum(ref() is not None for ref in alive) == 0


def test_iter_results_is_lazy(signed: Path) -> None:
    """Results are produced one input at a time: nothing is read ahead of what was asked for."""
    pulled: list[str] = []

    def names() -> Iterator[str]:
        for i in range(1000):
            pulled.append(str(i))
            yield str(signed)

    verifier = verify_cli.build_verifier(
        build_parser(["verify"]).parse_args(["verify", "--now", NOW, str(signed)])
    )
    stream = verify_cli.iter_results(verifier, names())
    first, code = next(stream)
    assert first.verified and code == 0 and len(pulled) == 1
    next(stream)
    assert len(pulled) == 2


def test_unreadable_file_gets_a_line_too(
    signed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.json"
    code = main(["verify", "--json", "--now", NOW, str(signed), str(missing)])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 2 and len(lines) == 2
    assert lines[1]["source"] == str(missing) and lines[1]["checks"][0]["status"] == "error"


def test_verify_imports_no_shacl_rdflib_batch_or_model(signed: Path) -> None:
    """Nor cryptography's X.509 modules: the credential has no certificate and no trust anchor is given."""
    script = (
        "import sys\n"
        "from microcred.cli.main import main\n"
        f"code = main(['verify', '-q', '--now', {NOW!r}, {str(signed)!r}])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('pyshacl', 'rdflib', 'sqlalchemy', 'pydantic')\n"
        "    or m.startswith(('microcred.batch', 'microcred.shacl', 'microcred.status.registry', 'microcred.model.',\n"
        "    'microcred.elm', 'microcred.stack.check', 'cryptography.x509', 'microcred.keys.x509')))\n"
        "others = sorted(m for m in sys.modules if m.startswith('microcred.cli.') and m not in\n"
        "    ('microcred.cli.main', 'microcred.cli.verify', 'microcred.cli._common', 'microcred.cli._input'))\n"
        "print(code, heavy, others)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0 [] []"


def test_help_lists_every_command_without_importing_them() -> None:
    script = (
        "import sys, contextlib, io\n"
        "from microcred.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('microcred.cli.') and m not in\n"
        "    ('microcred.cli.main', 'microcred.cli._common', 'microcred.cli._input')))\n"
        "print(out.getvalue())\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    first, _, usage = out.partition("\n")
    assert first == "[]"
    for name in COMMANDS:
        assert name in usage


def test_lazy_help_texts_match_the_modules() -> None:
    """The one-line help kept in main.COMMANDS is what each module registers."""
    parser = build_parser()  # eager: every module
    sub = next(a for a in parser._actions if a.dest == "command")
    registered = {a.dest: a.help for a in sub._choices_actions}  # type: ignore[attr-defined]
    assert registered == {name: text for name, (_, text) in COMMANDS.items()}


def test_issuing_a_dict_imports_no_model(signed: Path) -> None:
    """Signing a JSON-LD dict and verifying it load neither pydantic nor the model (``model_check``)."""
    script = (
        "import json, sys\n"
        "from microcred import Key, issue, verify\n"
        "key = Key.generate('Ed25519')\n"
        f"document = json.loads(open({str(signed)!r}).read())\n"
        "document.pop('proof')\n"
        "document['issuer']['id'] = key.controller\n"
        f"secured = issue(document, key, format='eddsa-rdfc-2022', now={NOW!r})\n"
        f"verified = verify(secured, now={NOW!r}).verified\n"
        "print(verified, sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'\n"
        "    or m.startswith(('microcred.model.', 'microcred.elm'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True []"
