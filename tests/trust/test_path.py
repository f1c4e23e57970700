"""X.509 path validation (src/microcred/trust/path.py): parsed certificates kept by their bytes."""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from microcred.trust import path, path_engine, path_memo
from microcred.trust.path import to_asn1, validate_path

from .tl_factory import T0, certificate, ec_key, name


def test_a_certificate_is_parsed_once_and_the_kept_parses_are_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root_key, leaf_key = ec_key(71), ec_key(72)
    root = certificate(name("Path Root"), root_key, None, root_key, ca=True)
    leaf = certificate(name("Path Leaf"), leaf_key, root, root_key)
    assert to_asn1(root) is to_asn1(root)
    assert to_asn1(leaf) is not to_asn1(root)
    assert to_asn1(leaf).dump() == leaf.public_bytes(Encoding.DER)
    moment = T0 + dt.timedelta(days=1)
    for _ in range(2):  # the second validation reads the kept parses: the same answer
        result = validate_path(leaf, anchors=[root], moment=moment)
        assert result.status == "valid", result.message
        assert result.path == [leaf, root]
    other_root = certificate(name("Other Root"), ec_key(73), None, ec_key(73), ca=True)
    assert validate_path(leaf, anchors=[other_root], moment=moment).status == "untrusted"
    monkeypatch.setattr(path, "MAX_PARSED", 2)
    path._PARSED.clear()
    for cert in (root, leaf, other_root):
        to_asn1(cert)
    assert len(path._PARSED) <= 2


def _chain() -> tuple[x509.Certificate, x509.Certificate]:
    root_key, leaf_key = ec_key(74), ec_key(75)
    root = certificate(name("Loop Root"), root_key, None, root_key, ca=True)
    return root, certificate(name("Loop Leaf"), leaf_key, root, root_key)


def test_the_event_loop_is_kept_per_thread_and_gives_the_same_answers() -> None:
    root, leaf = _chain()
    moment = T0 + dt.timedelta(days=1)
    first = validate_path(leaf, anchors=iter([root]), moment=moment)  # iterables are read once
    kept = path_engine._THREAD.loop
    assert validate_path(leaf, anchors=[root], moment=moment) == first
    assert path_engine._THREAD.loop is kept and first.status == "valid" and first.path == [leaf, root]
    assert first.path[0] is leaf and first.path[1] is root  # the certificates given, not copies
    expired = validate_path(leaf, anchors=[root], moment=T0 + dt.timedelta(days=4000))
    assert expired.status == "invalid"
    outcome: dict[str, object] = {}

    def other_thread() -> None:
        outcome["result"] = validate_path(leaf, anchors=[root], moment=moment)
        outcome["loop"] = path_engine._THREAD.loop

    path_memo._VALID_PATHS.clear()  # validated again, not recalled: the other thread makes its loop
    worker = threading.Thread(target=other_thread)
    worker.start()
    worker.join()
    assert outcome["result"] == first and outcome["loop"] is not kept


def test_inside_a_running_event_loop_and_with_the_callers_context() -> None:
    root, leaf = _chain()
    moment = T0 + dt.timedelta(days=1)

    async def caller() -> path.PathResult:
        return validate_path(leaf, anchors=[root], moment=moment)

    assert asyncio.run(caller()).status == "valid"
    seen: contextvars.ContextVar[str] = contextvars.ContextVar("seen", default="unset")

    async def read() -> str:
        return seen.get()

    assert path_engine.run(read()) == "unset"
    token = seen.set("set after the loop was made")
    try:
        assert path_engine.run(read()) == "set after the loop was made"
    finally:
        seen.reset(token)


def test_remembered_signature_checks_never_pass_a_forged_certificate(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same certificate is checked once; an impostor with the same names, or a changed byte, is checked."""
    root_key, leaf_key, forger = ec_key(76), ec_key(77), ec_key(78)
    root = certificate(name("Memo Root"), root_key, None, root_key, ca=True)
    leaf = certificate(name("Memo Leaf"), leaf_key, root, root_key, serial=9)
    impostor = certificate(name("Memo Leaf"), leaf_key, root, forger, serial=9)  # same names, other signer
    moment = T0 + dt.timedelta(days=1)
    path_engine._VALID.clear()
    assert validate_path(leaf, anchors=[root], moment=moment).status == "valid"
    remembered = set(path_engine._VALID)
    assert remembered
    assert validate_path(leaf, anchors=[root], moment=moment).status == "valid"
    assert remembered == path_engine._VALID
    for _ in range(2):  # a failed check is not remembered: it fails each time
        assert validate_path(impostor, anchors=[root], moment=moment).status == "invalid"
        assert remembered == path_engine._VALID
    der = bytearray(leaf.public_bytes(Encoding.DER))
    der[-3] ^= 0x01  # inside the signature value
    tampered = x509.load_der_x509_certificate(bytes(der))
    assert validate_path(tampered, anchors=[root], moment=moment).status == "invalid"
    monkeypatch.setattr(path_engine, "MAX_REMEMBERED", 1)
    other = certificate(name("Memo Other"), ec_key(79), root, root_key, serial=10)
    assert validate_path(other, anchors=[root], moment=moment).status == "valid"
    assert len(path_engine._VALID) <= 1
    assert validate_path(leaf, anchors=[root], moment=moment).status == "valid"
