"""Deserialize JSON-LD to RDF (JSON-LD 1.1 API §8.1-§8.3), straight from the expanded document.

The spec first builds a node map (§7.2) and then writes its nodes out. The set of quads is the same if the
expanded tree is walked directly: merging nodes with the same ``@id`` does not change a set of quads. So each
node object is written where it occurs, its ``@graph`` into the graph it names, ``@reverse`` entries as
statements about the referencing nodes, ``@list`` as ``rdf:first``/``rdf:rest`` chains. Blank node labels of the
document are relabelled ``_:bN`` (as the node map's identifier issuer does), so they never clash with generated ones.
"""

from __future__ import annotations

from typing import Any, Final

from .iri import BCP47, iri_ok
from .jcs import canonical_json
from .nquads import RDF, Quad, literal, quoted
from .problems import EventLog, jsonld_error
from .subtree_memo import Remembered, SubtreeMemo

RDF_TYPE: Final = f"<{RDF}type>"
RDF_FIRST: Final = f"<{RDF}first>"
RDF_REST: Final = f"<{RDF}rest>"
RDF_NIL: Final = f"<{RDF}nil>"
RDF_JSON: Final = RDF + "JSON"
XSD: Final = "http://www.w3.org/2001/XMLSchema#"
XSD_BOOLEAN: Final = XSD + "boolean"
XSD_INTEGER: Final = XSD + "integer"
XSD_DOUBLE: Final = XSD + "double"
I18N: Final = "https://www.w3.org/ns/i18n#"
#: Graph "name" of statements in a graph whose name is not well-formed (§8.1 step 1.1: the graph is skipped).
_DROPPED: Final = "\x00"
_NO_ID: Final[Any] = object()
#: :attr:`RdfWriter.focus` values: every statement is kept; the first node's subject is to be the focus.
_ALL: Final[Any] = object()
_PENDING: Final[Any] = object()


