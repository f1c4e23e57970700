"""One credential source for batch verification: a file (read bounded) or data with a name, verified once.

Shared by :mod:`microcred.batch.verify_many` (in worker processes) and ``microcred verify``: every source gets
exactly one :class:`~microcred.verification.results.VerificationResult`; a file that cannot be read gets one whose
``format`` check is an error naming the file, so a bad file is reported in its place and the others go on.
"""

from __future__ import annotations

import os
import re
import stat
from typing import Any

from ..errors import InputError, InputTooLargeError, JsonParseError, MicrocredError, UsageError
from .codes import CheckName
from .results import Check, VerificationResult

#: A compact JWS / JWT (or SD-JWT) as one token.
_COMPACT_JWS = re.compile(rb"[A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]*\.[A-Za-z0-9_=-]*(~[A-Za-z0-9_=~.-]*)?")


def looks_processable(raw: bytes) -> bool:
    """True when ``raw`` is JSON-shaped, a compact JWS or a PNG/SVG image that may carry a baked badge;
    anything else is not a credential at all (the same rule as ``microcred verify``)."""
    from ..shapes.baked import is_baked_image

    text = raw.strip().removeprefix(b"\xef\xbb\xbf").strip()
    return text.startswith((b"{", b"[")) or _COMPACT_JWS.fullmatch(text) is not None or is_baked_image(raw)


def read_credential_file(path: str, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` (never blocks on a FIFO or a device)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file", path=path) from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read credential file: {exc.strerror or exc}", path=path) from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(f"{path}: credential file is not a regular file", path=path)
        with os.fdopen(fd, "rb", closefd=False) as stream:
            raw = stream.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read credential file: {exc.strerror or exc}", path=path) from exc
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise InputTooLargeError(f"{path}: credential file is larger than {limit:,} bytes", path=path)
    return raw


def verify_source(verifier: Any, source: Any) -> tuple[VerificationResult, bool]:
    """Verify one source: a file path, or ``(name, data)``. Returns the result and whether the input looked like
    a credential at all (JSON-shaped or a compact JWS). Never raises for bad input."""
    if isinstance(source, tuple):
        name, raw = source
    else:
        name = os.fspath(source)
        try:
            raw = read_credential_file(name, verifier.policy.max_bytes)
        except InputError as exc:
            return error_result(name, exc.code, exc.message), False
    try:
        result = verifier.verify(raw, source=name)
    except UsageError:
        raise  # the verifier's configuration, not this source's fault
    except (
        MicrocredError,
        ValueError,
    ) as exc:  # e.g. an integer beyond Python's int-to-str limit in the JSON
        message = " ".join(str(exc).split())
        return error_result(name, JsonParseError.code, f"{name}: not usable JSON: {message}"), False
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "replace")
    return result, (looks_processable(raw) if isinstance(raw, bytes) else True)


def error_result(source: str, code: str, message: str) -> VerificationResult:
    """A result with one ``format`` error check: the source could not be verified at all."""
    result = VerificationResult(format=None, source=source)
    result.add(Check.error(CheckName.FORMAT, code, message))
    return result
