"""Where published status lists go: a folder laid out like the web server's, or any publisher callable.

:meth:`StatusRegistry.publish_changed <microcred.status.publication.ListPublishing.publish_changed>` hands
each signed list to a :class:`Publisher`: ``publisher(list_url, kind, body, media_type)`` returns where the
list went. :class:`DirectoryPublisher` writes ``DIR/<the URL's path>`` (``https://registrar.example.edu/status/1``
-> ``DIR/status/1``), so ``DIR`` served as the web root serves each list at its URL; a Token Status List
(``statuslist+jwt``, draft-ietf-oauth-status-list §5.1) goes next to it as ``DIR/status/1.jwt``, for a server
that negotiates ``Accept: application/statuslist+jwt`` (§8.1). Each file is written atomically (a temporary
file renamed into place).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol
from urllib.parse import unquote, urlsplit

from ..errors import UsageError
from ..jsonio import write_atomic

#: What a list is published as: a Bitstring Status List credential, or a Token Status List token.
Kind = Literal["bitstring", "token"]
KINDS: tuple[Kind, ...] = ("bitstring", "token")
#: The file suffix of each kind next to the list's path.
SUFFIXES: dict[str, str] = {"bitstring": "", "token": ".jwt"}


class Publisher(Protocol):
    """Puts one signed status list where verifiers fetch it; returns where (a path or URL, for messages)."""

    def __call__(self, list_url: str, kind: Kind, body: bytes, media_type: str) -> str:
        """Publish ``body`` (of ``media_type``) for ``list_url``; raise if it could not be published."""
        ...


@dataclass(frozen=True)
class Published:
    """One status list published by ``publish_changed``: which list, as what, where, at which change count."""

    url: str
    kind: Kind
    location: str
    media_type: str
    version: int


def check_kinds(kinds: Iterable[str]) -> tuple[Kind, ...]:
    """``kinds`` in the order bitstring, token, without repeats, each ``bitstring`` or ``token``; a :class:`UsageError` otherwise."""
    requested = [kinds] if isinstance(kinds, str) else list(kinds)
    for kind in requested:
        if kind not in KINDS:
            raise UsageError(f"a status list is published as 'bitstring' or 'token', not {kind!r}")
    out = tuple(kind for kind in KINDS if kind in requested)
    if not out:
        raise UsageError("publish_changed needs at least one kind ('bitstring', 'token')")
    return out


class DirectoryPublisher:
    """Writes each list to ``root/<the list URL's path>`` (atomically); sub-folders are created."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        if not self.root.is_dir():
            raise UsageError(f"the output folder {self.root} does not exist")

    def path_for(self, list_url: str, kind: Kind) -> Path:
        """The file a list of ``kind`` is written to; a :class:`UsageError` for a URL path that is no file."""
        path = unquote(urlsplit(list_url).path)
        segments = path.split("/")[1:] if path.startswith("/") else []
        if not segments or any(s in ("", ".", "..") or "\\" in s or "\0" in s for s in segments):
            raise UsageError(f"status list URL {list_url} has no path a file can be named after")
        return self.root.joinpath(*segments[:-1], segments[-1] + SUFFIXES[kind])

    def check(self, list_urls: Iterable[str], kinds: Iterable[Kind]) -> None:
        """Refuse, before anything is written, two lists that would be written to one file."""
        seen: dict[Path, str] = {}
        for url in list_urls:
            for kind in kinds:
                path = self.path_for(url, kind)
                if path in seen and seen[path] != url:
                    raise UsageError(f"status lists {seen[path]} and {url} would both be written to {path}")
                seen[path] = url

    def __call__(self, list_url: str, kind: Kind, body: bytes, media_type: str) -> str:
        """Write ``body`` to the list's file atomically; return the path."""
        path = self.path_for(list_url, kind)
        path.parent.mkdir(parents=True, exist_ok=True)
        return str(write_atomic(path, body))
