"""Context bombs built at test time (issue 11 item 3): too large to commit, cheap to build.

Each starts from a committed positive control (``base``) and adds hostile contexts that change no triple. An
embedded-proof credential keeps its proof (the verifier must give up on the contexts before the signature can
tell); a JOSE-secured credential is signed again over the hostile payload with the fixture key ``key``, so that
only the context limit can refuse it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from microcred.keys import Key

from .corpus_kit import b64d, b64e, jbytes

HERE = Path(__file__).resolve().parent
KEYS_DIR = HERE.parent / "data" / "keys"


def bomb_contexts(bomb: str, count: int) -> list[Any]:
    """The hostile ``@context`` entries (appended after the document's own)."""
    if bomb == "many-contexts":
        return [{f"unused{i}": f"https://example.org/unused{i}"} for i in range(count)]
    if bomb == "many-terms":
        return [{f"unused{i}": f"https://example.org/unused{i}" for i in range(count)}]
    if bomb == "scoped-every-term":
        return [{f"t{i}": {"@id": f"urn:t{i}", "@context": {"x": "urn:x"}} for i in range(count)}]
    if bomb == "nested-scoped":

        def level(depth: int) -> dict[str, Any]:
            if depth == 0:
                return {f"leaf{i}": f"urn:leaf{i}" for i in range(count)}
            return {
                f"s{depth}-{i}": {"@id": f"urn:s{depth}-{i}", "@context": level(depth - 1)}
                for i in range(count)
            }

        return [level(2)]
    raise ValueError(f"unknown context bomb {bomb!r}")


def _with_bomb(credential: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    out = dict(credential)
    if spec["bomb"] == "context-per-node":
        subject = dict(out["credentialSubject"])
        subject["description"] = [
            {"@context": {f"t{i}": f"urn:t{i}"}, "id": f"urn:node:{i}"} for i in range(int(spec["count"]))
        ]
        out["credentialSubject"] = subject
        return out
    context = out["@context"] if isinstance(out["@context"], list) else [out["@context"]]
    out["@context"] = [*context, *bomb_contexts(spec["bomb"], int(spec["count"]))]
    return out


def context_bomb(spec: dict[str, Any]) -> str:
    """The base case with a context bomb; JOSE formats signed again by ``spec['key']``."""
    text = (HERE / spec["base"]).read_text(encoding="utf-8").strip()
    if spec["format"] in ("vc+jwt", "vc-jwt"):
        key = Key.load(KEYS_DIR / spec["key"])
        header_segment, payload_segment, _ = text.split(".")
        header = json.loads(b64d(header_segment))
        payload = json.loads(b64d(payload_segment))
        if "vc" in payload:
            payload["vc"] = _with_bomb(payload["vc"], spec)
        else:
            payload = _with_bomb(payload, spec)
        signing_input = f"{header_segment}.{b64e(jbytes(payload))}"
        return f"{signing_input}.{b64e(key.sign(signing_input.encode('ascii'), header['alg']))}"
    document = json.loads(text)
    if spec["format"] == "jades":
        key = Key.load(KEYS_DIR / spec["key"])
        entry = document["signatures"][0]
        payload = json.dumps(_with_bomb(json.loads(document["payload"]), spec), separators=(",", ":"))
        header = json.loads(b64d(entry["protected"]))
        signature = key.sign(
            entry["protected"].encode("ascii") + b"." + payload.encode("utf-8"), header["alg"]
        )
        return json.dumps({"payload": payload, "signatures": [{**entry, "signature": b64e(signature)}]})
    return json.dumps(_with_bomb(document, spec))
