"""How :mod:`.path` drives pyhanko-certvalidator: its coroutines on a kept event loop, its signature checks remembered.

* **Event loop.** The validator is asynchronous. ``asyncio.run`` makes and closes an event loop per call, which
  costs more than a short path's validation; :func:`run` keeps one loop per thread (closed when the thread
  ends or the interpreter exits; a forked child makes its own) and runs each coroutine as a task with a copy of
  the caller's context, as ``asyncio.run`` does. Called from inside a running loop, the coroutine runs on a
  fresh loop in a worker thread.
* **Certificate signatures.** Checking that an issuer signed a certificate is a pure function of the signature,
  the signed bytes (the TBSCertificate), the issuer's public key and the algorithm. :class:`RememberingSignatureValidator`
  remembers the checks that *succeeded*, keyed by exactly those bytes (at most :data:`MAX_REMEMBERED`, emptied
  when full): the same sealing certificate seen again skips the signature arithmetic; a changed byte anywhere is
  a different key, checked afresh, and a failed check is never remembered (it raises each time).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import os
import threading
import weakref
from collections.abc import Coroutine
from typing import Any, TypeVar

from asn1crypto import algos, keys
from pyhanko_certvalidator.sig_validate import (
    DEFAULT_VALIDATION_CONTEXT,
    DefaultSignatureValidator,
    SignatureValidationContext,
)

T = TypeVar("T")

#: Most successful signature checks remembered.
MAX_REMEMBERED = 1024
_VALID: set[tuple[bytes, bytes, bytes, bytes, str | None, bool]] = set()


class RememberingSignatureValidator(DefaultSignatureValidator):
    """pyhanko-certvalidator's signature validator, remembering the checks that succeeded (see above)."""

    def validate_signature(
        self,
        signature: bytes,
        signed_data: bytes,
        public_key_info: keys.PublicKeyInfo,
        signature_algorithm: algos.SignedDigestAlgorithm,
        context: SignatureValidationContext = DEFAULT_VALIDATION_CONTEXT,
    ) -> None:
        """Raise like the default validator when the signature does not verify; remember it when it does."""
        key = (
            bytes(signature),
            bytes(signed_data),
            public_key_info.dump(),
            signature_algorithm.dump(),
            context.contextual_md_algorithm,
            context.prehashed,
        )
        if key in _VALID:
            return
        super().validate_signature(signature, signed_data, public_key_info, signature_algorithm, context)
        if len(_VALID) >= MAX_REMEMBERED:
            _VALID.clear()
        _VALID.add(key)


class _ThreadLoop:
    """This thread's kept event loop."""

    __slots__ = ("__weakref__", "loop", "pid")

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.loop = asyncio.new_event_loop()
        weakref.finalize(self, _close, self.loop)


def _close(loop: asyncio.AbstractEventLoop) -> None:
    if not loop.is_running():  # at exit, a daemon thread may still be validating on it
        loop.close()


_THREAD = threading.local()


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run the validator's coroutine to completion on this thread's kept loop (see the module docstring)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        kept: _ThreadLoop | None = getattr(_THREAD, "loop", None)
        if kept is None or kept.pid != os.getpid():
            kept = _THREAD.loop = _ThreadLoop()
        task = kept.loop.create_task(coro, context=contextvars.copy_context())
        try:
            return kept.loop.run_until_complete(task)
        except BaseException:
            if not task.done():  # interrupted (KeyboardInterrupt): this loop is not reused
                _THREAD.loop = None
            raise
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
