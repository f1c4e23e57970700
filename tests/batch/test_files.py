"""Writing a batch's credentials (microcred.batch.files): atomic, never replacing a file, a group at a time."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from microcred import atomic_files
from microcred.batch import files
from microcred.batch.files import OutcomeWriter, output_name, write_outcome
from microcred.batch.outcome import BatchOutcome, RecordError
from microcred.errors import BatchOutputExistsError, InputError


def issued(number: int, ident: str | None = None) -> BatchOutcome:
    ident = ident or f"urn:uuid:00000000-0000-4000-8000-{number:012d}"
    return BatchOutcome(number, ident, credential={"id": ident, "n": number})


def failed(number: int) -> BatchOutcome:
    return BatchOutcome(number, None, error=RecordError("RECORD_INVALID", "bad record"))


def no_temporaries(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_write_outcome_never_replaces_a_file(tmp_path: Path) -> None:
    path = write_outcome(issued(1), tmp_path)
    assert json.loads(path.read_text(encoding="utf-8"))["n"] == 1
    with pytest.raises(BatchOutputExistsError, match="already exists"):
        write_outcome(issued(2, issued(1).credential_id), tmp_path)
    assert json.loads(path.read_text(encoding="utf-8"))["n"] == 1
    assert write_outcome(issued(3, issued(1).credential_id), tmp_path, overwrite=True) == path
    assert json.loads(path.read_text(encoding="utf-8"))["n"] == 3
    assert no_temporaries(tmp_path)


def test_write_outcome_into_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        write_outcome(issued(1), tmp_path / "missing")


def test_two_threads_writing_the_same_name_one_wins(tmp_path: Path) -> None:
    same = "urn:example:same"
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def write(number: int) -> None:
        barrier.wait()
        try:
            write_outcome(issued(number, same), tmp_path)
        except BatchOutputExistsError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(errors) == 7
    assert len(list(tmp_path.iterdir())) == 1
    assert no_temporaries(tmp_path)


def test_the_writer_reports_in_input_order_with_flat_memory(tmp_path: Path) -> None:
    outcomes = [failed(n) if n % 10 == 0 else issued(n) for n in range(1, 3 * OutcomeWriter.WINDOW + 8)]
    writer = OutcomeWriter(tmp_path)
    reported: list[tuple[BatchOutcome, Exception | None]] = []
    most_pending = 0
    for outcome in outcomes:
        reported.extend(writer.put(outcome))
        most_pending = max(most_pending, len(outcomes[: outcome.number]) - len(reported))
    reported.extend(writer.finish())
    assert [o.number for o, _ in reported] == [o.number for o in outcomes]
    assert all(error is None for _, error in reported)
    assert most_pending <= OutcomeWriter.WINDOW
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(output_name(o) for o in outcomes if o.ok)
    assert no_temporaries(tmp_path)


def test_the_writer_reports_a_repeated_id_and_keeps_the_first(tmp_path: Path) -> None:
    first, again = issued(1, "urn:example:x"), issued(2, "urn:example:x")
    writer = OutcomeWriter(tmp_path)
    reported = writer.put(first) + writer.put(again) + writer.finish()
    assert [o.number for o, _ in reported] == [1, 2]
    errors = [error for _, error in reported]
    assert errors.count(None) == 1
    assert sum(isinstance(e, BatchOutputExistsError) for e in errors) == 1
    assert len(list(tmp_path.iterdir())) == 1


def test_the_writer_passes_write_errors_on(tmp_path: Path) -> None:
    writer = OutcomeWriter(tmp_path / "missing")
    reported = writer.put(issued(1)) + writer.finish()
    assert isinstance(reported[0][1], InputError)


def test_the_writer_flushes_a_group_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    groups: list[int] = []
    real = atomic_files.write_files

    def counting(entries: Any, **options: Any) -> Any:
        groups.append(len(entries))
        return real(entries, **options)

    monkeypatch.setattr(files, "write_files", counting)
    monkeypatch.setattr(OutcomeWriter, "MAX_DELAY", 3600.0)
    writer = OutcomeWriter(tmp_path)
    count = 2 * OutcomeWriter.GROUP + 2
    for number in range(1, count + 1):
        writer.put(issued(number))
    writer.finish()
    assert groups == [OutcomeWriter.GROUP, OutcomeWriter.GROUP, 2]
    assert len(list(tmp_path.iterdir())) == count


def test_a_slow_batch_is_written_as_it_goes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(OutcomeWriter, "MAX_DELAY", 0.0)  # every group handed over at once
    writer = OutcomeWriter(tmp_path)
    first = issued(1)
    assert writer.put(first) in ([], [(first, None)])
    target = tmp_path / output_name(first)
    for _ in range(500):
        if target.exists():
            break
        time.sleep(0.01)
    assert target.exists()  # written before the batch ends (or the group fills)
    reported = writer.put(issued(2)) + writer.finish()
    assert [o.number for o, _ in reported][-1] == 2


def test_a_credential_as_text_as_bytes_and_as_a_dict_gives_one_file(tmp_path: Path) -> None:
    document = {"id": "urn:x:1", "name": "Zo\u00e9"}
    text = '{"id":"urn:x:1","name":"Zo\u00e9"}\n'
    forms: list[dict[str, Any] | str | bytes] = [document, text, text.encode(), text.rstrip("\n").encode()]
    for i, credential in enumerate(forms):
        folder = tmp_path / str(i)
        folder.mkdir()
        path = write_outcome(BatchOutcome(1, "urn:x:1", credential=credential), folder)
        assert path.name == "urn%3Ax%3A1.json"
        assert path.read_bytes() == text.encode("utf-8")
    jws = BatchOutcome(2, "urn:x:2", credential=b"eyJhbGciOiJFUzI1NiJ9.e30.c2ln")
    assert output_name(jws) == "urn%3Ax%3A2.jwt"
    assert files.output_bytes(jws) == b"eyJhbGciOiJFUzI1NiJ9.e30.c2ln\n"
