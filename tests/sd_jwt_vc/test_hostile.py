"""Hostile SD-JWT VC input: ``verify`` never raises, and an edited presentation never verifies (hypothesis).

Derandomized and small (the same examples every run). The seed is a key-bound presentation of the example
micro-credential; edits are character changes anywhere, dropped/duplicated/reordered/inserted Disclosures and
foreign JSON in a Disclosure. Any edit that changes the bytes must fail a check: the issuer signature covers the
JWT, each Disclosure is bound by its digest, and the KB-JWT's ``sd_hash`` covers the whole presentation.
"""

from __future__ import annotations

import json
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred import VerificationPolicy, issue, verify
from microcred.base64url import b64url_encode
from microcred.keys import Key
from microcred.model.examples import example_microcredential
from microcred.sd_jwt import present

from .conftest import KEYS, NOW

AUD, NONCE = "https://employer.example", "n-fuzz"
POLICY = VerificationPolicy(domain=AUD, challenge=NONCE)
ALPHABET = 'AZaz09-_.~=+/ {}[]"\\\n\x00é'


@cache
def seed() -> tuple[str, str]:
    issuer, holder = Key.load(KEYS / "p256.jwk"), Key.load(KEYS / "ed25519.jwk")
    token = issue(example_microcredential(), issuer, format="sd-jwt-vc", now=NOW, holder=holder)
    assert isinstance(token, str)
    shown = present(
        token, ["learner.fullName", "learningOutcomes"], holder=holder, aud=AUD, nonce=NONCE, iat=NOW
    )
    return token, shown


def test_seed_verifies() -> None:
    result = verify(seed()[1], now=NOW, policy=POLICY)
    assert result.verified, result.summary()


@settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_character_edits_never_verify(data: st.DataObject) -> None:
    text = seed()[1]
    position = data.draw(st.integers(0, len(text) - 1))
    replacement = data.draw(st.text(ALPHABET, min_size=0, max_size=3))
    edited = text[:position] + replacement + text[position + 1 :]
    result = verify(edited, now=NOW, policy=POLICY)  # never raises
    assert result.checks
    if edited != text:
        assert not result.verified, (position, replacement)


@settings(max_examples=100, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_disclosure_edits_never_verify(data: st.DataObject) -> None:
    issued, shown = seed()
    jwt, *disclosures, kb = shown.split("~")
    pool = issued.split("~")[1:-1]
    foreign = b64url_encode(
        json.dumps(data.draw(st.lists(st.from_type(str) | st.integers(), max_size=4))).encode()
    )
    edit = data.draw(st.sampled_from(["drop", "duplicate", "reverse", "insert", "foreign"]))
    if edit == "drop":
        disclosures = disclosures[1:]
    elif edit == "duplicate":
        disclosures = [*disclosures, disclosures[0]]
    elif edit == "reverse":
        disclosures = disclosures[::-1]
    elif edit == "insert":
        disclosures = [*disclosures, data.draw(st.sampled_from([d for d in pool if d not in disclosures]))]
    else:
        disclosures = [*disclosures, foreign]
    edited = "~".join([jwt, *disclosures, kb])
    result = verify(edited, now=NOW, policy=POLICY)
    assert result.checks
    assert not result.verified or edited == shown, edit
