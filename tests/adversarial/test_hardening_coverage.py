"""The corpus covers every class of issue 11, in every format the class applies to, each with positive controls."""

from __future__ import annotations

import pytest

from .runner import CASES, FORMATS

EMBEDDED = {"eddsa-rdfc-2022", "ecdsa-rdfc-2019", "jws-2020"}
#: class (the manifest's kind) -> (formats it must cover, the name prefix of its positive controls)
CLASSES: dict[str, tuple[set[str], str]] = {
    "calendar-edge": (set(FORMATS), "control-calendar-edge"),
    "number-range": (set(FORMATS), "control-big-numbers"),
    "jose-strict": ({"vc+jwt", "vc-jwt", "jades", "jws-2020"}, "control-strict-"),
    "context-bomb": (set(FORMATS), "control-context-bomb"),
    "non-compact": (set(FORMATS), "control-non-compact"),
    "proof-set": (EMBEDDED, "control-proof-set"),
    "bare-did-key": (EMBEDDED | {"vc+jwt", "vc-jwt"}, "control-bare-did-key"),
    "wrapped-context": (set(FORMATS), "control-wrapped-context"),
}


def _formats(names: list[str]) -> set[str]:
    return {name.split("/", 1)[0] for name in names}


def test_the_corpus_has_at_least_600_cases() -> None:
    assert len(CASES) >= 600


@pytest.mark.parametrize("kind", sorted(CLASSES))
def test_each_class_covers_its_formats_with_controls(kind: str) -> None:
    formats, control_prefix = CLASSES[kind]
    attacks = [k for k, e in CASES.items() if e["kind"] == kind]
    assert all(not CASES[k]["expect"]["verified"] for k in attacks), "an attack expected to verify"
    assert _formats(attacks) >= formats, sorted(formats - _formats(attacks))
    controls = [k for k, e in CASES.items() if k.split("/", 1)[1].startswith(control_prefix)]
    assert all(CASES[k]["expect"]["verified"] for k in controls)
    assert _formats(controls) >= formats, sorted(formats - _formats(controls))


def test_every_attack_names_a_check_and_a_code() -> None:
    for name, entry in CASES.items():
        if entry["kind"] in CLASSES:
            expected = entry["expect"]
            assert expected["check"] and expected["code"].isupper(), name
