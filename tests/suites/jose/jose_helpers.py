"""Helpers for the JOSE tests: build hostile tokens by hand (never through the suites) and tamper with claims."""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Iterator
from typing import Any

from microcred.keys import Key

NOW = "2026-01-15T12:00:00Z"


def b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jbytes(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def craft(
    header: dict[str, Any] | str, payload: bytes | dict[str, Any], key: Key, alg: str | None = None
) -> str:
    """A compact JWS whose header says what the test wants, signed by ``key`` with ``alg`` (default: its own)."""
    protected = header if isinstance(header, str) else b64e(jbytes(header))
    body = b64e(payload if isinstance(payload, bytes) else jbytes(payload))
    signature = key.sign(f"{protected}.{body}".encode("ascii"), alg)
    return f"{protected}.{body}.{b64e(signature)}"


def parts(token: str) -> tuple[dict[str, Any], dict[str, Any], bytes]:
    h, p, s = token.split(".")
    return json.loads(b64d(h)), json.loads(b64d(p)), b64d(s)


def replace_payload(token: str, payload: dict[str, Any]) -> str:
    h, _, s = token.split(".")
    return f"{h}.{b64e(jbytes(payload))}.{s}"


def replace_signature(token: str, signature: bytes) -> str:
    h, p, _ = token.split(".")
    return f"{h}.{p}.{b64e(signature)}"


def string_leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from string_leaves(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from string_leaves(v, (*path, i))
    elif isinstance(value, str):
        yield path, value


def tampered_copies(document: dict[str, Any], samples: int = 8) -> Iterator[tuple[str, dict[str, Any]]]:
    """Copies of ``document`` with one string value changed (spread over the whole document)."""
    leaves = list(string_leaves(document))
    step = max(1, len(leaves) // samples)
    for path, value in leaves[::step]:
        out = copy.deepcopy(document)
        target = out
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value[:-1] + ("X" if not value.endswith("X") else "Y") if value else "X"
        yield "/".join(map(str, path)), out