class RdfWriter:
    """Collects the quads of one document."""

    __slots__ = (
        "count",
        "dropped",
        "events",
        "focus",
        "focus_predicate",
        "generalized",
        "labels",
        "memo",
        "quads",
        "rdf_direction",
        "recording",
        "repeated",
    )

    def __init__(
        self,
        events: EventLog,
        rdf_direction: str | None = "i18n-datatype",
        generalized: bool = False,
        memo: SubtreeMemo | None = None,
    ):
        self.events = events
        #: quads of remembered node objects (:mod:`~microcred.jsonld.subtree_memo`; safe mode only)
        self.memo = memo if events.safe and rdf_direction == "i18n-datatype" and not generalized else None
        self.rdf_direction = rdf_direction
        self.generalized = generalized
        self.quads: list[Quad] = []
        self.labels: dict[str, str] = {}
        self.count = 0
        #: whether a statement was put in a graph whose name is not well-formed (and must be dropped)
        self.dropped = False
        #: remembered node objects written again, their quads not copied (:meth:`write_parts`), or ``None``
        self.repeated: list[Remembered] | None = None
        #: remembered node objects being written for the first time (whose quads are being collected)
        self.recording = 0
        #: :meth:`write_focused`: the subject whose statements are kept (:data:`_ALL`: every statement)
        self.focus: Any = _ALL
        self.focus_predicate: str | None = None

    def blank_node(self, label: str | None = None) -> str:
        """A fresh ``_:bN``, or the relabelling of the document's ``label``."""
        if label is not None:
            term = self.labels.get(label)
            if term is not None:
                return term
        term = f"_:b{self.count}"
        self.count += 1
        if label is not None:
            self.labels[label] = term
        return term

    def write(self, expanded: list[Any]) -> list[Quad]:
        """The quads of an expanded document (statements in a graph whose name is not an IRI are dropped)."""
        for node in expanded:
            if isinstance(node, dict):
                self.node(node, "")
        if self.dropped:
            return [q for q in self.quads if q[3] != _DROPPED]
        return self.quads

    def write_parts(self, expanded: list[Any]) -> tuple[list[Quad], list[Remembered]]:
        """:meth:`write`, except that remembered node objects written before (in the default graph, without
        blank nodes) are listed, their quads not copied: the quads are the first list's and those of the
        entries' ``quads`` (see :meth:`~microcred.jsonld.subtree_memo.SubtreeMemo.ground_lines`)."""
        self.repeated = []
        return self.write(expanded), self.repeated

    def write_focused(self, node: dict[str, Any], predicate: str) -> list[Quad]:
        """Part of ``write([node])``'s quads: at least every statement whose subject is ``node``'s subject or whose
        predicate is ``predicate`` (a term, ``<iri>``), and not all of the others (object statements about other
        subjects are left out, and plain literals' terms are then not written). Events and errors are
        :meth:`write`'s (leaving out a plain literal leaves out no event). If the node's subject is not
        well-formed, nothing is left out."""
        self.focus, self.focus_predicate = _PENDING, predicate
        return self.write([node])

    def resource(self, iri: str, code: str) -> str | None:
        """The term of an IRI or blank node identifier; ``None`` (and an event) if it is not well-formed."""
        term = _iri_term(iri)
        if term is not None:
            return term
        if iri.startswith("_:"):
            return self.blank_node(iri)
        self.events.warn(code, f"{iri!r} is not an absolute IRI and is dropped", None)
        return None

    def node(self, node: dict[str, Any], graph: str) -> str | None:
        """Write the statements of a node object; return its term (``None`` if its ``@id`` is not an IRI)."""
        if self.memo is not None and graph == "":
            entry = self.memo.by_result.get(id(node))
            if entry is not None and entry.expanded is node:
                return self._remembered(entry, node)
        return self.write_node(node, graph)

    def _remembered(self, entry: Remembered, node: dict[str, Any]) -> str | None:
        """A remembered node object's quads: written once, then repeated (it holds no blank node)."""
        if entry.quads is not None:
            if self.repeated is not None and not self.recording:
                self.repeated.append(entry)
            else:
                self.quads.extend(entry.quads)
            return entry.subject
        start = len(self.quads)
        count = self.count
        problems = len(self.events.problems)
        self.recording += 1
        try:
            subject = self.write_node(node, "")
        finally:
            self.recording -= 1
        if self.count == count and len(self.events.problems) == problems:
            quads = tuple(self.quads[start:])
            if all(q[0][0] != "_" and q[2][0] != "_" and not q[3] for q in quads):
                entry.quads = quads
                entry.subject = subject
        return subject

    def write_node(self, node: dict[str, Any], graph: str) -> str | None:  # noqa: C901 (JSON-LD 1.1 API §8.1 step 1 per entry kind, §8.2 inlined for strings)
        """:meth:`node` without the memo."""
        quads = self.quads
        raw_id = node.get("@id", _NO_ID)
        if raw_id is None:  # an @id with the form of a keyword: the node is dropped
            return None
        if raw_id is _NO_ID:
            subject: str | None = self.blank_node()
        else:  # (the memo of well-formed IRIs first: :meth:`resource` without the call)
            subject = _IRI_TERMS.get(raw_id) or self.resource(raw_id, "relative subject reference")
        focus = self.focus
        if focus is _PENDING:  # the first node of :meth:`write_focused`
            focus = self.focus = _ALL if subject is None else subject
        for key, values in node.items():
            if key[0] == "@":
                if key == "@type":
                    for value in values:
                        type_term = _IRI_TERMS.get(value) or self.resource(value, "relative object reference")
                        if subject is not None and type_term is not None:
                            quads.append((subject, RDF_TYPE, type_term, graph))
                elif key == "@reverse":
                    self._reverse(subject, values, graph)
                elif key == "@graph":
                    if subject is None:
                        self.dropped = True
                        self.events.warn(
                            "relative graph reference", f"graph name {raw_id!r} is not an IRI", None
                        )
                    for inner in values:
                        if isinstance(inner, dict):
                            self.node(inner, subject if subject is not None else _DROPPED)
                elif key == "@included":
                    for inner in values:
                        self.node(inner, graph)
                continue
            predicate = _IRI_TERMS.get(key) or self.predicate(key)
            kept = (
                subject is not None
                and predicate is not None
                and (focus is _ALL or subject == focus or predicate == self.focus_predicate)
            )
            # (typed: the expanded form holds an array of objects under every property; compiled, the loop
            # and the lookups below are then native list and dict operations)
            items: list[dict[str, Any]] = values
            for item in items:
                # §8.2 inlined for plain and language-tagged strings, the common literals (which give no event,
                # so a statement that is not kept needs no term)
                if "@value" in item:
                    value = item["@value"]
                    if type(value) is str and len(item) <= 2:
                        if len(item) == 1:
                            if not kept:
                                continue
                            obj: str | None = quoted(value)
                        else:
                            language = item.get("@language")
                            if language not in _LANGUAGE_TAGS:
                                obj = self.literal(item)
                            elif not kept:
                                continue
                            else:
                                obj = quoted(value) + "@" + language
                    else:
                        obj = self.literal(item)
                elif "@list" in item:
                    obj = self.list(item["@list"], graph)
                else:
                    obj = self.node(item, graph)
                if kept and obj is not None:
                    quads.append((subject, predicate, obj, graph))  # type: ignore[arg-type]
        return subject

    def predicate(self, iri: str) -> str | None:
        """The RDF predicate for a property IRI, or None when it is not one (a blank node property is dropped)."""
        term = _iri_term(iri)
        if term is not None:
            return term
        if iri.startswith("_:"):
            if self.generalized:
                return self.blank_node(iri)
            self.events.warn("blank node predicate", f"property {iri!r} is a blank node and is dropped", None)
            return None
        self.events.warn("relative predicate reference", f"property {iri!r} is not an absolute IRI", None)
        return None

    def _reverse(self, subject: str | None, reverse_map: dict[str, list[Any]], graph: str) -> None:
        for key, items in reverse_map.items():
            predicate = self.predicate(key)
            for item in items:
                referencing = self.node(item, graph)
                if subject is not None and predicate is not None and referencing is not None:
                    self.quads.append((referencing, predicate, subject, graph))

    def object(self, item: Any, graph: str) -> str | None:
        """§8.2 Object to RDF Conversion (node objects are written out as well)."""
        if "@value" in item:
            value = item["@value"]
            if type(value) is str and len(item) == 1:
                return quoted(value)
            return self.literal(item)
        if "@list" in item:
            return self.list(item["@list"], graph)
        return self.node(item, graph)

    def list(self, items: list[Any], graph: str) -> str:
        """§8.3 List to RDF Conversion."""
        if not items:
            return RDF_NIL
        nodes = [self.blank_node() for _ in items]
        for index, item in enumerate(items):
            subject = nodes[index]
            obj = self.object(item, graph)
            if obj is not None:
                self.quads.append((subject, RDF_FIRST, obj, graph))
            rest = nodes[index + 1] if index + 1 < len(nodes) else RDF_NIL
            self.quads.append((subject, RDF_REST, rest, graph))
        return nodes[0]

    def literal(self, item: dict[str, Any]) -> str | None:
        """§8.2 steps 4-15 for a value object."""
        value = item["@value"]
        datatype = item.get("@type")
        if datatype is not None and datatype != "@json" and not iri_ok(datatype):
            self.events.warn("relative object reference", f"datatype {datatype!r} is not an IRI", None)
            return None
        language = item.get("@language")
        if language is not None:
            if not BCP47.match(language):
                return None
            if len(_LANGUAGE_TAGS) < 4096:
                _LANGUAGE_TAGS.add(language)
        if datatype == "@json":
            return literal(canonical_json(value), RDF_JSON)
        if value is True or value is False:
            return literal("true" if value else "false", datatype or XSD_BOOLEAN)
        if isinstance(value, (int, float)):
            if (isinstance(value, float) and value % 1 != 0) or abs(value) >= 1e21 or datatype == XSD_DOUBLE:
                return literal(xsd_double(float(value)), datatype or XSD_DOUBLE)
            return literal(str(int(value)), datatype or XSD_INTEGER)
        if not isinstance(value, str):
            raise jsonld_error("invalid value object value", f"@value {value!r} is not a scalar")
        direction = item.get("@direction")
        if direction is not None and self.rdf_direction == "i18n-datatype":
            return literal(value, f"{I18N}{(language or '').lower()}_{direction}")
        if direction is not None and self.rdf_direction is not None:
            raise jsonld_error(
                "invalid rdfDirection", f"rdfDirection {self.rdf_direction!r} is not supported"
            )
        return literal(value, datatype, language)


_IRI_TERMS: Final[dict[str, str | None]] = {}
#: ``@language`` values seen to be BCP 47 tags (bounded; a string, so never ``None``).
_LANGUAGE_TAGS: Final[set[str]] = set()


def _iri_term(iri: str) -> str | None:
    """``<iri>`` for a well-formed IRI, else ``None`` (memoized)."""
    try:
        return _IRI_TERMS[iri]
    except KeyError:
        term = "<" + iri + ">" if not iri.startswith("_:") and iri_ok(iri) else None
        if len(_IRI_TERMS) > 65536:
            _IRI_TERMS.clear()
        _IRI_TERMS[iri] = term
        return term


def xsd_double(value: float) -> str:
    """The canonical lexical form of an ``xsd:double`` as JSON-LD writes it (§8.6): ``1.1E0``, ``1.0E21``."""
    mantissa, exponent = f"{value:.15e}".split("e")
    whole, fraction = mantissa.split(".")
    fraction = fraction.rstrip("0") or "0"
    return f"{whole}.{fraction}E{int(exponent)}"
