"""Value types: language maps and controlled values take the short way for values already in normal form
(issue 19) and give what the long way gives, errors included."""

from __future__ import annotations

from typing import Any

import pytest

from microcred.errors import ModelValidationError
from microcred.model import MicroCredential, minimal_microcredential
from microcred.model.types import _check_lang_map, language_codes


def _long_way(value: dict[str, str]) -> dict[str, str]:
    """The language-map check written out step by step (as before the short way)."""
    if not value:
        raise ValueError('needs at least one language, e.g. {"en": "..."}')
    out: dict[str, str] = {}
    for key, text in value.items():
        lang = key.strip().lower()
        if lang not in language_codes():
            raise ValueError(f"{key!r} is not an ISO 639-1 two-letter language code (e.g. en, fr, de)")
        if not text.strip():
            raise ValueError(f"the {lang!r} text is empty")
        if lang in out:
            raise ValueError(f"language {lang!r} is given twice")
        out[lang] = text.strip()
    return out


LANG_MAPS: list[dict[str, str]] = [
    {"en": "Intro"},
    {"en": " Intro ", "de": "Einführung"},
    {"EN": "Intro", " de ": "x"},
    {"en": "a", "EN": "b"},
    {"en": "a", " en": "b"},
    {"xx": "a"},
    {"eng": "a"},
    {"": "a"},
    {"en": "   "},
    {"en": ""},
    {"fr": "a", "en": "\t"},
    {},
]


@pytest.mark.parametrize("value", LANG_MAPS, ids=range(len(LANG_MAPS)))
def test_language_maps_are_checked_as_the_long_way_checks_them(value: dict[str, str]) -> None:
    try:
        expected: Any = _long_way(value)
    except ValueError as exc:
        expected = str(exc)
    try:
        got: Any = _check_lang_map(value)
    except ValueError as exc:
        got = str(exc)
    assert got == expected


EIRE = "http://publications.europa.eu/resource/authority/country/IRL"


@pytest.mark.parametrize(
    ("given", "expected"),
    [(EIRE, EIRE), (f" {EIRE} ", EIRE), ("IE", EIRE), ("irl", EIRE), ("Ireland", EIRE), ("ZZ", None)],
)
def test_controlled_values_normalize_to_the_concept_uri(given: str, expected: str | None) -> None:
    doc = minimal_microcredential().to_dict()
    doc["awardingBodies"][0]["locations"] = [{"country": given}]
    if expected is None:
        with pytest.raises(ModelValidationError) as caught:
            MicroCredential.from_dict(doc)
        assert caught.value.details["errors"][0]["path"] == "awardingBodies[0].locations[0].country"
        assert "'ZZ' is not in the country vocabulary" in caught.value.details["errors"][0]["message"]
        return
    assert MicroCredential.from_dict(doc).awarding_bodies[0].locations[0].country == expected


def test_a_concept_uri_outside_the_vocabulary_is_let_through_only_when_lax() -> None:
    doc = minimal_microcredential().to_dict()
    other = "http://publications.europa.eu/resource/authority/country/XXX"
    doc["awardingBodies"][0]["locations"] = [{"country": other}, {"country": EIRE}]
    with pytest.raises(ModelValidationError):
        MicroCredential.from_dict(doc)
    mc = MicroCredential.from_dict(doc, unknown_concepts=True, lenient=True)
    assert [loc.country for loc in mc.awarding_bodies[0].locations] == [other, EIRE]
    assert [p for p, _ in mc.unknown_concepts()] == ["awardingBodies[0].locations[0].country"]
