"""Drawing status list indices and rolling full lists over: what single and block allocation share.

* :func:`draw_index`: one uniformly random free index of a list (Bitstring Status List v1.0 §2.1
  statusListIndex: "Implementations SHOULD assign indexes randomly"; §6.1 herd privacy, §6.5 decoy values).
* :func:`roll_over`: when every list of a purpose is full, the next list is created in the same transaction,
  with the same purpose, size, statusSize and issuer, at the URL the rollover template gives for the first
  unused number (``https://registrar.example.edu/status/{n}``). Two issuers rolling over at once both insert
  the same URL; the primary key refuses one, whose transaction is retried and finds the new list. A list never
  changes size (§3.2: an issuer publishes as many lists as it needs).
"""

from __future__ import annotations

import random
from urllib.parse import urlsplit

from ..errors import StatusListFullError, StatusRegistryError, UsageError
from . import store
from .backend import Transaction

#: Status purposes the registry manages (Bitstring Status List §2.1).
REGISTRY_PURPOSES: tuple[str, ...] = ("revocation", "suspension")
#: Below this share of used indices a random probe almost always hits a free one; above, pick among the free.
_PROBE_UNTIL = 0.5
_PROBES = 64


def check_url(url: str) -> str:
    """``url`` if it can name a status list (absolute http(s), no fragment); a :class:`UsageError` otherwise."""
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("https", "http") or not parts.netloc or parts.fragment:
        raise UsageError(f"a status list URL must be an absolute http(s) URL without a fragment, not {url!r}")
    return url


def check_purpose(purpose: str) -> str:
    """``purpose`` if the registry manages it; a :class:`UsageError` otherwise."""
    if purpose not in REGISTRY_PURPOSES:
        raise UsageError(f"status purpose must be one of {', '.join(REGISTRY_PURPOSES)}, not {purpose!r}")
    return purpose


def check_rollover(template: str | None) -> str | None:
    """A rollover URL template (``{n}``: the list's number) that gives a distinct list URL per number."""
    if template is None:
        return None
    try:
        first, second = template.format(n=1), template.format(n=2)
    except (AttributeError, IndexError, KeyError, ValueError):
        first = second = ""
    if "{n}" not in str(template) or first == second:
        raise UsageError(f"rollover must be a URL template with {{n}} (the list number), not {template!r}")
    check_url(first)
    return template


def next_url(tx: Transaction, template: str) -> str:
    """The template's URL for the first number no list uses yet."""
    taken = {row.url for row in store.all_lists(tx)}
    number = 1
    while template.format(n=number) in taken:
        number += 1
    return template.format(n=number)


def roll_over(
    tx: Transaction,
    purpose: str,
    *,
    template: str | None,
    now: str,
    lease_owner: str | None = None,
    lease_until: int | None = None,
) -> store.ListRow | None:
    """Create the list that follows the newest list of ``purpose`` (None when there is no list or no template).

    ``template`` overrides the newest list's own rollover template; the new list inherits it. A lease given is
    taken on the new list at once (a block allocator's list of its own).
    """
    lists = store.lists_of(tx, purpose)
    if not lists:
        return None
    last = lists[-1]
    template = template or last.rollover
    if template is None:
        return None
    fresh = store.ListRow(
        next_url(tx, template),
        purpose,
        last.size,
        last.status_size,
        last.issuer,
        0,
        now,
        template,
        lease_owner=lease_owner,
        lease_until=lease_until,
    )
    store.insert_list(tx, fresh)  # a concurrent rollover to the same URL conflicts: retried
    return fresh


def full_error(purpose: str, location: str) -> StatusListFullError:
    """The error when every list of ``purpose`` is full and none rolls over."""
    return StatusListFullError(
        f"every {purpose} list in {location} is full; create another with 'microcred status create' "
        "(or give the list a rollover URL template)",
        details={"purpose": purpose},
    )


def draw_index(tx: Transaction, row: store.ListRow, rng: random.Random) -> int:
    """One uniformly random free index of the list (probes while it is sparse, then a pick among the free)."""
    if row.allocated < row.size * _PROBE_UNTIL:
        for _ in range(_PROBES):
            index = rng.randrange(row.size)
            if not store.index_taken(tx, row.url, index):
                return index
    taken = store.taken_indices(tx, row.url)
    free = row.size - len(taken)
    if free <= 0:
        raise StatusListFullError(
            f"status list {row.url} is full ({row.size} entries)", details={"url": row.url}
        )
    skip = rng.randrange(free)
    for index in range(row.size):
        if index not in taken:
            if skip == 0:
                return index
            skip -= 1
    raise StatusRegistryError(f"status list {row.url}: allocated count and entries disagree")
