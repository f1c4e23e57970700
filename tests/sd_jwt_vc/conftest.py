"""Fixtures for SD-JWT VC tests: fixed keys, clock and offline verify options."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from microcred.clock import FixedClock
from microcred.fetcher import StaticFetcher
from microcred.jsonld.loader import default_loader
from microcred.keys import Key
from microcred.resolve import default_resolver
from microcred.suites.base import VerifyOptions

KEYS = Path(__file__).parent.parent / "data" / "keys"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="session")
def issuer() -> Key:
    return Key.load(KEYS / "p256.jwk")


@pytest.fixture(scope="session")
def holder() -> Key:
    return Key.load(KEYS / "ed25519.jwk")


def make_options(
    *, fetcher: StaticFetcher | None = None, anchors: tuple[Any, ...] = (), now: datetime = NOW
) -> VerifyOptions:
    return VerifyOptions(
        loader=default_loader(),
        resolver=default_resolver(),
        clock=FixedClock(now),
        trust_anchors=anchors,
        fetcher=fetcher,
    )
