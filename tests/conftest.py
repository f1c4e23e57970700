"""Test harness: no network, a frozen clock, a strict offline loader.

Sockets are blocked for the whole session: any test that tries to reach the network fails loudly.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
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


#: Ports of 127.0.0.1 servers a test started itself (the ``loopback_ports`` fixture); nothing else is reachable.
_LOOPBACK_PORTS: set[int] = set()


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if self.family == getattr(socket, "AF_UNIX", object()):
        return _real_socket_connect(self, address)
    if (
        self.family == socket.AF_INET
        and isinstance(address, tuple)
        and address[0] == "127.0.0.1"
        and address[1] in _LOOPBACK_PORTS
    ):
        return _real_socket_connect(self, address)
    return _blocked(address)


socket.socket.connect = _guarded_connect  # type: ignore[method-assign, assignment]
socket.create_connection = _blocked
socket.getaddrinfo = _blocked


@pytest.fixture
def loopback_ports() -> Iterator[set[int]]:
    """Add the port of a 127.0.0.1 server the test started to this set to let the test connect to it."""
    yield _LOOPBACK_PORTS
    _LOOPBACK_PORTS.clear()


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


# --- fixed keys (tests/data/keys, TEST ONLY) ----------------------------------------------------------------
KEYS_DIR = DATA / "keys"

#: key type -> file in tests/data/keys
KEY_FILES: dict[str, str] = {
    "Ed25519": "ed25519.jwk",
    "P-256": "p256.jwk",
    "P-384": "p384.jwk",
    "secp256k1": "secp256k1.jwk",
    "RSA": "rsa2048.jwk",
}

#: key type -> sealing key with an x5c chain [leaf, CA] (and its CA in <name>-ca.pem)
CERT_CHAIN_KEY_FILES: dict[str, str] = {"RSA": "seal-rsa", "P-256": "seal-p256"}


@pytest.fixture(scope="session")
def keys() -> dict[str, Any]:
    """Fixed private keys by type (Ed25519, P-256, P-384, secp256k1: did:key kids; RSA: did:jwk kid)."""
    from microcred.keys import Key

    return {alg: Key.load(KEYS_DIR / name) for alg, name in KEY_FILES.items()}


@pytest.fixture(scope="session")
def cert_chain_keys() -> dict[str, Any]:
    """Fixed sealing keys (RSA, P-256) whose ``certificate_chain`` is [leaf, test CA]; the CA is chain[-1]."""
    from microcred.keys import Key

    return {alg: Key.load(KEYS_DIR / f"{name}.jwk") for alg, name in CERT_CHAIN_KEY_FILES.items()}


@pytest.fixture(scope="session")
def cert_chain_anchors() -> dict[str, Any]:
    """The test CA certificate (trust anchor) of each ``cert_chain_keys`` key, by key type."""
    from cryptography import x509

    return {
        alg: x509.load_pem_x509_certificate((KEYS_DIR / f"{name}-ca.pem").read_bytes())
        for alg, name in CERT_CHAIN_KEY_FILES.items()
    }
