"""Bounds on JSON-LD context processing, and the budget one processing run spends against them.

Context processing (JSON-LD 1.1 API §4.1) has no bound of its own: a document may list any number of inline
contexts, a context may define any number of terms, and each term may carry a scoped context that §4.2.2 step 21.3
processes once more to validate it. Like RDFC-1.0's work limit (RDF Canon §7.1), a :class:`ContextLimits` caps
what one run may spend, and a run over the cap stops with :class:`~microcred.errors.ContextLimitError`
(``JSONLD_CONTEXT_LIMIT``), naming the bound.

What is counted does not depend on caching: a processed context taken from a cache charges what processing it
cost the first time, so the same document gets the same verdict whatever ran before it in the process.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ContextLimitError, UsageError
from .problems import Path, render_path

#: A cost: (contexts, terms, bytes, work).
Cost = tuple[int, int, int, int]
NO_COST: Cost = (0, 0, 0, 0)


@dataclass(frozen=True)
class ContextLimits:
    """What one JSON-LD processing run (one document, with every context it uses) may spend.

    The defaults leave ample room for every credential microcred has seen (the W3C, Open Badges and EC samples
    use at most 368 contexts, 2,080 term definitions, 13 kB of inline context and 88,327 units of work) and keep
    any document under the verifier's size limit well under a second.
    """

    #: Contexts processed: each ``@context`` entry (inline object or URL), each scoped context applied.
    max_contexts: int = 5_000
    #: Term definitions created (JSON-LD 1.1 API §4.2 Create Term Definition).
    max_terms: int = 50_000
    #: Total size of the inline context objects processed, as compact JSON text (characters).
    max_context_bytes: int = 1024 * 1024
    #: Term definitions copied into new active contexts (a context processed on top of a large active context).
    max_work: int = 2_000_000

    def __post_init__(self) -> None:
        for name in ("max_contexts", "max_terms", "max_context_bytes", "max_work"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise UsageError(f"ContextLimits.{name} must be a non-negative integer, not {value!r}")


DEFAULT_CONTEXT_LIMITS = ContextLimits()

_NAMES = ("contexts processed", "term definitions", "characters of inline context", "units of context work")


class ContextBudget:
    """The counters of one processing run, checked against its :class:`ContextLimits`."""

    __slots__ = ("_maxima", "spent")

    def __init__(self, limits: ContextLimits) -> None:
        self._maxima = (limits.max_contexts, limits.max_terms, limits.max_context_bytes, limits.max_work)
        self.spent = [0, 0, 0, 0]

    def snapshot(self) -> Cost:
        """The counters now (to compute what a step cost with :meth:`since`)."""
        s = self.spent
        return (s[0], s[1], s[2], s[3])

    def since(self, before: Cost) -> Cost:
        """What was spent since ``before``."""
        s = self.spent
        return (s[0] - before[0], s[1] - before[1], s[2] - before[2], s[3] - before[3])

    def charge(self, cost: Cost, path: Path) -> None:
        """Spend ``cost``; :class:`~microcred.errors.ContextLimitError` when a bound is passed."""
        spent = self.spent
        maxima = self._maxima
        contexts, terms, characters, work = cost
        # (one comparison per counter, in the order the counters are reported)
        spent[0] += contexts
        spent[1] += terms
        spent[2] += characters
        spent[3] += work
        if spent[0] > maxima[0] or spent[1] > maxima[1] or spent[2] > maxima[2] or spent[3] > maxima[3]:
            for index in range(4):
                if spent[index] > maxima[index]:
                    self._exceeded(index, path)

    def check_ahead(self, cost: Cost, path: Path) -> None:
        """Fail now if spending at least ``cost`` later would pass a bound (without spending it)."""
        spent = self.spent
        for i in range(4):
            if cost[i] and spent[i] + cost[i] > self._maxima[i]:
                self._exceeded(i, path)

    def _exceeded(self, index: int, path: Path) -> None:
        field = ("max_contexts", "max_terms", "max_context_bytes", "max_work")[index]
        raise ContextLimitError(
            f"JSON-LD context processing needs more than {self._maxima[index]} {_NAMES[index]} "
            f"(ContextLimits.{field})",
            path=render_path(path),
            details={"limit": field, "max": self._maxima[index]},
        )
