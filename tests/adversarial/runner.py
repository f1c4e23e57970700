"""Shared by the corpus runner and the fuzz tests: read a case, turn its options into verify() arguments, guard.

The guard turns a hang into a failure (``signal.alarm`` on POSIX, main thread); the real bounds are the verifier's
own caps (input size, nesting depth, proof count) and the RDFC-1.0 work limit.
"""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from microcred import StaticFetcher
from microcred.resolve import ChainResolver, StaticResolver, default_resolver
from microcred.verification.policy import VerificationPolicy

from .generated import generate

HERE = Path(__file__).resolve().parent
KEYS_DIR = HERE.parent / "data" / "keys"
MANIFEST = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
CASES: dict[str, dict[str, Any]] = MANIFEST["cases"]
FORMATS = ("eddsa-rdfc-2022", "ecdsa-rdfc-2019", "jws-2020", "vc+jwt", "vc-jwt", "jades")
#: Seconds a single verification may take before the guard calls it a hang (generous: CI machines are slow).
GUARD_SECONDS = 30

_OPTION_KEYS = {"now", "policy", "resolver", "trust_anchors", "status_lists", "status_fetch"}


class Hang(Exception):
    pass


@contextmanager
def guard(seconds: int = GUARD_SECONDS) -> Iterator[None]:
    """Turn a hang into a test failure (POSIX main thread only; elsewhere the caps are the only bound)."""
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise Hang(f"verify() did not return within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def case_input(entry: dict[str, Any]) -> str:
    if "generate" in entry:
        return generate(entry["generate"])
    return (HERE / str(entry["file"])).read_text(encoding="utf-8")


def _status_list(path: str) -> Any:
    text = (HERE / path).read_text(encoding="utf-8").strip()
    return json.loads(text) if path.endswith(".json") else text


def verify_arguments(options: dict[str, Any]) -> dict[str, Any]:
    unknown = set(options) - _OPTION_KEYS
    assert not unknown, f"the runner does not know the options {sorted(unknown)}"
    kwargs: dict[str, Any] = {"now": options["now"]}
    if "policy" in options:
        fields = dict(options["policy"])
        if "allowed_formats" in fields:
            fields["allowed_formats"] = frozenset(fields["allowed_formats"])
        kwargs["policy"] = VerificationPolicy(**fields)
    if "resolver" in options:
        kwargs["resolver"] = ChainResolver(
            [StaticResolver(options["resolver"]["static"]), default_resolver()]
        )
    if "trust_anchors" in options:
        kwargs["trust_anchors"] = [KEYS_DIR / name for name in options["trust_anchors"]]
    if "status_lists" in options:
        kwargs["status_lists"] = [_status_list(path) for path in options["status_lists"]]
    if "status_fetch" in options:  # the bytes a fetcher would get, unparsed (they may not be JSON at all)
        served = {
            url: (HERE / path).read_bytes().rstrip(b"\n") for url, path in options["status_fetch"].items()
        }
        kwargs["fetcher"] = StaticFetcher(served)
    return kwargs
