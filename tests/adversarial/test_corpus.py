"""Run the adversarial corpus: every case ends with the check and code its manifest entry names, and never hangs.

Each case is verified from its committed file (or its generated input) as text, the way a verifier receives it.
The runner asserts that ``verify`` returns (it must not raise) within a guard (``signal.alarm`` on POSIX; the
real bound is the verifier's own caps and the RDFC-1.0 work limit), that ``verified`` is what the case expects
(False for every attack, True for the positive controls) and that the expected check has the expected status
and code.
"""

from __future__ import annotations

from collections import Counter

import pytest

from microcred import verify

from .corpus import KINDS
from .runner import CASES, FORMATS, HERE, case_input, guard, verify_arguments


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(name: str) -> None:
    entry = CASES[name]
    data = case_input(entry)
    kwargs = verify_arguments(entry["options"])
    with guard():
        result = verify(data, **kwargs)
    expected = entry["expect"]
    assert result.verified is expected["verified"], f"{entry['note']}\n{result.summary()}"
    if "check" in expected:
        found = [(c.name, c.status.value, c.code) for c in result.checks]
        wanted = (expected["check"], expected["status"], expected["code"])
        assert wanted in found, f"{entry['note']}: expected {wanted}\n{result.summary()}"


# -- the corpus itself ---------------------------------------------------------------------------------------------
def test_the_corpus_is_large_and_covers_every_format() -> None:
    attacks = [k for k, e in CASES.items() if not e["expect"]["verified"]]
    assert len(attacks) >= 100
    by_format = Counter(name.split("/", 1)[0] for name in attacks)
    assert set(by_format) == set(FORMATS), by_format
    assert min(by_format.values()) >= 15, by_format


def test_every_format_has_positive_controls() -> None:
    """Without controls the corpus could pass by rejecting everything."""
    controls = Counter(k.split("/", 1)[0] for k, e in CASES.items() if e["expect"]["verified"])
    assert set(controls) == set(FORMATS), controls


def test_every_case_is_described() -> None:
    for name, entry in CASES.items():
        assert entry["note"].strip(), name
        assert entry["kind"] in KINDS, name
        assert ("file" in entry) != ("generate" in entry), name
        expected = entry["expect"]
        if not expected["verified"]:
            assert expected["status"] in ("failed", "error"), name
            assert expected["code"].isupper(), name


def test_every_kind_is_used() -> None:
    assert {e["kind"] for e in CASES.values()} == set(KINDS)


def test_no_orphan_files() -> None:
    """Every committed case and status list file is used by some case."""
    used = {e["file"] for e in CASES.values() if "file" in e}
    used |= {p for e in CASES.values() for p in e["options"].get("status_lists", [])}
    used |= {p for e in CASES.values() for p in e["options"].get("status_fetch", {}).values()}
    used |= {e["generate"]["base"] for e in CASES.values() if "base" in e.get("generate", {})}
    on_disk = {
        p.relative_to(HERE).as_posix()
        for folder in ("cases", "lists")
        for p in (HERE / folder).rglob("*")
        if p.is_file()
    }
    assert on_disk == used
