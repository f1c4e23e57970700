"""canonicalize() / canonicalize_with_map(): benchmark samples, SHA-384, input forms, the work limit, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from microcred.errors import InputError, UnknownDocumentError, UsageError, WorkLimitExceededError
from microcred.jsonld import DocumentLoader, canonicalize, canonicalize_with_map, to_nquads
from microcred.jsonld.rdfc import DEFAULT_MAX_WORK, WORK_PER_BLANK_NODE

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
RDFC = Path(__file__).resolve().parents[1] / "suites" / "rdf-canon" / "rdfc10"
SAMPLES = ["small-vc.json", "large-vc.json", "xl-vc.json", "Sample-MC-Annex1-unsigned.jsonld"]


@pytest.mark.parametrize("name", SAMPLES)
def test_samples_match_their_canonical_form(name: str, loader: DocumentLoader) -> None:
    """Expected forms: identical in pyld, pyoxigraph and rdf-canonize (see benchmarks/data/SOURCE.md)."""
    document = json.loads((DATA / name).read_text(encoding="utf-8"))
    expected = (DATA / (name.rsplit(".", 1)[0] + ".canon.nq")).read_text(encoding="utf-8")
    assert canonicalize(document, loader=loader) == expected


def test_json_text_and_bytes_are_accepted(loader: DocumentLoader) -> None:
    text = (DATA / "small-vc.json").read_text(encoding="utf-8")
    expected = (DATA / "small-vc.canon.nq").read_text(encoding="utf-8")
    assert canonicalize(text, loader=loader) == expected
    assert canonicalize(text.encode(), loader=loader) == expected


def test_nquads_input_and_sha384() -> None:
    source = (RDFC / "test075-in.nq").read_text(encoding="utf-8")
    sha256 = canonicalize(source, input_format="nquads")
    sha384 = canonicalize(source.encode(), input_format="nquads", hash_algorithm="sha384")
    assert sha384 == (RDFC / "test075-rdfc10.nq").read_text(encoding="utf-8")
    assert sha256 != sha384  # the hash decides which blank node gets which label


def test_issued_map_for_jsonld_input_uses_to_nquads_labels(loader: DocumentLoader) -> None:
    document = json.loads((DATA / "small-vc.json").read_text(encoding="utf-8"))
    result = canonicalize_with_map(document, loader=loader)
    labels = {
        line.split(" ")[0][2:] for line in to_nquads(document, loader=loader).splitlines() if line[:2] == "_:"
    }
    assert set(result.issued) >= labels
    assert sorted(result.issued.values()) == sorted(f"c14n{i}" for i in range(len(result.issued)))
    assert result.nquads == canonicalize(document, loader=loader)


def test_canonical_form_is_a_fixed_point() -> None:
    source = (RDFC / "test044-in.nq").read_text(encoding="utf-8")
    once = canonicalize(source, input_format="nquads")
    assert canonicalize(once, input_format="nquads") == once


def test_empty_dataset() -> None:
    assert canonicalize("", input_format="nquads") == ""
    assert canonicalize_with_map("# nothing\n", input_format="nquads").issued == {}


# -- work limit ---------------------------------------------------------------------------------------------
def test_custom_max_work_takes_effect() -> None:
    """test044 needs exactly 3,348 units (Hash N-Degree Quads calls + permutations)."""
    source = (RDFC / "test044-in.nq").read_text(encoding="utf-8")
    expected = (RDFC / "test044-rdfc10.nq").read_text(encoding="utf-8")
    assert canonicalize(source, input_format="nquads", max_work=3348) == expected
    with pytest.raises(WorkLimitExceededError) as caught:
        canonicalize(source, input_format="nquads", max_work=3347)
    assert caught.value.details["max_work"] == 3347


def test_max_work_zero_is_enough_when_every_blank_node_is_distinct() -> None:
    source = (RDFC / "test003-in.nq").read_text(encoding="utf-8")
    assert canonicalize(source, input_format="nquads", max_work=0) == (RDFC / "test003-rdfc10.nq").read_text(
        encoding="utf-8"
    )


def test_poison_graph_stops_at_the_default_limit() -> None:
    """The 10-node clique (test074) stops after a bounded amount of work: 10,000 + 10 per blank node."""
    source = (RDFC / "test074-in.nq").read_text(encoding="utf-8")
    with pytest.raises(WorkLimitExceededError, match="units of work") as caught:
        canonicalize(source, input_format="nquads")
    assert caught.value.details == {
        "max_work": DEFAULT_MAX_WORK + 10 * WORK_PER_BLANK_NODE,
        "blank_nodes": 10,
    }
    with pytest.raises(WorkLimitExceededError):
        canonicalize(source, input_format="nquads", max_work=50)


# -- errors -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hash_algorithm": "md5"}, "hash_algorithm"),
        ({"input_format": "turtle"}, "input_format"),
        ({"max_work": -1}, "max_work"),
        ({"max_work": 1.5}, "max_work"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        canonicalize("<urn:a> <urn:b> <urn:c> .\n", **{"input_format": "nquads", **kwargs})  # type: ignore[arg-type]


def test_bad_input() -> None:
    with pytest.raises(InputError, match="line 2"):
        canonicalize("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b .\n", input_format="nquads")
    with pytest.raises(InputError):
        canonicalize('{"@context": {}, "a": 1, "a": 2}')
    with pytest.raises(UsageError):
        canonicalize(42)


def test_unknown_context_names_the_url() -> None:
    with pytest.raises(UnknownDocumentError, match=r"https://example\.org/missing-context"):
        canonicalize({"@context": "https://example.org/missing-context", "@id": "urn:x", "urn:p": "v"})


def test_loader_mapping_serves_extra_contexts() -> None:
    context = {"@context": {"name": "https://schema.org/name"}}
    document = {"@context": "https://example.org/ctx", "@id": "urn:x", "name": "Ada"}
    out = canonicalize(document, loader={"https://example.org/ctx": context})
    assert out == '<urn:x> <https://schema.org/name> "Ada" .\n'
