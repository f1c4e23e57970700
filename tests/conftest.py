"""Test harness: no network, a frozen clock, a strict offline loader.

Sockets are blocked for the whole session: any test that tries to reach the network fails loudly.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from microcred.clock import FixedClock
from microcred.jsonld.loader import DocumentLoader

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
ROOT = TESTS.parent

#: The instant every test lives at unless it says otherwise.
FROZEN_NOW = "2026-01-15T12:00:00Z"


class NetworkBlocked(RuntimeError):
    pass


def _blocked(*args: Any, **kwargs: Any) -> Any:
    raise NetworkBlocked(f"network access attempted in a test: {args[:2]!r}")


_real_socket_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if self.family == getattr(socket, "AF_UNIX", object()):
        return _real_socket_connect(self, address)
    return _blocked(address)


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.create_connection = _blocked  # type: ignore[assignment]
socket.getaddrinfo = _blocked  # type: ignore[assignment]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(FROZEN_NOW)


@pytest.fixture
def loader() -> DocumentLoader:
    """Bundled contexts only; any other URL raises UnknownDocumentError."""
    return DocumentLoader()


@pytest.fixture
def data_dir() -> Path:
    return DATA
