"""Parts of Create Term Definition (JSON-LD 1.1 API §4.2.2): reverse properties (step 13), container mappings
(step 19) and protected terms (steps 27-28)."""

from __future__ import annotations

from typing import Any

from .active_context import ActiveContext, TermDefinition
from .iri import KEYWORD_FORM, is_absolute_iri
from .problems import EventLog, Path, jsonld_error

_CONTAINERS = frozenset({"@graph", "@id", "@index", "@language", "@list", "@set", "@type"})


def reverse_mapping(
    definition: TermDefinition, value: dict[str, Any], expand: Any, where: Path, events: EventLog
) -> bool:
    """Step 13: a reverse property (False: the definition is dropped with a warning)."""
    if "@id" in value or "@nest" in value:
        raise jsonld_error("invalid reverse property", "@reverse cannot be combined with @id or @nest", where)
    reverse = value["@reverse"]
    if not isinstance(reverse, str):
        raise jsonld_error("invalid IRI mapping", "@reverse must be a string", where)
    if KEYWORD_FORM.match(reverse):
        events.warn("reserved @reverse value", f"@reverse {reverse!r} has the form of a keyword", where)
        return False
    expanded = expand(reverse)
    if expanded is None or not is_absolute_iri(expanded):
        raise jsonld_error("invalid IRI mapping", f"@reverse {reverse!r} does not expand to an IRI", where)
    definition.iri = expanded
    if "@container" in value:
        container = value["@container"]
        if container not in ("@set", "@index", None):
            raise jsonld_error(
                "invalid reverse property", "a reverse property's container must be @set or @index", where
            )
        definition.container = frozenset() if container is None else frozenset({container})
    definition.reverse = True
    return True


def container_mapping(definition: TermDefinition, raw: Any, active: ActiveContext, where: Path) -> None:
    """Step 19: validate and set the container mapping."""
    items = raw if isinstance(raw, list) else [raw]
    ok = all(isinstance(c, str) and c in _CONTAINERS for c in items)
    container = frozenset(items) if ok else frozenset()
    if ok and active.is_1_0:
        ok = isinstance(raw, str) and raw not in ("@graph", "@id", "@type")
    if ok:
        others = container - {"@set"}
        if "@list" in container:
            ok = len(items) == 1
        elif "@graph" in container:
            ok = others <= {"@graph", "@id", "@index"}
        else:
            ok = len(others) <= 1
        ok = ok and len(container) == len(items)
    if not ok:
        raise jsonld_error("invalid container mapping", f"@container {raw!r} is not a valid container", where)
    definition.container = container
    if "@type" in container:
        if definition.type_mapping is None:
            definition.type_mapping = "@id"
        if definition.type_mapping not in ("@id", "@vocab"):
            raise jsonld_error("invalid type mapping", "a @type container needs @type @id or @vocab", where)


def store_definition(
    active: ActiveContext,
    term: str,
    definition: TermDefinition,
    defined: dict[str, bool],
    previous: TermDefinition | None,
    override_protected: bool,
    where: Path,
) -> None:
    """Steps 27-28: protected terms keep their meaning; then store the definition."""
    if not override_protected and previous is not None and previous.protected:
        if not definition.same_as(previous):
            raise jsonld_error(
                "protected term redefinition",
                f"{term!r} is protected and cannot be redefined (it would change meaning)",
                where,
                term=term,
            )
        definition = previous
    active.terms[term] = definition
    if definition.protected:
        active.has_protected = True
    defined[term] = True
