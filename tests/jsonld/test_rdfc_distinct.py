"""Repeated quads are dropped before RDFC-1.0 labels blank nodes (a dataset is a set), without hashing long objects
when compiled (``rdfc._distinct_keyed``): the same result as ``dict.fromkeys`` in every case."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from microcred.jsonld import rdfc
from microcred.jsonld.nquads import Quad, literal
from microcred.jsonld.rdfc import LONG_OBJECT, canonicalize_quads, distinct_quads

#: Objects on both sides of the length bound, some of the same length with different text.
OBJECTS = [
    "<urn:o>",
    "_:b0",
    literal("short"),
    literal("x" * LONG_OBJECT),
    literal("a" * (LONG_OBJECT + 10)),
    literal("b" * (LONG_OBJECT + 10)),
    literal("a" * (LONG_OBJECT + 10), language="en"),
    literal("a" * 40_000),
]

quads = st.lists(
    st.tuples(
        st.sampled_from(["<urn:s>", "_:b0", "_:b1"]),
        st.sampled_from(["<urn:p>", "<urn:q>"]),
        # copies of the text, not the same objects: equal quads are found by value
        st.sampled_from(OBJECTS).map(lambda o: "".join(list(o))),
        st.sampled_from(["", "<urn:g>"]),
    ),
    max_size=30,
)


@given(quads)
def test_keyed_distinct_is_dict_fromkeys(dataset: list[Quad]) -> None:
    expected = list(dict.fromkeys(dataset))
    assert rdfc._distinct_keyed(dataset) == expected
    assert distinct_quads(dataset) == expected


def test_repeated_long_literals_are_written_once() -> None:
    image = "A" * 42_000
    one = ("<urn:s>", "<urn:p>", literal(image), "")
    same = ("<urn:s>", "<urn:p>", literal("".join(list(image))), "")
    other_text = ("<urn:s>", "<urn:p>", literal("B" * 42_000), "")
    text, _ = canonicalize_quads([one, same, other_text, one], hash_algorithm="sha256")
    assert text.count("\n") == 2
    assert rdfc._distinct_keyed([one, same, other_text]) == [one, other_text]
