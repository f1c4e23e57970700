"""Inputs built at test time instead of committed (the manifest's ``generate``): oversized and deeply nested ones,
and the context bombs of :mod:`.generated_bombs`.

Each generator starts, where it says ``base``, from a committed case file, so the generated input is a signed
credential made hostile, not random bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .corpus_kit import b64e, jbytes
from .generated_bombs import context_bomb

HERE = Path(__file__).resolve().parent


def _base(spec: dict[str, Any]) -> str:
    return (HERE / str(spec["base"])).read_text(encoding="utf-8").strip()


def deep_json(spec: dict[str, Any]) -> str:
    """``depth`` nested arrays: JSON text a recursive parser would overflow on."""
    depth = int(spec["depth"])
    return "[" * depth + "]" * depth


def padded_json(spec: dict[str, Any]) -> str:
    """The base JSON document with a padding member that brings it to at least ``bytes`` bytes."""
    document = json.loads(_base(spec))
    text = json.dumps(document)
    document["padding"] = "x" * max(0, int(spec["bytes"]) - len(text))
    return json.dumps(document)


def padded_token(spec: dict[str, Any]) -> str:
    """The base compact JWS with its payload segment grown to at least ``bytes`` bytes (signature kept)."""
    header, payload, signature = _base(spec).split(".")
    return f"{header}.{payload}{'A' * max(0, int(spec['bytes']) - len(payload))}.{signature}"


def big_header(spec: dict[str, Any]) -> str:
    """The base compact JWS with ``bytes`` bytes of padding inside its protected header (signature kept)."""
    header, payload, signature = _base(spec).split(".")
    decoded = json.loads(_b64d(header))
    decoded["pad"] = "x" * int(spec["bytes"])
    return f"{b64e(jbytes(decoded))}.{payload}.{signature}"


def wide_claims(spec: dict[str, Any]) -> str:
    """The base signed credential with ``count`` extra values of a defined claim (added after signing)."""
    document = json.loads(_base(spec))
    document["credentialSubject"]["description"] = [f"claim {i}" for i in range(int(spec["count"]))]
    return json.dumps(document)


def _b64d(text: str) -> bytes:
    import base64

    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


GENERATORS = {
    "deep-json": deep_json,
    "padded-json": padded_json,
    "padded-token": padded_token,
    "big-header": big_header,
    "wide-claims": wide_claims,
    "context-bomb": context_bomb,
}


def generate(spec: dict[str, Any]) -> str:
    return GENERATORS[spec["kind"]](spec)
