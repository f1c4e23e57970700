"""Could the RDF writer report anything for this expanded document? (data-loss detection without the quads)

Safe mode (VC Data Integrity 1.0 §2.4 data-loss detection) reports what JSON-LD processing would drop or leave
relative. Expansion (JSON-LD 1.1 API §5.1.2) reports nearly all of it with the JSON path; the deserialization to
RDF (§8.1-§8.3, :mod:`~microcred.jsonld.to_rdf`) backs it up, and runs only when expansion reported nothing.
A check that needs the verdict and not the quads (:func:`~microcred.jsonld.processor.check_jsonld_lossless`)
can skip the writer when it cannot report anything, which :func:`writer_may_report` decides by walking the
expanded document once (about a third of the writer's time: no terms, literals or quads are built).

What the writer reports, read from ``to_rdf.RdfWriter`` (every ``events.warn`` and every error it raises):

* ``relative subject reference`` / ``relative object reference`` (``resource``): a node's ``@id`` or a node's
  ``@type`` that is neither a well-formed IRI nor a blank node identifier. Expansion reports every ``@id`` it
  writes that way (``relative @id reference``), and every ``@type`` but one: ``@json`` (a keyword, which
  expansion keeps as a node type without an event).
* ``relative graph reference``: a named graph whose node had no usable ``@id`` (reported just before).
* ``blank node predicate`` / ``relative predicate reference`` (``predicate``): expansion reports both for
  every entry of a node (``plan_key``), but not for the property a property-valued index adds
  (``@index`` mapping to a blank node identifier or a malformed IRI, step 13.8.3.7.2).
* ``relative object reference`` (``literal``): a value's datatype that is not a well-formed IRI. Expansion
  rejects datatypes that are not absolute IRIs, and reports malformed ones written in ``@type``, but not a
  term's type mapping that is absolute and still malformed (``http://ex/a#b#c``).
* errors: a ``@value`` that is not a scalar without ``@json`` (expansion raises first), a ``@json`` value that
  is not JSON, a non-finite number or an integer too large for an ``xsd:double`` (a Python caller's dict).

:func:`writer_may_report` is True for each of those shapes (a superset of what the writer reports when
expansion did not: for those documents the writer runs as before). The writer's recursion is no deeper than
the expansion's (one frame per nesting level against two or more), so it cannot fail where expansion did not.

Expansion also marks the shapes of that list it does not report where it writes them (``EventLog.writer_shapes``:
:func:`value_may_report` for every value object it makes other than a plain or language-tagged string, and the
``@json`` node type, the ``@json`` literal and the property-valued index where they are made), so a document
for which it marked nothing needs neither this walk nor the writer (``check_jsonld_lossless``).
"""

from __future__ import annotations

import math
from typing import Any, Final

from .iri import iri_ok

#: Integers the writer turns into ``xsd:double`` (and ``float()`` can overflow on).
DOUBLE_INTEGERS: Final = 10**21
#: A property no document uses, standing for ``rdf:first`` when a list's items are walked as a node's values.
_ITEMS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
#: Memoized answers of ``_predicate_ok`` and ``_resource_ok`` (the same IRIs recur in every credential).
_PREDICATES: dict[str, bool] = {}
_RESOURCES: dict[str, bool] = {}
#: Datatypes ``RdfWriter.literal`` takes without an event (well-formed IRIs seen before; bounded as above).
DATATYPES_OK: set[str] = set()


def writer_may_report(expanded: list[Any]) -> bool:  # noqa: C901 (one branch per kind of entry, as to_rdf)
    """True if ``to_rdf.RdfWriter`` could report an event or raise an error for ``expanded`` (see above)."""
    pending: list[Any] = [node for node in expanded if node.__class__ is dict]
    predicates, resources = _PREDICATES, _RESOURCES
    while pending:
        node = pending.pop()
        for key, values in node.items():
            if key[0] == "@":
                if key == "@id":
                    if values is not None and not (resources.get(values) or _resource_ok(values)):
                        return True
                elif key == "@type":
                    for value in values:
                        if not (resources.get(value) or _resource_ok(value)):
                            return True
                elif key == "@reverse":
                    for prop, referencing in values.items():
                        if not (predicates.get(prop) or _predicate_ok(prop)):
                            return True
                        pending.extend(referencing)
                elif key == "@graph" or key == "@included":
                    pending.extend(inner for inner in values if inner.__class__ is dict)
                continue
            if not (predicates.get(key) or _predicate_ok(key)):
                return True
            for item in values:
                if "@value" in item:
                    if (len(item) > 1 or item["@value"].__class__ is not str) and _literal_may_report(item):
                        return True
                elif "@list" in item:
                    pending.append({_ITEMS: item["@list"]})
                else:
                    pending.append(item)
    return False


def _resource_ok(iri: Any) -> bool:
    """Does ``RdfWriter.resource`` take ``iri`` without an event? (a well-formed IRI or a blank node)"""
    ok = iri.__class__ is str and (iri.startswith("_:") or iri_ok(iri))
    if ok:
        if len(_RESOURCES) > 65536:
            _RESOURCES.clear()
        _RESOURCES[iri] = True
    return ok


def _predicate_ok(iri: Any) -> bool:
    """Does ``RdfWriter.predicate`` take ``iri`` without an event? (a well-formed IRI, not a blank node)"""
    ok = iri.__class__ is str and not iri.startswith("_:") and iri_ok(iri)
    if ok:
        if len(_PREDICATES) > 65536:
            _PREDICATES.clear()
        _PREDICATES[iri] = True
    return ok


def value_may_report(item: dict[str, Any]) -> bool:
    """Could ``RdfWriter.literal`` report an event or raise for the value object ``item``? (What expansion
    asks of the value objects it makes, as :func:`writer_may_report` asks of those it finds.)"""
    return (len(item) > 1 or item["@value"].__class__ is not str) and _literal_may_report(item)


def _literal_may_report(item: dict[str, Any]) -> bool:
    """Could ``RdfWriter.literal`` report an event or raise for this value object?"""
    datatype = item.get("@type")
    if datatype is not None and (datatype.__class__ is not str or datatype not in DATATYPES_OK):
        if datatype == "@json":
            return True  # rare; canonical JSON of the value may fail
        if datatype.__class__ is not str or not iri_ok(datatype):
            return True
        if len(DATATYPES_OK) > 65536:
            DATATYPES_OK.clear()
        DATATYPES_OK.add(datatype)
    value = item["@value"]
    cls = value.__class__
    if cls is str or cls is bool:
        return False
    if cls is int:
        return bool(abs(value) >= DOUBLE_INTEGERS)
    if cls is float:
        return not math.isfinite(value)
    return True
