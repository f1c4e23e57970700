"""RDF Dataset Canonicalization, RDFC-1.0 (W3C Recommendation 21 May 2024), written from the spec.

Input is a list of quads in canonical term form (see :mod:`.nquads`); output is the serialized canonical form
and the issued identifiers map (input blank node label -> canonical label, in issue order).

Work limit (RDFC-1.0 §4.4.3 note and §7.1 "Dataset Poisoning"): the Hash N-Degree Quads algorithm can take
exponential time on crafted graphs. Every call of it and every permutation it tries counts as one unit of work;
when a run exceeds ``max_work`` units it stops with :class:`~microcred.errors.WorkLimitExceededError`.

The default grows linearly with the dataset: ``DEFAULT_MAX_WORK + WORK_PER_BLANK_NODE`` per blank node. Typical
credentials need about one unit per blank node that shares its first-degree hash with another (the 5,000-quad
sample: 1,800 units), the hardest W3C test 3,348; the suite's poison graph (a 10-node clique, test074) reaches the
default limit after a few milliseconds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from itertools import permutations
from typing import Any, Final

from ..errors import UsageError, WorkLimitExceededError
from .nquads import Quad, serialize_quad

#: True when this module was compiled with mypyc (``tools/mypyc_build.py``).
COMPILED: Final = not __file__.endswith(".py")
#: Object terms longer than this are compared, not hashed, to find repeated quads (:func:`distinct_quads`).
LONG_OBJECT: Final = 256

#: Default limit on Hash N-Degree Quads calls plus permutations explored, plus ...
DEFAULT_MAX_WORK = 10_000
#: ... this much per blank node of the dataset (see the module docstring).
WORK_PER_BLANK_NODE = 10
#: RDFC-1.0 hash algorithms (SHA-256 by the spec; SHA-384 as ecdsa-rdfc-2019 with P-384 requires).
HASH_ALGORITHMS: dict[str, Callable[..., Any]] = {"sha256": hashlib.sha256, "sha384": hashlib.sha384}


class GroundLines:
    """The canonical N-Quads lines of quads without blank nodes, distinct and sorted, to be added to a dataset.

    Such quads take no part in labelling blank nodes (RDFC-1.0 §4.4.3 steps 2-6 only look at quads that mention
    one) and §5 writes them as they are; so a caller that knows them (a batch worker's remembered node objects,
    :mod:`~microcred.jsonld.subtree_memo`) hands their lines to :func:`canonicalize_quads` written once."""

    __slots__ = ("encoded", "lines", "members")

    def __init__(self, quads: list[Quad]) -> None:
        for quad in quads:
            if quad[0][0] == "_" or quad[2][0] == "_" or quad[3][:1] == "_":
                raise UsageError(f"ground lines hold no blank node, not {quad!r}")
        #: every line, for the ``in`` test of the quads' lines
        self.members = frozenset(serialize_quad(quad) for quad in quads)
        #: the lines in code point order
        self.lines = sorted(self.members)
        #: the lines UTF-8 encoded, as a set and in the same order (``None`` if one holds a lone surrogate)
        self.encoded: tuple[frozenset[bytes], list[bytes]] | None = None
        try:
            encoded = [line.encode() for line in self.lines]
            self.encoded = (frozenset(encoded), encoded)
        except UnicodeEncodeError:
            pass


class _State:
    """The canonicalization state of §4.3 plus the work counter."""

    __slots__ = ("bnode_quads", "canonical", "first_degree", "hash", "max_work", "work")

    def __init__(self, hash_function: Callable[..., Any], max_work: int) -> None:
        self.hash = hash_function
        self.bnode_quads: dict[str, list[Quad]] = {}
        self.first_degree: dict[str, str] = {}
        #: canonical issuer (§4.3): blank node -> canonical identifier, in issue order
        self.canonical: dict[str, str] = {}
        self.max_work = max_work
        self.work = 0

    def spend(self, units: int) -> None:
        self.work += units
        if self.work > self.max_work:
            raise WorkLimitExceededError(
                f"RDFC-1.0 canonicalization needs more than {self.max_work} units of work "
                "(Hash N-Degree Quads calls and permutations): the dataset is too symmetric to canonicalize "
                "within the limit (a poison graph?)",
                details={"max_work": self.max_work, "blank_nodes": len(self.bnode_quads)},
            )


def canonicalize_quads(
    quads: list[Quad],
    *,
    hash_algorithm: str = "sha256",
    max_work: object = None,
    ground: GroundLines | None = None,
) -> tuple[str, dict[str, str]]:
    """RDFC-1.0 §4.4.3: the serialized canonical form and the issued identifiers map (bare labels).

    ``ground``: lines of more quads of the dataset, without blank nodes (see :class:`GroundLines`).

    ``max_work``: a non-negative integer or ``None`` (typed ``object`` so that a wrong type is a ``UsageError``
    here, also when this module is compiled, see ``tools/mypyc_build.py``).
    """
    lines, canonical = _canonical_lines(quads, hash_algorithm, max_work)
    if ground is not None:  # the same quad gives the same line: a duplicate of a ground quad is left out
        members = ground.members
        lines = [line for line in lines if line not in members]
        lines.extend(ground.lines)
    lines.sort()
    issued = {bnode[2:]: label for bnode, label in canonical.items()}
    return "".join(lines), issued


def canonical_utf8(
    quads: list[Quad], *, hash_algorithm: str = "sha256", max_work: object = None, ground: GroundLines
) -> bytes | None:
    """The UTF-8 encoding of ``canonicalize_quads(quads, ground=ground)[0]``, put together from encoded lines
    (UTF-8 keeps code point order, so the encoded lines sort the same); ``None`` if a line is not encodable
    (a lone surrogate), for the caller to write the text (and fail where encoding the text fails)."""
    lines, _ = _canonical_lines(quads, hash_algorithm, max_work)
    try:
        encoded = [line.encode() for line in lines]
    except UnicodeEncodeError:
        return None
    ground_encoded = ground.encoded
    if ground_encoded is None:
        return None
    members, sorted_lines = ground_encoded
    encoded = [line for line in encoded if line not in members]
    encoded.extend(sorted_lines)
    encoded.sort()
    return b"".join(encoded)


def distinct_quads(quads: list[Quad]) -> list[Quad]:
    """``list(dict.fromkeys(quads))``: the quads without repeats, in first-seen order (a dataset is a set, so
    RDFC-1.0 §4.4.3 step 2 and §5 see each quad once).

    Compiled, by :func:`_distinct_keyed`, which does not hash long object terms (a literal holding an image runs
    to ~40 KB; ~12 % less time on the EC sample); interpreted, its loop would cost more than the hashing it
    saves."""
    return _distinct_keyed(quads) if COMPILED else list(dict.fromkeys(quads))


def _distinct_keyed(quads: list[Quad]) -> list[Quad]:
    # a quad whose object is longer than LONG_OBJECT is keyed by its subject, predicate, object length and graph
    # (a tuple no quad equals: its third item is an int), its object compared with those under the same key;
    # (quads typed ``Any`` here: compiled, a ``Quad`` is unboxed into a C struct, and using it as a key or list
    # item would box it into a new tuple each time)
    items: list[Any] = quads
    seen: dict[Any, list[str] | None] = {}
    distinct: list[Any] = []
    for quad in items:
        o: str = quad[2]
        if len(o) <= LONG_OBJECT:
            count = len(seen)
            seen[quad] = None  # (one hash: a quad seen before leaves the count as it was)
            if len(seen) == count:
                continue
        else:
            key = (quad[0], quad[1], len(o), quad[3])
            objects = seen.get(key)
            if objects is None:
                seen[key] = [o]
            elif o in objects:
                continue
            else:
                objects.append(o)
        distinct.append(quad)
    return distinct


def _canonical_lines(  # noqa: C901 (RDFC-1.0 §4.4.3 Canonicalization Algorithm steps 1-7)
    quads: list[Quad], hash_algorithm: str, max_work: object
) -> tuple[list[str], dict[str, str]]:
    """Steps 1-7 up to the sort: the distinct lines of ``quads`` with canonical labels, and the canonical issuer."""
    hash_function = HASH_ALGORITHMS.get(hash_algorithm)
    if hash_function is None:
        raise UsageError(f"hash_algorithm must be one of {sorted(HASH_ALGORITHMS)}, not {hash_algorithm!r}")
    if max_work is not None and (not isinstance(max_work, int) or isinstance(max_work, bool) or max_work < 0):
        raise UsageError(f"max_work must be a non-negative integer, not {max_work!r}")
    state = _State(hash_function, 0)
    quads = distinct_quads(quads)
    # step 2: blank node to quads map
    bnode_quads = state.bnode_quads
    for quad in quads:
        s, _, o, g = quad
        if s[0] == "_":
            bnode_quads.setdefault(s, []).append(quad)
        if o[0] == "_" and o != s:
            bnode_quads.setdefault(o, []).append(quad)
        if g and g[0] == "_" and g != s and g != o:
            bnode_quads.setdefault(g, []).append(quad)
    state.max_work = (
        DEFAULT_MAX_WORK + WORK_PER_BLANK_NODE * len(bnode_quads) if max_work is None else max_work
    )
    # step 3: first degree hashes (a lone blank node's hash is unique whatever it is: step 4 labels it c14n0)
    hash_to_bnodes: dict[str, list[str]] = {}
    if len(bnode_quads) == 1:
        hash_to_bnodes[""] = list(bnode_quads)
    else:
        for bnode in bnode_quads:
            digest = _hash_first_degree(state, bnode)
            hash_to_bnodes.setdefault(digest, []).append(bnode)
    # step 4: blank nodes with a unique first degree hash get canonical identifiers, in hash order
    canonical = state.canonical
    shared: list[list[str]] = []
    for digest in sorted(hash_to_bnodes):
        identifiers = hash_to_bnodes[digest]
        if len(identifiers) > 1:
            shared.append(identifiers)
        else:
            canonical[identifiers[0]] = f"c14n{len(canonical)}"
    # step 5: the others, in the order of their N-degree hashes
    for identifiers in shared:
        # steps 5.1-5.2
        hash_path_list: list[tuple[str, dict[str, str]]] = []
        for bnode in identifiers:
            if bnode in canonical:
                continue
            hash_path_list.append(_hash_n_degree(state, bnode, {bnode: "b0"}))
        # step 5.3 (sort is stable: equal hashes keep the identifier list order)
        hash_path_list.sort(key=lambda result: result[0])
        for _, issuer in hash_path_list:
            for existing in issuer:
                if existing not in canonical:
                    canonical[existing] = f"c14n{len(canonical)}"
    # step 7 / §5: serialize with canonical labels, in code point order
    # (relabelling is one-to-one and the quads are distinct, so the lines are distinct)
    lines = []
    for s, p, o, g in quads:
        if s[0] == "_":
            s = "_:" + canonical[s]
        if o[0] == "_":
            o = "_:" + canonical[o]
        if g:
            if g[0] == "_":
                g = "_:" + canonical[g]
            lines.append(f"{s} {p} {o} {g} .\n")
        else:
            lines.append(f"{s} {p} {o} .\n")
    return lines, canonical


def _hash_first_degree(state: _State, reference: str) -> str:
    """§4.6.3 Hash First Degree Quads: the reference blank node is ``_:a``, every other one ``_:z``."""
    lines = []
    for s, p, o, g in state.bnode_quads[reference]:
        if s[0] == "_":
            s = "_:a" if s == reference else "_:z"
        if o[0] == "_":
            o = "_:a" if o == reference else "_:z"
        if g:
            if g[0] == "_":
                g = "_:a" if g == reference else "_:z"
            lines.append(f"{s} {p} {o} {g} .\n")
        else:
            lines.append(f"{s} {p} {o} .\n")
    lines.sort()
    digest: str = state.hash("".join(lines).encode()).hexdigest()
    state.first_degree[reference] = digest
    return digest


def _hash_related(state: _State, related: str, predicate: str, issuer: dict[str, str], position: str) -> str:
    """§4.7.3 Hash Related Blank Node."""
    identifier = state.canonical.get(related)
    if identifier is not None:
        label = "_:" + identifier
    else:
        temporary = issuer.get(related)
        label = "_:" + temporary if temporary is not None else state.first_degree[related]
    data = position + label if position == "g" else position + predicate + label
    return state.hash(data.encode()).hexdigest()  # type: ignore[no-any-return]


def _hash_n_degree(  # noqa: C901 (RDFC-1.0 §4.8.3 Hash N-Degree Quads steps 1-6)
    state: _State, identifier: str, issuer: dict[str, str]
) -> tuple[str, dict[str, str]]:
    """§4.8.3 Hash N-Degree Quads; ``issuer`` maps blank nodes to temporary ``bN`` identifiers."""
    state.spend(1)
    canonical = state.canonical
    # steps 1-3: hash to related blank nodes map
    related_map: dict[str, list[str]] = {}
    for quad in state.bnode_quads[identifier]:
        s, p, o, g = quad
        for component, position in ((s, "s"), (o, "o"), (g, "g")):
            if component and component[0] == "_" and component != identifier:
                digest = _hash_related(state, component, p, issuer, position)
                related_map.setdefault(digest, []).append(component)
    # step 4
    data_to_hash: list[str] = []
    # step 5
    for related_hash in sorted(related_map):
        # step 5.1
        data_to_hash.append(related_hash)
        # steps 5.2-5.3
        chosen_path = ""
        chosen_issuer: dict[str, str] | None = None
        # step 5.4
        for permutation in permutations(sorted(related_map[related_hash])):
            state.spend(1)
            # steps 5.4.1-5.4.3
            issuer_copy = dict(issuer)
            path = ""
            recursion_list: list[str] = []
            skip = False
            # step 5.4.4
            for related in permutation:
                identifier_c14n = canonical.get(related)
                if identifier_c14n is not None:
                    path += "_:" + identifier_c14n
                else:
                    temporary = issuer_copy.get(related)
                    if temporary is None:
                        recursion_list.append(related)
                        temporary = issuer_copy[related] = f"b{len(issuer_copy)}"
                    path += "_:" + temporary
                # step 5.4.4.3
                if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                    skip = True
                    break
            if skip:
                continue
            # step 5.4.5
            for related in recursion_list:
                result_hash, result_issuer = _hash_n_degree(state, related, issuer_copy)
                temporary = issuer_copy.get(related)
                if temporary is None:
                    temporary = issuer_copy[related] = f"b{len(issuer_copy)}"
                path += "_:" + temporary + "<" + result_hash + ">"
                issuer_copy = result_issuer
                if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                    skip = True
                    break
            if skip:
                continue
            # step 5.4.6
            if not chosen_path or path < chosen_path:
                chosen_path = path
                chosen_issuer = issuer_copy
        # steps 5.5-5.6
        data_to_hash.append(chosen_path)
        if chosen_issuer is not None:
            issuer = chosen_issuer
    # step 6
    return state.hash("".join(data_to_hash).encode()).hexdigest(), issuer
