"""The active context, its term definitions and IRI expansion (JSON-LD 1.1 API §4.1, §4.2, §5.2).

An :class:`ActiveContext` is never changed once context processing has returned it, so it can be shared
between documents and threads. Each one carries caches: the IRI expansion of every string it has seen, and
the active contexts derived from it by processing a remote or bundled context (see ``context_processing``).
Cache writes are single dict assignments of equivalent values, so a race between threads costs a recomputation,
never a wrong answer.
"""

from __future__ import annotations

from typing import Any, ClassVar, Final

from .iri import KEYWORD_FORM, iri_ok, is_absolute_iri, resolve_iri

#: JSON-LD 1.1 keywords (§1.7 of the syntax spec).
KEYWORDS: Final = frozenset(
    {
        "@base",
        "@container",
        "@context",
        "@default",
        "@direction",
        "@embed",
        "@explicit",
        "@graph",
        "@id",
        "@import",
        "@included",
        "@index",
        "@json",
        "@language",
        "@list",
        "@nest",
        "@none",
        "@omitDefault",
        "@prefix",
        "@preserve",
        "@propagate",
        "@protected",
        "@requireAll",
        "@reverse",
        "@set",
        "@type",
        "@value",
        "@version",
        "@vocab",
    }
)


class _Unset:
    """Marks a term-definition field the context did not set (distinct from an explicit ``null``)."""

    _instance: ClassVar[_Unset | None] = None

    def __new__(cls) -> _Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


#: (``Final``: the compiled processor reads these from C statics, not from the module's namespace dict)
UNSET: Final[Any] = _Unset()
#: Entries kept in each per-context cache before it is cleared.
MAX_CACHED: Final = 4096
_EMPTY: Final[frozenset[str]] = frozenset()


class TermDefinition:
    """A term definition (JSON-LD 1.1 API §4.2): what one term of the active context maps to."""

    __slots__ = (
        "base_url",
        "container",
        "context",
        "direction",
        "index",
        "iri",
        "language",
        "nest",
        "prefix",
        "protected",
        "reverse",
        "type_mapping",
    )

    def __init__(self) -> None:
        self.iri: str | None = None
        self.prefix = False
        self.protected = False
        self.reverse = False
        self.base_url: str | None = None
        self.context: Any = UNSET
        self.container: frozenset[str] = _EMPTY
        self.direction: Any = UNSET
        self.index: str | None = None
        self.language: Any = UNSET
        self.nest: str | None = None
        self.type_mapping: str | None = None

    def same_as(self, other: TermDefinition) -> bool:
        """Equal in everything but ``protected`` (the protected-term redefinition test, §4.2 step 27)."""
        return (
            self.iri == other.iri
            and self.prefix == other.prefix
            and self.reverse == other.reverse
            and self.container == other.container
            and self.direction == other.direction
            and self.index == other.index
            and self.language == other.language
            and self.nest == other.nest
            and self.type_mapping == other.type_mapping
            and _same_context(self.context, other.context)
        )


def _same_context(a: Any, b: Any) -> bool:
    if a is UNSET or b is UNSET:
        return a is b
    return bool(a == b)


