"""Reading the files named on the command line: bounded, regular files only, errors that name the file.

Every file option of every command goes through :func:`read_input`: the file is opened without blocking (so a
FIFO with no writer cannot hang the command), refused unless it is a regular file (``-`` reads stdin), and read
in chunks that stop at ``limit + 1`` bytes, so ``/dev/zero`` or a 200 MB file costs at most the limit in memory
and time. The typed readers below (JSON, text, keys, certificates, status lists) build on it and turn every
problem into one :class:`~microcred.errors.InputError` naming the file and what is wrong with it.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from typing import Any, BinaryIO

from ..errors import InputError, InputTooLargeError, JsonParseError, MicrocredError
from ..jsonio import MAX_DOCUMENT_BYTES, loads_strict

#: Chunk size of the streaming read.
CHUNK = 64 * 1024
#: Cap on a key file (JWK or PEM) and on a trust anchor file.
MAX_KEY_BYTES = 1024 * 1024
#: Cap on a status list credential file (a compressed bitstring of 16 kB .. a few MB, signed).
MAX_STATUS_LIST_BYTES = MAX_DOCUMENT_BYTES

#: Text that is a compact JWS / JWT (``header.payload.signature``, SD-JWT disclosures allowed).
COMPACT_JWS = re.compile(rb"[A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]*\.[A-Za-z0-9_=-]*(~[A-Za-z0-9_=~.-]*)?")

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _read_capped(stream: BinaryIO, limit: int, name: str, what: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise InputTooLargeError(f"{name}: {what} is larger than {limit:,} bytes, the limit", path=name)
    return b"".join(chunks)


def check_regular_file(path: str, *, what: str = "input file") -> None:
    """Raise :class:`InputError` unless ``path`` is a regular file (symlinks followed); never blocks."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise InputError(f"{path}: cannot read {what}: {exc.strerror or exc}", path=path) from exc
    if not stat.S_ISREG(mode):
        raise InputError(f"{path}: {what} is {_kind(mode)}, not a regular file", path=path)


def read_input(path: str, *, limit: int = MAX_DOCUMENT_BYTES, what: str = "input file") -> bytes:
    """The bytes of ``path`` (``-``: stdin), at most ``limit``; refuses non-regular files without blocking."""
    if path == "-":
        return _read_capped(sys.stdin.buffer, limit, "<stdin>", what)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError):
            raise InputError(f"{path}: no such file", path=path) from exc
        raise InputError(f"{path}: cannot read {what}: {exc.strerror or exc}", path=path) from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"{path}: {what} is {_kind(mode)}, not a regular file", path=path)
        with os.fdopen(fd, "rb", closefd=False) as stream:
            return _read_capped(stream, limit, path, what)
    except OSError as exc:
        raise InputError(f"{path}: cannot read {what}: {exc.strerror or exc}", path=path) from exc
    finally:
        os.close(fd)


def source_name(path: str) -> str:
    """How a file is named in messages (``-`` is stdin)."""
    return "<stdin>" if path == "-" else path


def decode_text(raw: bytes, path: str, *, what: str = "input file") -> str:
    """UTF-8 text of ``raw`` (a byte-order mark is dropped); an error names the file and the byte offset."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        name = source_name(path)
        raise InputError(
            f"{name}: {what} is not UTF-8 text (invalid byte at offset {exc.start})", path=name
        ) from exc


def read_text(path: str, *, limit: int = MAX_DOCUMENT_BYTES, what: str = "input file") -> str:
    """A UTF-8 text file given on the command line (``-`` for stdin), bounded."""
    return decode_text(read_input(path, limit=limit, what=what), path, what=what)


def read_json(path: str, *, limit: int = MAX_DOCUMENT_BYTES, what: str = "JSON file") -> Any:
    """Strictly parse a JSON file given on the command line (``-`` for stdin); errors name the file."""
    return read_json_text(read_text(path, limit=limit, what=what), path, limit=limit)


def load_key(path: str) -> Any:
    """A :class:`~microcred.keys.Key` from a JWK / key-pair JSON / PEM file, read with :func:`read_input`."""
    from ..keys import Key

    raw = read_input(path, limit=MAX_KEY_BYTES, what="key file")
    name = source_name(path)
    if raw.lstrip().startswith(b"{"):
        read_json_text(
            decode_text(raw, path, what="key file"), path, limit=MAX_KEY_BYTES
        )  # errors name the file
    try:
        return Key.from_bytes(raw, source=name)
    except MicrocredError as exc:
        exc.path = exc.path or name
        raise


def load_certificates(path: str) -> list[Any]:
    """The X.509 certificates of a PEM (one or more) or DER trust anchor file."""
    from cryptography import x509

    raw = read_input(path, limit=MAX_KEY_BYTES, what="trust anchor file")
    try:
        if b"-----BEGIN" in raw:
            return list(x509.load_pem_x509_certificates(raw))
        return [x509.load_der_x509_certificate(raw)]
    except ValueError:
        kind = "PEM" if b"-----BEGIN" in raw else "DER"
        raise InputError(
            f"{source_name(path)}: trust anchor file is not a valid X.509 certificate ({kind} could not be "
            "parsed)",
            path=source_name(path),
        ) from None


def load_status_list(path: str) -> Any:
    """A status list credential file: JSON (embedded proof) or a compact JWS/JWT (enveloped)."""
    raw = read_input(path, limit=MAX_STATUS_LIST_BYTES, what="status list file")
    text = decode_text(raw, path, what="status list file").strip()
    name = source_name(path)
    if text.startswith("{"):
        data = read_json_text(text, path, limit=MAX_STATUS_LIST_BYTES)
        if not isinstance(data.get("id"), str):
            raise InputError(f"{name}: the status list credential has no 'id'", path=name)
        return data
    if COMPACT_JWS.fullmatch(text.encode()) is None:
        raise InputError(
            f"{name}: status list file is neither a JSON credential nor a compact JWS", path=name
        )
    return text


def read_json_text(text: str, path: str, *, limit: int = MAX_DOCUMENT_BYTES) -> Any:
    """Strictly parse JSON text read from ``path``; errors name the file."""
    name = source_name(path)
    try:
        return loads_strict(text, source=name, max_bytes=limit)
    except MicrocredError as exc:
        exc.path = exc.path or name
        raise
    except ValueError as exc:  # e.g. an integer beyond Python's int-to-str limit, should the parser let it by
        raise JsonParseError(f"{name}: not usable JSON: {exc}", path=name) from exc
