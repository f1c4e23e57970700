"""Fuzz ``verify`` with mutated signed credentials of all six formats (hypothesis, bounded and deterministic).

Every example takes a positive control of the adversarial corpus (it verifies unmutated, which the first test
checks), mutates it and verifies the result. Properties:

* ``verify`` never raises and returns within the guard (no hang);
* a mutated credential is never ``verified`` unless the mutation was neutral: what the signature covers and what
  the verifier reads are both exactly the seed's (see :mod:`tests.fuzz.mutations` for how that is decided).

The runs are derandomized (the same examples on every run) and small enough for CI: the folder takes a few
seconds. Raise ``FUZZ_SCALE`` (an integer factor, e.g. ``FUZZ_SCALE=50``) to fuzz longer by hand.
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred import verify
from microcred.verification.results import VerificationResult

from ..adversarial.runner import CASES, FORMATS, case_input, guard, verify_arguments
from .mutations import (
    b64d,
    encode_json,
    expand_member,
    json_view,
    mutate_text,
    mutate_tree,
    parse_input,
    signed_content,
    token_of,
    with_token,
)

SCALE = max(1, int(os.environ.get("FUZZ_SCALE", "1")))
#: Positive controls with a committed file: (name, input text).
SEEDS: tuple[str, ...] = tuple(
    sorted(name for name, entry in CASES.items() if entry["expect"]["verified"] and "file" in entry)
)


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@cache
def seed(name: str) -> tuple[str, dict[str, Any], Any, Any]:
    """(input text, verify() arguments, signed content, JSON view) of a seed."""
    entry = CASES[name]
    text = case_input(entry).strip()
    kwargs = verify_arguments(entry["options"])
    result = verify(text, **kwargs)
    return text, kwargs, signed_content(text), json_view(result.credential, text)


def check(name: str, mutated: str) -> VerificationResult:
    _, kwargs, content, view = seed(name)
    with guard():
        result = verify(mutated, **kwargs)
    if result.verified:
        assert signed_content(mutated) == content, f"{name}: a mutation of the signed content verified"
        assert json_view(result.credential, mutated) == view, (
            f"{name}: verified, but the checks read other values"
        )
    return result


def _serialize(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def test_seeds_cover_every_format_and_verify() -> None:
    assert {name.split("/", 1)[0] for name in SEEDS} == set(FORMATS)
    for name in SEEDS:
        text, kwargs, content, view = seed(name)
        assert verify(text, **kwargs).verified, name
        assert content is not None and view is not None, name


@fuzz_settings(150)
@given(data=st.data(), name=st.sampled_from(SEEDS))
def test_json_mutations(data: st.DataObject, name: str) -> None:
    """Structural edits of the JSON: the document, a JAdES payload, a JWT's claims (the signature kept)."""
    text = seed(name)[0]
    parsed = parse_input(text)
    token = token_of(parsed)
    if token is not None and (isinstance(parsed, str) or data.draw(st.booleans())):
        header, payload, signature = token.split(".")
        claims = json.loads(b64d(payload))
        mutated = with_token(parsed, f"{header}.{encode_json(data.draw(mutate_tree(claims)))}.{signature}")
    elif "payload" in parsed and data.draw(st.booleans()):
        document = dict(parsed)
        document["payload"] = json.dumps(
            data.draw(mutate_tree(json.loads(parsed["payload"]))), separators=(",", ":")
        )
        mutated = json.dumps(document)
    elif isinstance(parsed, dict) and "proof" in parsed and data.draw(st.booleans()):
        mutated = json.dumps(data.draw(expand_member(parsed)))
    else:
        mutated = _serialize(data.draw(mutate_tree(parsed)))
    check(name, mutated)


@fuzz_settings(100)
@given(data=st.data(), name=st.sampled_from(SEEDS))
def test_header_mutations(data: st.DataObject, name: str) -> None:
    """Edits of a JOSE protected header (compact, enveloped and JAdES) or of an embedded proof, signature kept."""
    text = seed(name)[0]
    parsed = parse_input(text)
    token = token_of(parsed)
    if token is not None:
        header, payload, signature = token.split(".")
        edited = encode_json(data.draw(mutate_tree(json.loads(b64d(header)))))
        mutated = with_token(parsed, f"{edited}.{payload}.{signature}")
    elif "payload" in parsed:
        document = json.loads(text)
        entry = (document.get("signatures") or [document])[0]
        entry["protected"] = encode_json(data.draw(mutate_tree(json.loads(b64d(entry["protected"])))))
        mutated = json.dumps(document)
    else:
        document = json.loads(text)
        proof = document["proof"]
        if isinstance(proof, dict) and data.draw(st.booleans()):
            document["proof"] = data.draw(expand_member(proof, context=document["@context"]))
        else:
            document["proof"] = data.draw(mutate_tree(proof))
        mutated = json.dumps(document)
    check(name, mutated)


@fuzz_settings(150)
@given(data=st.data(), name=st.sampled_from(SEEDS))
def test_text_mutations(data: st.DataObject, name: str) -> None:
    """Byte-level edits and truncations of the input as received (JSON text or compact token)."""
    check(name, data.draw(mutate_text(seed(name)[0])))


@fuzz_settings(100)
@given(data=st.data(), name=st.sampled_from(SEEDS))
def test_signature_mutations(data: st.DataObject, name: str) -> None:
    """Character edits inside the signature: proofValue, the detached jws, the JWS signature segment."""
    text = seed(name)[0]
    parsed = parse_input(text)
    token = token_of(parsed)
    if token is not None:
        head, _, signature = token.rpartition(".")
        mutated = with_token(parsed, f"{head}.{data.draw(mutate_text(signature))}")
    elif "payload" in parsed:
        document = json.loads(text)
        entry = (document.get("signatures") or [document])[0]
        entry["signature"] = data.draw(mutate_text(entry["signature"]))
        mutated = json.dumps(document)
    else:
        document = json.loads(text)
        proofs = document["proof"] if isinstance(document["proof"], list) else [document["proof"]]
        proof = data.draw(st.sampled_from(proofs))  # any proof of a set, the skipped ones too
        member = "jws" if "jws" in proof else "proofValue"
        proof[member] = data.draw(mutate_text(proof[member]))
        mutated = json.dumps(document)
    check(name, mutated)