class ActiveContext:
    """The active context of JSON-LD 1.1 API §4.1: term definitions plus base, vocabulary and defaults."""

    __slots__ = (
        "_aliases",
        "_base_iri_cache",
        "_sorted_aliases",
        "_type_iri_cache",
        "_vocab_iri_cache",
        "base",
        "checked_ids",
        "checked_types",
        "derived",
        "direction",
        "has_protected",
        "inverse",
        "language",
        "language_tags",
        "original_base",
        "plans",
        "previous",
        "processing_mode",
        "scoped",
        "shared",
        "terms",
        "type_keys",
        "value_keys",
        "vocab",
    )

    def __init__(self, base: str | None, processing_mode: str = "json-ld-1.1") -> None:
        self.terms: dict[str, TermDefinition | None] = {}
        self.base = base
        self.original_base = base
        self.vocab: str | None = None
        self.language: str | None = None
        self.direction: str | None = None
        self.previous: ActiveContext | None = None
        self.processing_mode = processing_mode
        self.has_protected = False
        #: True when every definition came from a loaded (immutable, shared) context document.
        self.shared = True
        #: Active contexts derived from this one by context processing, keyed by what was processed.
        self.derived: dict[Any, Any] = {}
        #: The ``derived`` entries of property-scoped contexts, by the identity of the term definition that holds
        #: them (kept with the definition, so the identity stays its own): what expansion step 8 looks up per node
        self.scoped: dict[int, Any] = {}
        self._vocab_iri_cache: dict[str, str | None] = {}
        self._type_iri_cache: dict[str, str | None] = {}
        self._base_iri_cache: dict[str, str | None] = {}
        self._aliases: dict[str, frozenset[str]] = {}
        self._sorted_aliases: dict[str, tuple[str, ...]] = {}
        #: per key: how the expansion algorithm treats it under this context (see ``expansion._plan``)
        self.plans: dict[str, Any] = {}
        #: ``@type`` values (as written) whose expansion here is an IRI with no safe-mode event (see
        #: ``expansion_keywords._expand_type``)
        self.checked_types: dict[str, str] = {}
        #: ``@id`` values (as written) whose expansion here is a well-formed IRI (``expand_id`` and ``iri_ok``
        #: in one lookup: see ``Expander.expand_entries``)
        self.checked_ids: dict[str, str] = {}
        #: language map keys that are BCP 47 tags and no alias of ``@none`` here, and their lower-case form
        #: (``expansion_maps.expand_language_map``)
        self.language_tags: dict[str, str] = {}
        #: what IRI compaction needs (terms by IRI), built on first use (see ``compacted_form``)
        self.inverse: Any = None
        #: ``sorted_keys_for("@type")`` and ``sorted_keys_for("@value")``, kept by the expander on first use
        #: (an attribute read per node object instead of a cache lookup: expansion steps 7 and 11)
        self.type_keys: tuple[str, ...] | None = None
        self.value_keys: tuple[str, ...] | None = None

    def keys_for(self, keyword: str) -> frozenset[str]:
        """The keys that expand to ``keyword``: the keyword itself and the terms aliasing it."""
        keys = self._aliases.get(keyword)
        if keys is None:
            aliases = {t for t, d in self.terms.items() if d is not None and d.iri == keyword}
            keys = self._aliases[keyword] = frozenset({keyword, *aliases})
        return keys

    def sorted_keys_for(self, keyword: str) -> tuple[str, ...]:
        """:meth:`keys_for` in code point order (what expansion steps 7 and 11 iterate)."""
        keys = self._sorted_aliases.get(keyword)
        if keys is None:
            keys = self._sorted_aliases[keyword] = tuple(sorted(self.keys_for(keyword)))
        return keys

    def copy(self) -> ActiveContext:
        """A shallow copy with fresh caches, to be modified by context processing."""
        out = ActiveContext(
            self.base, self.processing_mode
        )  # (not __new__: mypyc-compiled classes need __init__)
        out.terms = dict(self.terms)
        out.base = self.base
        out.original_base = self.original_base
        out.vocab = self.vocab
        out.language = self.language
        out.direction = self.direction
        out.previous = self.previous
        out.processing_mode = self.processing_mode
        out.has_protected = self.has_protected
        out.shared = self.shared
        out.derived = {}
        out.scoped = {}
        out._vocab_iri_cache = {}
        out._type_iri_cache = {}
        out._base_iri_cache = {}
        out._aliases = {}
        out._sorted_aliases = {}
        out.plans = {}
        out.checked_types = {}
        out.checked_ids = {}
        out.language_tags = {}
        out.inverse = None
        return out

    @property
    def is_1_0(self) -> bool:
        """True when the processing mode is JSON-LD 1.0."""
        return self.processing_mode == "json-ld-1.0"

    # -- IRI expansion (JSON-LD 1.1 API §5.2), outside context processing ------------------------------------
    # The caches are bounded: documents bring unique ids, and active contexts live as long as the process.
    def expand_vocab(self, value: str) -> str | None:
        """IRI-expand a key or vocabulary-relative value (``vocab`` true, not document-relative)."""
        cache = self._vocab_iri_cache
        try:
            return cache[value]
        except KeyError:
            if len(cache) >= MAX_CACHED:
                cache.clear()
            result = cache[value] = self._expand(value, True, False)
            return result

    def expand_type(self, value: str) -> str | None:
        """IRI-expand an ``@type`` value (``vocab`` and document-relative)."""
        cache = self._type_iri_cache
        try:
            return cache[value]
        except KeyError:
            if len(cache) >= MAX_CACHED:
                cache.clear()
            result = cache[value] = self._expand(value, True, True)
            return result

    def expand_id(self, value: str) -> str | None:
        """IRI-expand an ``@id`` value (document-relative, not vocab)."""
        cache = self._base_iri_cache
        try:
            return cache[value]
        except KeyError:
            if len(cache) >= MAX_CACHED:
                cache.clear()
            result = cache[value] = self._expand(value, False, True)
            return result

    def check_id(self, value: str) -> str | None:
        """``expand_id(value)`` when that is a well-formed IRI (kept in ``checked_ids``), else ``None``."""
        iri = self.expand_id(value)
        if iri is None or not iri_ok(iri):
            return None
        if len(self.checked_ids) >= MAX_CACHED:
            self.checked_ids.clear()
        self.checked_ids[value] = iri
        return iri

    def _expand(self, value: str, vocab: bool, document_relative: bool) -> str | None:
        # §5.2.2 step 1: keywords stay as they are
        if value in KEYWORDS:
            return value
        # step 2: keyword-like values are reserved and ignored
        if KEYWORD_FORM.match(value):
            return None
        # step 4: a term
        if vocab and value in self.terms:
            definition = self.terms[value]
            return None if definition is None else definition.iri
        # step 6: compact IRI, blank node identifier or absolute IRI
        colon = value.find(":")
        if colon > 0:
            prefix, suffix = value[:colon], value[colon + 1 :]
            if prefix == "_" or suffix.startswith("//"):
                return value
            definition = self.terms.get(prefix)
            if definition is not None and definition.iri is not None and definition.prefix:
                return definition.iri + suffix
            if is_absolute_iri(value):
                return value
        # step 7: vocabulary mapping
        if vocab and self.vocab is not None:
            return self.vocab + value
        # step 8: document-relative
        if document_relative:
            return resolve_iri(self.base, value)
        return value
