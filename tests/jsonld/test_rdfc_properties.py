"""RDFC-1.0 properties on generated datasets: relabelling and reordering do not change the canonical form, the
canonical form is a fixed point, the issued map relabels the input into it, and (where pyoxigraph is
installed) the result equals pyoxigraph's independent Rust implementation."""

from __future__ import annotations

import random

import pyoxigraph
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from microcred.errors import WorkLimitExceededError
from microcred.jsonld.nquads import Quad, serialize_quad
from microcred.jsonld.rdfc import canonicalize_quads

IRIS = [f"<urn:x:{c}>" for c in "abc"]
PREDICATES = [f"<urn:p:{c}>" for c in "pq"]
LITERALS = ['"a"', '"b"@en', '"1"^^<http://www.w3.org/2001/XMLSchema#integer>', '"\\u0007\\n"']


@st.composite
def datasets(draw: st.DrawFn) -> list[Quad]:
    nodes = [f"_:n{i}" for i in range(draw(st.integers(1, 6)))]
    resources = st.sampled_from(nodes + IRIS)
    graphs = st.sampled_from(["", "", "", nodes[0], IRIS[0]])
    quad = st.tuples(
        resources, st.sampled_from(PREDICATES), st.one_of(resources, st.sampled_from(LITERALS)), graphs
    )
    return list(dict.fromkeys(draw(st.lists(quad, min_size=1, max_size=14))))


def canon(quads: list[Quad], hash_algorithm: str = "sha256") -> tuple[str, dict[str, str]] | None:
    try:
        return canonicalize_quads(quads, hash_algorithm=hash_algorithm, max_work=20_000)
    except WorkLimitExceededError:
        return None


def relabel(quads: list[Quad], mapping: dict[str, str]) -> list[Quad]:
    return [tuple(mapping.get(term, term) if term.startswith("_:") else term for term in q) for q in quads]  # type: ignore[misc]


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(datasets(), st.randoms(use_true_random=False))
def test_isomorphic_inputs_give_the_same_canonical_form(quads: list[Quad], rnd: random.Random) -> None:
    result = canon(quads)
    assume(result is not None)
    labels = sorted({t for q in quads for t in q if t.startswith("_:")})
    fresh = [f"_:x{i}" for i in range(len(labels))]
    rnd.shuffle(fresh)
    shuffled = relabel(quads, dict(zip(labels, fresh, strict=True)))
    rnd.shuffle(shuffled)
    assert canon(shuffled) is not None
    assert canon(shuffled)[0] == result[0]  # type: ignore[index]


@SETTINGS
@given(datasets())
def test_canonical_form_is_a_fixed_point_and_the_map_explains_it(quads: list[Quad]) -> None:
    result = canon(quads)
    assume(result is not None)
    text, issued = result  # type: ignore[misc]
    assert sorted(issued.values()) == sorted(f"c14n{i}" for i in range(len(issued)))
    relabelled = relabel(quads, {f"_:{k}": f"_:{v}" for k, v in issued.items()})
    assert "".join(sorted(serialize_quad(q) for q in relabelled)) == text
    again = canon(relabelled)
    assert again is not None and again[0] == text


@SETTINGS
@given(datasets(), st.sampled_from(["sha256", "sha384"]))
def test_same_result_as_pyoxigraph(quads: list[Quad], hash_algorithm: str) -> None:
    result = canon(quads, hash_algorithm)
    assume(result is not None)
    dataset = pyoxigraph.Dataset(
        pyoxigraph.parse("".join(serialize_quad(q) for q in quads), format=pyoxigraph.RdfFormat.N_QUADS)
    )
    algorithm = (
        pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0_SHA_384
        if hash_algorithm == "sha384"
        else pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0
    )
    dataset.canonicalize(algorithm)
    theirs = (pyoxigraph.serialize(dataset, format=pyoxigraph.RdfFormat.N_QUADS) or b"").decode()
    assert "".join(sorted(line + "\n" for line in theirs.split("\n") if line)) == result[0]  # type: ignore[index]
