"""Create Term Definition (JSON-LD 1.1 API §4.2) and IRI expansion while a context is processed (§5.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .active_context import KEYWORDS, ActiveContext, TermDefinition
from .iri import BCP47, KEYWORD_FORM, is_absolute_iri
from .iri_expansion import expand_iri_in_context
from .problems import EventLog, Path, jsonld_error
from .term_mappings import container_mapping, reverse_mapping, store_definition

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


def create_term_definition(  # noqa: C901 (JSON-LD 1.1 API §4.2.2 Create Term Definition, steps 1-29)
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
            processor,
            active,
            local,
            dependency,
            defined,
            base_url,
            protected,
            override_protected,
            remote,
            events,
            path,
        )

    def expand(value: str, vocab: bool = True, document_relative: bool = False) -> str | None:
        return expand_iri_in_context(
            active,
            value,
            vocab=vocab,
            document_relative=document_relative,
            local=local,
            defined=defined,
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
        if (
            not value
            or any(k not in ("@container", "@protected") for k in value)
            or value.get("@container", "@set") != "@set"
        ):
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
        raise jsonld_error(
            "invalid term definition", f"the definition of {term!r} must be a string, object or null", where
        )
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
            raise jsonld_error(
                "invalid type mapping", f"@type {type_value!r} does not expand to an IRI", where
            )
        definition.type_mapping = expanded_type
    # step 13: reverse properties
    if "@reverse" in value:
        if not reverse_mapping(definition, value, expand, where, events):
            if previous is not None:
                active.terms[term] = previous
            defined[term] = True
            return
        store_definition(active, term, definition, defined, previous, override_protected, where)
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
                raise jsonld_error(
                    "invalid IRI mapping", f"{term!r} maps to {iri!r}, which is not an IRI", where
                )
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
        # step 16: a relative IRI reference (vocabulary-relative; the term itself is not a dependency)
        expanded = expand_iri_in_context(active, term, vocab=True)
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
        container_mapping(definition, value["@container"], active, where)
    # step 20 @index
    if "@index" in value:
        index = value["@index"]
        if active.is_1_0 or "@index" not in definition.container:
            raise jsonld_error("invalid term definition", "@index needs an @index container", where)
        if not isinstance(index, str) or index.startswith("@"):
            raise jsonld_error("invalid term definition", "@index must be a property name", where)
        expanded_index = expand(index)
        if expanded_index is None or not is_absolute_iri(expanded_index):
            raise jsonld_error(
                "invalid term definition", f"@index {index!r} does not expand to an IRI", where
            )
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
            raise jsonld_error(
                "invalid scoped context", f"the scoped context of {term!r} is invalid ({reason})", where
            ) from exc
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
    if unknown or (
        active.is_1_0 and any(k in value for k in ("@context", "@direction", "@index", "@nest", "@prefix"))
    ):
        raise jsonld_error(
            "invalid term definition", f"unexpected {', '.join(unknown) or 'entry'} in {term!r}", where
        )
    store_definition(active, term, definition, defined, previous, override_protected, where)
