"""How Expansion step 13 (JSON-LD 1.1 API §5.1.2) treats each key of a node, per active context; and the
nesting guard of the compiled processor.

The plan of a key depends only on the active context, which never changes once processed, so the expander
caches it per active context (``ActiveContext.plans``) and decides each entry of a node with one lookup.
"""

from __future__ import annotations

from typing import Any, Final

from .active_context import KEYWORDS, UNSET, ActiveContext, TermDefinition
from .iri import iri_ok

#: Kinds of key: ``@context`` (step 13.1), dropped (13.3), a keyword (13.4), a term with no container,
#: reverse, JSON type or scoped context (13.9-13.14 in short), such a term with a scoped context (an object
#: value is a node object expanded with it: step 13.9 then 13.14), any other term. (``Final`` ints: the
#: compiled processor compares them as C integers.)
SKIP: Final = 0
DROP: Final = 1
KEYWORD: Final = 2
PLAIN: Final = 3
SCOPED: Final = 4
OTHER: Final = 5


class KeyPlan:
    """How step 13 treats one key in one active context (see :func:`plan_key`)."""

    __slots__ = ("definition", "expanded", "kind", "plain_string", "problem")

    def __init__(
        self, expanded: str, definition: TermDefinition | None, kind: int, problem: tuple[str, str] | None
    ) -> None:
        #: the expanded property (a keyword for :data:`KEYWORD`; ``""`` for :data:`SKIP`)
        self.expanded = expanded
        #: the key's term definition, for the term kinds (:data:`PLAIN` without one: an IRI or compact IRI)
        self.definition = definition
        self.kind = kind
        #: the safe-mode event (code, message) an entry with this key gives (the key is still expanded, but
        #: for :data:`DROP`)
        self.problem = problem
        #: whether Value Expansion (§5.3.2 step 5) makes a string value of this key ``{"@value": value}``: a
        #: :data:`PLAIN` term with no type mapping, and no default language or direction (set by :func:`plan_key`)
        self.plain_string = False


#: True when this module was compiled with mypyc (``tools/mypyc_build.py``, docs/performance.md).
COMPILED: Final = not __file__.endswith(".py")
#: Deepest nesting of arrays and objects the compiled processor takes. Compiled functions have no Python frames,
#: so the interpreter's recursion limit (which stops the pure-Python processor at a few hundred levels, reported
#: as "nests too deeply") would not stop a runaway recursion before the C stack overflows.
MAX_COMPILED_NESTING: Final = 256


def plan_key(active: ActiveContext, key: str) -> KeyPlan:
    """How step 13 treats ``key`` in ``active``."""
    if key == "@context":
        return KeyPlan("", None, SKIP, None)
    expanded = active.expand_vocab(key)
    if expanded is None or (":" not in expanded and expanded not in KEYWORDS):
        message = f"property {key!r} is not defined by the @context (it would be dropped)"
        return KeyPlan(expanded or "", None, DROP, ("invalid property", message))
    if expanded in KEYWORDS:
        return KeyPlan(expanded, None, KEYWORD, None)
    problem = None
    if not iri_ok(expanded):
        problem = ("invalid property", f"property {key!r} expands to {expanded!r}, not an IRI")
    elif expanded.startswith("_:"):
        problem = ("blank node predicate", f"property {key!r} is a blank node, not an IRI")
    definition = active.terms.get(key)
    if definition is None:
        plan = KeyPlan(expanded, None, PLAIN, problem)
        plan.plain_string = active.language is None and active.direction is None
        return plan
    if definition.container or definition.reverse or definition.type_mapping == "@json":
        return KeyPlan(expanded, definition, OTHER, problem)
    plan = KeyPlan(expanded, definition, PLAIN if definition.context is UNSET else SCOPED, problem)
    if plan.kind == PLAIN and definition.type_mapping is None:
        language = definition.language if definition.language is not UNSET else active.language
        direction = definition.direction if definition.direction is not UNSET else active.direction
        plan.plain_string = language is None and direction is None
    return plan


def guard_nesting(document: Any, limit: int) -> None:
    """Raise :class:`RecursionError` (what callers report as "nests too deeply") past ``limit`` levels.

    The levels are counted as :func:`microcred.jsonio.check_depth` counts them (a scalar is 0 levels, ``{}`` one);
    the walk is written out here, in the compiled module, because it runs on every document the compiled
    processor expands. It goes depth first, never more than ``limit`` calls deep (compiled, a call is cheaper
    than the lists a level-by-level walk builds).
    """
    if isinstance(document, (dict, list)) and _nests_below(document, limit - 1):
        raise RecursionError(f"the JSON-LD document nests deeper than {limit} levels")


def _nests_below(node: Any, levels: int) -> bool:
    """Whether arrays or objects nest more than ``levels`` levels below the array or object ``node``."""
    if isinstance(node, dict):
        for child in node.values():
            if isinstance(child, (dict, list)) and (levels <= 0 or _nests_below(child, levels - 1)):
                return True
    elif isinstance(node, list):
        for child in node:
            if isinstance(child, (dict, list)) and (levels <= 0 or _nests_below(child, levels - 1)):
                return True
    return False


def guard_compiled_nesting(document: Any) -> None:
    """When compiled: :func:`guard_nesting` with :data:`MAX_COMPILED_NESTING` (nothing to do in pure Python)."""
    if COMPILED:
        guard_nesting(document, MAX_COMPILED_NESTING)
