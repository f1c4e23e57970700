"""Create Term Definition (JSON-LD 1.1 API §4.2) and IRI expansion while a context is processed (§5.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .active_context import KEYWORDS, ActiveContext, TermDefinition
from .iri import BCP47, KEYWORD_FORM, is_absolute_iri, resolve_iri
from .problems import EventLog, Path, jsonld_error

if TYPE_CHECKING:
    from .context_processing import ContextProcessor

_GEN_DELIMS = (":", "/", "?", "#", "[", "]", "@")
_TERM_KEYS = frozenset(
    {
        "@id",
        "@reverse",
        "@container",
        "@context",
        "@direction",
        "@index",
        "@language",
        "@nest",
        "@prefix",
        "@protected",
        "@type",
    }
)
_CONTAINERS = frozenset({"@graph", "@id", "@index", "@language", "@list", "@set", "@type"})


def expand_iri_in_context(
    active: ActiveContext,
    value: str,
    *,
    vocab: bool = False,
    document_relative: bool = False,
    local: dict[str, Any] | None = None,
    defined: dict[str, bool] | None = None,
    define: Any = None,
) -> str | None:
    """§5.2.2 IRI Expansion with a local context: terms it depends on are defined first (steps 3, 6.3)."""
    # steps 1-2
    if value in KEYWORDS:
        return value
    if KEYWORD_FORM.match(value):
        return None
    # step 3
    if local is not None and defined is not None and value in local and defined.get(value) is not True:
        define(value)
    definition = active.terms.get(value)
    # step 4: a term aliasing a keyword
    if definition is not None and definition.iri in KEYWORDS:
        return definition.iri
    # step 5
    if vocab and value in active.terms:
        return None if definition is None else definition.iri
    # step 6
    colon = value.find(":")
    if colon > 0:
        prefix, suffix = value[:colon], value[colon + 1 :]
        if prefix == "_" or suffix.startswith("//"):
            return value
        if local is not None and defined is not None and prefix in local and defined.get(prefix) is not True:
            define(prefix)
        prefix_definition = active.terms.get(prefix)
        if prefix_definition is not None and prefix_definition.iri is not None and prefix_definition.prefix:
            return prefix_definition.iri + suffix
        if is_absolute_iri(value):
            return value
    # step 7
    if vocab and active.vocab is not None:
        return active.vocab + value
    # step 8
    if document_relative:
        return resolve_iri(active.base, value)
    return value


def create_term_definition(
    processor: ContextProcessor,
    active: ActiveContext,
    local: dict[str, Any],
    term: str,
    defined: dict[str, bool],
    base_url: str | None,
    protected: bool,
    override_protected: bool,
    remote: tuple[str, ...],
    events: EventLog,
    path: Path,
) -> None:
    """§4.2.2: define ``term`` of ``local`` in ``active`` (which is being built, so it is modified)."""
    where: Path = (path, term)

    def define(dependency: str) -> None:
        create_term_definition(
            processor, active, local, dependency, defined, base_url, protected, override_protected, remote, events,
            path,
        )

    def expand(value: str, vocab: bool = True, document_relative: bool = False) -> str | None:
        return expand_iri_in_context(
            active, value, vocab=vocab, document_relative=document_relative, local=local, defined=defined,
            define=define,
        )

    # step 1
    state = defined.get(term)
    if state is True:
        return
    if state is False:
        raise jsonld_error("cyclic IRI mapping", f"the definition of {term!r} depends on itself", where)
    # step 2
    if term == "":
        raise jsonld_error("invalid term definition", "a term cannot be the empty string", where)
    defined[term] = False
    # step 3
    value = local[term]
    # step 4: @type may only be given @container @set and @protected
    if term == "@type" and not active.is_1_0 and isinstance(value, dict):
        if not value or any(k not in ("@container", "@protected") for k in value) or value.get(
            "@container", "@set"
        ) != "@set":
            raise jsonld_error("keyword redefinition", "@type may only be given @container @set", where)
    elif term in KEYWORDS:
        # step 5
        raise jsonld_error("keyword redefinition", f"keyword {term} cannot be redefined", where)
    elif KEYWORD_FORM.match(term):
        events.warn("reserved term", f"term {term!r} has the form of a keyword and is ignored", where)
        defined[term] = True
        return
    # step 6
    previous = active.terms.pop(term, None)
    # steps 7-9
    simple_term = False
    if value is None:
        value = {"@id": None}
    elif isinstance(value, str):
        value = {"@id": value}
        simple_term = True
    elif not isinstance(value, dict):
        raise jsonld_error("invalid term definition", f"the definition of {term!r} must be a string, object or null", where)
    # step 10
    definition = TermDefinition()
    definition.protected = protected
    # step 11
    if "@protected" in value:
        if active.is_1_0:
            raise jsonld_error("invalid term definition", "@protected needs json-ld-1.1", where)
        if not isinstance(value["@protected"], bool):
            raise jsonld_error("invalid @protected value", "@protected must be true or false", where)
        definition.protected = value["@protected"]
    # step 12
    if "@type" in value:
        type_value = value["@type"]
        if not isinstance(type_value, str):
            raise jsonld_error("invalid type mapping", "a term's @type must be a string", where)
        expanded_type = expand(type_value)
        if expanded_type in ("@json", "@none") and active.is_1_0:
            raise jsonld_error("invalid type mapping", f"{expanded_type} needs json-ld-1.1", where)
        if expanded_type not in ("@id", "@json", "@none", "@vocab") and (
            expanded_type is None or not is_absolute_iri(expanded_type) or expanded_type.startswith("_:")
        ):
            raise jsonld_error("invalid type mapping", f"@type {type_value!r} does not expand to an IRI", where)
        definition.type_mapping = expanded_type
    # step 13: reverse properties
    if "@reverse" in value:
        _reverse(definition, value, expand, term, where, events, active, previous)
        _finish(active, term, definition, defined, previous, override_protected, where)
        return
    # step 14: an explicit @id
    if "@id" in value and value["@id"] != term:
        iri = value["@id"]
        if iri is None:
            definition.iri = None
        elif not isinstance(iri, str):
            raise jsonld_error("invalid IRI mapping", f"@id of {term!r} must be a string or null", where)
        elif iri not in KEYWORDS and KEYWORD_FORM.match(iri):
            events.warn("reserved @id value", f"@id {iri!r} of {term!r} has the form of a keyword", where)
            if previous is not None:
                active.terms[term] = previous
            defined[term] = True
            return
        else:
            expanded = expand(iri)
            if expanded is None or (expanded not in KEYWORDS and not is_absolute_iri(expanded)):
                raise jsonld_error("invalid IRI mapping", f"{term!r} maps to {iri!r}, which is not an IRI", where)
            if expanded == "@context":
                raise jsonld_error("invalid keyword alias", "@context cannot be aliased", where)
            definition.iri = expanded
            # step 14.2.4: a term that looks like an IRI must expand to itself (no re-expression)
            if ":" in term[1:-1] or "/" in term:
                defined[term] = True
                if expand(term) != expanded:
                    raise jsonld_error(
                        "invalid IRI mapping",
                        f"term {term!r} has the form of an IRI but is mapped to a different IRI {expanded!r}",
                        where,
                    )
            # step 14.2.5
            if ":" not in term and "/" not in term and simple_term:
                definition.prefix = expanded.endswith(_GEN_DELIMS) or expanded.startswith("_:")
    elif ":" in term[1:]:
        # step 15: compact IRI, absolute IRI or blank node identifier
        colon = term.find(":", 1)
        prefix, suffix = term[:colon], term[colon + 1 :]
        if prefix in local:
            define(prefix)
        prefix_definition = active.terms.get(prefix)
        if prefix_definition is not None and prefix_definition.iri is not None:
            definition.iri = prefix_definition.iri + suffix
        else:
            definition.iri = term
    elif "/" in term:
        # step 16: a relative IRI reference
        expanded = expand(term)
        if expanded is None or not is_absolute_iri(expanded):
            raise jsonld_error("invalid IRI mapping", f"term {term!r} does not expand to an IRI", where)
        definition.iri = expanded
    elif term == "@type":
        # step 17
        definition.iri = "@type"
    elif active.vocab is not None:
        # step 18
        definition.iri = active.vocab + term
    else:
        raise jsonld_error("invalid IRI mapping", f"term {term!r} has no @id and there is no @vocab", where)
    # step 19 @container
    if "@container" in value:
        _container(definition, value["@container"], active, where)
    # step 20 @index
    if "@index" in value:
        index = value["@index"]
        if active.is_1_0 or "@index" not in definition.container:
            raise jsonld_error("invalid term definition", "@index needs an @index container", where)
        if not isinstance(index, str) or index.startswith("@"):
            raise jsonld_error("invalid term definition", "@index must be a property name", where)
        expanded_index = expand(index)
        if expanded_index is None or not is_absolute_iri(expanded_index):
            raise jsonld_error("invalid term definition", f"@index {index!r} does not expand to an IRI", where)
        definition.index = index
    # step 21 scoped context
    if "@context" in value:
        if active.is_1_0:
            raise jsonld_error("invalid term definition", "scoped contexts need json-ld-1.1", where)
        try:
            processor.validate_scoped(active, value["@context"], base_url, remote, (where, "@context"))
        except Exception as exc:
            from ..errors import MicrocredError

            if isinstance(exc, MicrocredError) and not exc.details.get("jsonld_code"):
                raise
            reason = exc.details.get("jsonld_code", str(exc)) if isinstance(exc, MicrocredError) else str(exc)
            raise jsonld_error("invalid scoped context", f"the scoped context of {term!r} is invalid ({reason})", where) from exc
        definition.context = value["@context"]
        definition.base_url = base_url
    # step 22 @language
    if "@language" in value and "@type" not in value:
        language = value["@language"]
        if language is not None and not isinstance(language, str):
            raise jsonld_error("invalid language mapping", "@language must be a string or null", where)
        if isinstance(language, str):
            if not BCP47.match(language):
                events.warn("invalid @language value", f"@language {language!r} is not BCP 47", where)
            language = language.lower()
        definition.language = language
    # step 23 @direction
    if "@direction" in value and "@type" not in value:
        direction = value["@direction"]
        if direction not in (None, "ltr", "rtl"):
            raise jsonld_error("invalid base direction", "@direction must be 'ltr', 'rtl' or null", where)
        definition.direction = direction
    # step 24 @nest
    if "@nest" in value:
        nest = value["@nest"]
        if active.is_1_0:
            raise jsonld_error("invalid term definition", "@nest needs json-ld-1.1", where)
        if not isinstance(nest, str) or (nest != "@nest" and nest in KEYWORDS):
            raise jsonld_error("invalid @nest value", "@nest must be a term or @nest", where)
        definition.nest = nest
    # step 25 @prefix
    if "@prefix" in value:
        if active.is_1_0 or ":" in term or "/" in term:
            raise jsonld_error("invalid term definition", f"@prefix is not allowed on {term!r}", where)
        if not isinstance(value["@prefix"], bool):
            raise jsonld_error("invalid @prefix value", "@prefix must be true or false", where)
        definition.prefix = value["@prefix"]
        if definition.prefix and definition.iri in KEYWORDS:
            raise jsonld_error("invalid term definition", "a keyword alias cannot be a prefix", where)
    # step 26
    unknown = [k for k in value if k not in _TERM_KEYS]
    if unknown or (active.is_1_0 and any(k in value for k in ("@context", "@direction", "@index", "@nest", "@prefix"))):
        raise jsonld_error("invalid term definition", f"unexpected {', '.join(unknown) or 'entry'} in {term!r}", where)
    _finish(active, term, definition, defined, previous, override_protected, where)


def _reverse(
    definition: TermDefinition,
    value: dict[str, Any],
    expand: Any,
    term: str,
    where: Path,
    events: EventLog,
    active: ActiveContext,
    previous: TermDefinition | None,
) -> None:
    """Step 13: a reverse property."""
    if "@id" in value or "@nest" in value:
        raise jsonld_error("invalid reverse property", "@reverse cannot be combined with @id or @nest", where)
    reverse = value["@reverse"]
    if not isinstance(reverse, str):
        raise jsonld_error("invalid IRI mapping", "@reverse must be a string", where)
    if KEYWORD_FORM.match(reverse):
        events.warn("reserved @reverse value", f"@reverse {reverse!r} has the form of a keyword", where)
        raise _Skip
    expanded = expand(reverse)
    if expanded is None or not is_absolute_iri(expanded):
        raise jsonld_error("invalid IRI mapping", f"@reverse {reverse!r} does not expand to an IRI", where)
    definition.iri = expanded
    if "@container" in value:
        container = value["@container"]
        if container not in ("@set", "@index", None):
            raise jsonld_error("invalid reverse property", "a reverse property's container must be @set or @index", where)
        definition.container = frozenset() if container is None else frozenset({container})
    definition.reverse = True


class _Skip(Exception):
    """A term definition that is dropped with a warning."""


def _container(definition: TermDefinition, raw: Any, active: ActiveContext, where: Path) -> None:
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


def _finish(
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
