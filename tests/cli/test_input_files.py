"""Every file the CLI reads: bounded, regular files only, one-line errors naming the file, exit 2, no traceback."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from microcred.cli import _input
from microcred.cli.main import main
from microcred.errors import InputError, InputTooLargeError
from microcred.jsonio import MAX_DOCUMENT_BYTES
from microcred.keys import Key

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOW = "2026-01-15T12:00:00Z"
HUGE_INT = "1" * 5000  # beyond Python's default int-to-str limit (4300 digits)


class EndlessStdin:
    """A stdin whose binary buffer never ends; counts what was read from it."""

    def __init__(self) -> None:
        self.read_bytes = 0
        self.buffer = self

    def read(self, n: int = -1) -> bytes:
        assert n > 0, "an unbounded read of stdin"
        self.read_bytes += n
        return b"0" * n


@pytest.fixture
def files(tmp_path: Path, keys: dict[str, Key]) -> dict[str, Path]:
    """A good credential, key, keys file, plus hostile files of every kind."""
    key = tmp_path / "issuer.jwk"
    keys["Ed25519"].save(key)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    not_utf8 = tmp_path / "latin1.json"
    not_utf8.write_bytes(b'{"name": "Jos\xe9"}')
    big = tmp_path / "big.json"
    with big.open("wb") as fh:  # sparse: larger than every limit, costs no disk
        fh.truncate(MAX_DOCUMENT_BYTES + 4096)
    huge_int = tmp_path / "huge-int.json"
    huge_int.write_text('{"a": ' + HUGE_INT + "}")
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n")
    empty = tmp_path / "empty-dir"
    empty.mkdir()
    text = tmp_path / "words.txt"
    text.write_text("this is not json\n")
    return {
        "model": EXAMPLES / "microcredential.json",
        "key": key,
        "fifo": fifo,
        "zero": Path("/dev/zero"),
        "dir": empty,
        "not_utf8": not_utf8,
        "big": big,
        "huge_int": huge_int,
        "garbage": garbage,
        "text": text,
    }


def argv_for(option: str, path: str, files: dict[str, Path], tmp_path: Path) -> list[str]:
    """A command line that hands ``path`` to ``option`` and valid files to everything else."""
    model, key = str(files["model"]), str(files["key"])
    return {
        "verify FILE": ["verify", path],
        "verify --keys": ["verify", "--keys", path, model],
        "verify --status-list": ["verify", "--status-list", path, model],
        "verify --trust-anchor": ["verify", "--trust-anchor", path, model],
        "issue INPUT": ["issue", path, "--key", key],
        "issue --key": ["issue", model, "--key", path],
        "convert FILE": ["convert", path, "--to", "elm"],
        "validate FILE": ["validate", path],
        "canon FILE": ["canon", path],
        "canon --from nquads": ["canon", "--from", "nquads", path],
        "keygen --public": ["keygen", "--public", path],
        "status publish --key": [
            "status", "publish", "--db", str(tmp_path / "s.sqlite"), "--list", "https://x.example/1", "--key", path
        ],
        "issue-batch INPUT": ["issue-batch", path, "--input-format", "jsonl", "--key", key, "--out", str(tmp_path / "o")],
        "issue-batch --key": ["issue-batch", str(tmp_path / "in.jsonl"), "--key", path, "--out", str(tmp_path / "o")],
        "issue-batch --template": [
            "issue-batch", str(tmp_path / "in.jsonl"), "--key", key, "--template", path, "--out", str(tmp_path / "o")
        ],
    }[option]  # fmt: skip


OPTIONS = [
    "verify FILE",
    "verify --keys",
    "verify --status-list",
    "verify --trust-anchor",
    "issue INPUT",
    "issue --key",
    "convert FILE",
    "validate FILE",
    "canon FILE",
    "canon --from nquads",
    "keygen --public",
    "status publish --key",
    "issue-batch INPUT",
    "issue-batch --key",
    "issue-batch --template",
]


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str, path: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert path in lines[0] and "Traceback" not in err
    return lines[0]


@pytest.fixture
def batch_input(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text(json.dumps({"x": 1}) + "\n")


REFUSED = [
    (option, kind, reason)
    for option in OPTIONS
    for kind, reason in [
        ("fifo", "FIFO"),
        ("zero", "character device"),
        ("dir", "directory"),
        ("big", "limit"),
    ]
    # issue-batch streams its input: a large JSONL file is fine (one over-long line is not, tested in batch/)
    if not (option == "issue-batch INPUT" and kind == "big")
]
UNUSABLE = [
    (option, kind)
    for option in OPTIONS
    if not option.startswith(("issue-batch INPUT", "verify FILE"))
    for kind in ["not_utf8", "huge_int", "garbage", "text"]
    # valid UTF-8 text is for the N-Quads parser to judge
    if not (option == "canon --from nquads" and kind != "not_utf8")
]


@pytest.mark.parametrize(("option", "kind", "reason"), REFUSED)
def test_non_regular_or_oversized_files_are_refused(
    option: str,
    kind: str,
    reason: str,
    files: dict[str, Path],
    tmp_path: Path,
    batch_input: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = str(files[kind])
    code, out, err = run(capsys, argv_for(option, path, files, tmp_path))
    if option == "verify FILE" and kind == "dir":
        assert code == 2 and "no credential files found" in err  # a folder of no credentials
        return
    assert code == 2, (out, err)
    line = one_line_error(err, path)
    assert reason in line


@pytest.mark.parametrize(("option", "kind"), UNUSABLE)
def test_unusable_content_is_one_line_exit_2(
    option: str,
    kind: str,
    files: dict[str, Path],
    tmp_path: Path,
    batch_input: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = str(files[kind])
    code, out, err = run(capsys, argv_for(option, path, files, tmp_path))
    assert code == 2, (out, err)
    line = one_line_error(err, path)
    if kind == "not_utf8" and option != "verify --trust-anchor":  # a DER certificate is binary
        assert "UTF-8" in line
    if option == "verify --trust-anchor":
        assert "X.509 certificate" in line and "ParseError" not in line


@pytest.mark.parametrize("kind", ["not_utf8", "huge_int", "text", "big", "fifo", "zero"])
def test_verify_inputs_that_are_not_credentials_exit_2(
    kind: str, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(files[kind])
    code, out, err = run(capsys, ["verify", "--json", path])
    assert code == 2, (out, err)
    result = json.loads(out)
    assert result["source"] == path and result["verified"] is False
    assert result["checks"][0]["name"] == "format" and "Traceback" not in err


def test_stdin_is_read_with_a_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    endless = EndlessStdin()
    monkeypatch.setattr("sys.stdin", endless)
    with pytest.raises(InputTooLargeError, match="<stdin>"):
        _input.read_input("-", limit=100_000)
    assert endless.read_bytes == 100_001  # stopped at limit + 1


def test_stdin_credential_verifies(
    files: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    signed = tmp_path / "signed.json"
    assert (
        main(["issue", str(files["model"]), "--key", str(files["key"]), "--now", NOW, "-o", str(signed)]) == 0
    )
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(signed.read_bytes())))
    code, out, _ = run(capsys, ["verify", "--json", "--now", NOW, "-"])
    assert code == 0 and json.loads(out)["source"] == "<stdin>"


def test_read_input_reads_regular_files_exactly(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * 100)
    assert _input.read_input(str(path), limit=100) == b"x" * 100
    with pytest.raises(InputTooLargeError):
        _input.read_input(str(path), limit=99)
    with pytest.raises(InputError, match="no such file"):
        _input.read_input(str(tmp_path / "missing"))


def test_fifo_with_a_writer_is_still_refused(files: dict[str, Path]) -> None:
    """Refused for what it is, not for being empty: a pipe's length is unknown before it is read."""
    fd = os.open(files["fifo"], os.O_RDONLY | os.O_NONBLOCK)
    writer = os.open(files["fifo"], os.O_WRONLY)
    try:
        with pytest.raises(InputError, match="FIFO"):
            _input.read_input(str(files["fifo"]))
    finally:
        os.close(writer)
        os.close(fd)


def test_unexpected_exceptions_are_one_line(
    monkeypatch: pytest.MonkeyPatch, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise KeyError("surprise")

    monkeypatch.setattr("microcred.cli.convert.load_microcredential", boom)
    code, _, err = run(capsys, ["convert", str(files["model"]), "--to", "elm"])
    assert code == 2
    line = one_line_error(err, "internal error")
    assert "KeyError" in line and "surprise" in line


@pytest.mark.parametrize(
    "content",
    ['{"@context": ["https://www.w3.org/ns/credentials/v2"], "n": 1e400}', '{"n": ' + HUGE_INT + "}"],
    ids=["number-overflows-a-double", "integer-beyond-int-to-str-limit"],
)
def test_json_no_parser_can_hold_exits_2(
    content: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "odd.json"
    path.write_text(content)
    code, out, err = run(capsys, ["verify", "--json", str(path)])
    assert code == 2, out
    assert json.loads(out)["checks"][0]["code"].startswith("JSON_") and "Traceback" not in err
