"""verify_many and ``microcred verify --workers``: parallel, in input order, bounded (issue 19 item 3)."""

from __future__ import annotations

import io
import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from microcred import Verifier, issue, verify_many
from microcred.batch.progress import Progress
from microcred.batch.verify_many import CHUNKS_PER_WORKER
from microcred.cli.main import main
from microcred.errors import UsageError
from microcred.keys import Key

from .conftest import NOW, make_records

VERIFY_AT = "2026-02-01T00:00:00Z"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, keys: dict[str, Key]) -> Path:
    """Five signed credentials, one tampered, one not JSON, in name order."""
    from microcred.model import MicroCredential

    out = tmp_path_factory.mktemp("creds")
    key = keys["Ed25519"]
    for i, record in enumerate(make_records(5)):
        secured = issue(MicroCredential.from_dict(record), key, format="eddsa-rdfc-2022", now=NOW)
        if i == 2:
            secured["credentialSubject"]["id"] = "did:example:someone-else"
        (out / f"c{i}.json").write_text(json.dumps(secured), encoding="utf-8")
    (out / "c5.json").write_text("not json at all", encoding="utf-8")
    return out


def files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def summary(results: Any) -> list[tuple[str | None, bool, list[tuple[str, str, str]]]]:
    return [(r.source, r.verified, [(c.name, c.status.value, c.code) for c in r.checks]) for r in results]


def test_results_are_those_of_sequential_verification_in_input_order(folder: Path) -> None:
    verifier = Verifier(now=VERIFY_AT)
    names = [str(p) for p in files(folder)] * 3  # more chunks than the window holds
    sequential = summary(verify_many(names, workers=1, verifier=verifier))
    parallel = summary(verify_many(names, workers=2, verifier=verifier, chunk_size=2))
    assert parallel == sequential
    assert [s for s, _, _ in parallel] == names
    verdicts = [v for _, v, _ in sequential[:6]]
    assert verdicts == [True, True, False, True, True, False]


def test_a_bad_file_is_reported_in_its_place(folder: Path) -> None:
    names = [str(files(folder)[0]), str(folder / "missing.json"), str(files(folder)[1])]
    results = list(verify_many(names, workers=2, verifier=Verifier(now=VERIFY_AT)))
    assert [r.source for r in results] == names
    assert [r.verified for r in results] == [True, False, True]
    assert results[1].checks[0].code == "INVALID_INPUT" and "missing.json" in results[1].checks[0].message


def test_data_sources_with_names(folder: Path) -> None:
    raw = files(folder)[0].read_bytes()
    results = list(
        verify_many([("a", raw), ("b", json.loads(raw))], workers=1, verifier=Verifier(now=VERIFY_AT))
    )
    assert [(r.source, r.verified) for r in results] == [("a", True), ("b", True)]


def test_the_in_flight_window_is_bounded(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Sources are pulled lazily: never more than workers x CHUNKS_PER_WORKER chunks ahead of the consumer."""
    pulled = [0]

    def sources() -> Any:
        for i in range(400):
            pulled[0] += 1
            yield str(files(folder)[i % 5])

    submitted: list[int] = []
    original = ProcessPoolExecutor.submit

    def counting(self: Any, fn: Any, *args: Any) -> Any:
        submitted.append(len(args[0]))
        return original(self, fn, *args)

    monkeypatch.setattr(ProcessPoolExecutor, "submit", counting)
    results = verify_many(sources(), workers=2, verifier=Verifier(now=VERIFY_AT), chunk_size=3)
    bound = 2 * CHUNKS_PER_WORKER * 3
    for consumed, _ in enumerate(results, start=1):
        assert pulled[0] - consumed <= bound
        if consumed == 30:
            break
    assert pulled[0] <= 30 + bound


def test_bad_arguments_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="workers"):
        verify_many([], workers=0)
    with pytest.raises(UsageError, match="chunk_size"):
        verify_many([], chunk_size=0)


def test_cli_workers_gives_the_same_json_lines(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["verify", str(folder), "--json", "--now", VERIFY_AT]
    code_one = main(argv)
    one = capsys.readouterr().out.splitlines()
    code_two = main([*argv, "--workers", "2"])
    two = capsys.readouterr().out.splitlines()
    assert code_one == code_two == 1  # a tampered credential (exit 1 wins over 2)
    assert two == one and len(one) == 6


def test_plain_progress_line_when_not_a_terminal() -> None:
    stream = io.StringIO()
    progress = Progress(stream, None, plain_every=0.0)
    assert not progress.enabled
    progress.update(ok=True)
    progress.update(ok=False)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2 and lines[1].startswith("2 records") and lines[1].endswith("1 failed")
    quiet = io.StringIO()
    off = Progress(quiet, None)
    off.update(ok=True)
    assert quiet.getvalue() == ""
