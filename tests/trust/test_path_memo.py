"""Valid certification paths remembered (src/microcred/trust/path_memo.py): recalled only when the answer is the same."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from microcred.trust import path_engine, path_memo
from microcred.trust.path import to_asn1, validate_path

from .tl_factory import T0, certificate, ec_key, name

DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _empty() -> Iterator[None]:
    path_memo._VALID_PATHS.clear()
    yield
    path_memo._VALID_PATHS.clear()


def _chain(seed: int, *, leaf_days: int = 3650) -> tuple[x509.Certificate, x509.Certificate]:
    root_key, leaf_key = ec_key(seed), ec_key(seed + 1)
    root = certificate(name(f"Memo Root {seed}"), root_key, None, root_key, ca=True)
    leaf = certificate(name(f"Memo Leaf {seed}"), leaf_key, root, root_key, not_after=T0 + leaf_days * DAY)
    return root, leaf


def _no_validation(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Make every call of the validator fail the test, and return the list of calls tried."""
    calls: list[Any] = []

    def refuse(coro: Any) -> Any:
        calls.append(coro)
        coro.close()
        raise AssertionError("the path was validated, not recalled")

    monkeypatch.setattr(path_engine, "run", refuse)
    return calls


def test_a_valid_path_is_recalled_with_the_same_answer_and_the_callers_certificates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root, leaf = _chain(101)
    first = validate_path(leaf, anchors=[root], moment=T0 + DAY)
    assert first.status == "valid" and len(path_memo._VALID_PATHS) == 1
    _no_validation(monkeypatch)
    later = T0 + 30 * DAY
    again = validate_path(leaf, anchors=[root], moment=later)
    assert again.status == "valid" and again.path[0] is leaf and again.path[1] is root
    assert again.message == f"valid at {later.isoformat()} to {root.subject.rfc4514_string()}"
    copies = [x509.load_der_x509_certificate(c.public_bytes(Encoding.DER)) for c in (leaf, root)]
    recalled = validate_path(copies[0], anchors=[copies[1]], moment=T0 + DAY)
    assert recalled == first and recalled.path[0] is copies[0] and recalled.path[1] is copies[1]


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        (T0 + 11 * DAY, "invalid"),  # the leaf expired at T0 + 10 days
        (T0 - 400 * DAY, "invalid"),  # before either certificate's notBefore (T0 - 365 days)
    ],
)
def test_after_a_success_an_expired_or_not_yet_valid_chain_is_still_refused(
    moment: dt.datetime, status: str
) -> None:
    root, leaf = _chain(103, leaf_days=10)
    assert validate_path(leaf, anchors=[root], moment=T0 + DAY).status == "valid"
    assert path_memo._VALID_PATHS
    for _ in range(2):
        refused = validate_path(leaf, anchors=[root], moment=moment)
        assert refused.status == status and refused.path == []
    assert validate_path(leaf, anchors=[root], moment=T0 + 10 * DAY).status == "valid"  # the last valid day


def test_after_a_success_another_anchor_or_a_forged_leaf_is_still_refused() -> None:
    root, leaf = _chain(105)
    other_root, _ = _chain(107)
    moment = T0 + DAY
    assert validate_path(leaf, anchors=[root], moment=moment).status == "valid"
    for _ in range(2):
        assert validate_path(leaf, anchors=[other_root], moment=moment).status == "untrusted"
    forged = certificate(leaf.subject, ec_key(106), root, ec_key(109), serial=leaf.serial_number)
    assert validate_path(forged, anchors=[root], moment=moment).status == "invalid"
    der = bytearray(leaf.public_bytes(Encoding.DER))
    der[-3] ^= 0x01  # inside the signature value
    tampered = x509.load_der_x509_certificate(bytes(der))
    assert validate_path(tampered, anchors=[root], moment=moment).status == "invalid"
    both = validate_path(leaf, anchors=[other_root, root], moment=moment)  # another key: validated, then kept
    assert both.status == "valid" and len(path_memo._VALID_PATHS) == 2


def test_with_revocation_data_or_usage_or_a_naive_time_nothing_is_recalled() -> None:
    moment = T0 + DAY
    assert (
        path_memo.path_key(b"l", [b"a"], [], moment=moment, crls=[b"crl"], ocsps=[], extended_key_usage=None)
        is None
    )
    assert (
        path_memo.path_key(b"l", [b"a"], [], moment=moment, crls=[], ocsps=[b"o"], extended_key_usage=None)
        is None
    )
    naive = moment.replace(tzinfo=None)
    assert (
        path_memo.path_key(b"l", [b"a"], [], moment=naive, crls=[], ocsps=[], extended_key_usage=None) is None
    )
    plain = path_memo.path_key(b"l", [b"a"], [], moment=moment, crls=[], ocsps=[], extended_key_usage=None)
    usage = path_memo.path_key(b"l", [b"a"], [], moment=moment, crls=[], ocsps=[], extended_key_usage={"x"})
    assert plain is not None and usage is not None and plain != usage
    root, leaf = _chain(111)
    assert validate_path(leaf, anchors=[root], moment=naive).status == "invalid"  # the validator refuses it
    assert not path_memo._VALID_PATHS


def test_a_path_with_certificates_that_name_revocation_sources_is_not_remembered() -> None:
    root_key, leaf_key = ec_key(113), ec_key(114)
    root = certificate(name("Rev Root"), root_key, None, root_key, ca=True)
    points = x509.CRLDistributionPoints(
        [x509.DistributionPoint([x509.UniformResourceIdentifier("http://crl.test/ca.crl")], None, None, None)]
    )
    leaf = certificate(name("Rev Leaf"), leaf_key, root, root_key, extensions=[(points, False)])
    key = path_memo.path_key(b"l", [b"a"], [], moment=T0, crls=[], ocsps=[], extended_key_usage=None)
    assert key is not None
    assert not path_memo.remember(key, [to_asn1(leaf), to_asn1(root)], first_candidate=True)
    assert validate_path(leaf, anchors=[root], moment=T0 + DAY).status == "unknown"  # no CRL was given
    assert not path_memo._VALID_PATHS
    plain = certificate(name("Plain Leaf"), leaf_key, root, root_key)
    assert path_memo.remember(key, [to_asn1(plain), to_asn1(root)], first_candidate=True)
    assert not path_memo.remember(key, [to_asn1(plain), to_asn1(root)], first_candidate=False)


def test_only_the_first_candidate_path_is_remembered() -> None:
    """Two intermediates with one name and key: pyhanko-certvalidator returns the first path that validates,
    so a path found after an expired first candidate must not be recalled when that candidate is valid."""
    root_key, ca_key, leaf_key = ec_key(121), ec_key(122), ec_key(123)
    root = certificate(name("Two Root"), root_key, None, root_key, ca=True)
    short = certificate(name("Two CA"), ca_key, root, root_key, ca=True, serial=2, not_after=T0 + 10 * DAY)
    long = certificate(name("Two CA"), ca_key, root, root_key, ca=True, serial=3)
    leaf = certificate(name("Two Leaf"), leaf_key, long, ca_key, serial=4)
    kwargs: dict[str, Any] = {"anchors": [root], "intermediates": [short, long]}
    late = validate_path(leaf, moment=T0 + 20 * DAY, **kwargs)
    assert late.status == "valid" and late.path[1] is long
    assert not path_memo._VALID_PATHS  # the second candidate: not remembered
    early = validate_path(leaf, moment=T0 + DAY, **kwargs)
    assert early.status == "valid" and early.path[1] is short  # what the validator returns at that time
    assert len(path_memo._VALID_PATHS) == 1
    assert validate_path(leaf, moment=T0 + 20 * DAY, **kwargs).path[1] is long  # short expired: not recalled


def test_the_remembered_paths_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(path_memo, "MAX_VALID_PATHS", 1)
    for seed in (131, 133, 135):
        root, leaf = _chain(seed)
        assert validate_path(leaf, anchors=[root], moment=T0 + DAY).status == "valid"
        assert len(path_memo._VALID_PATHS) <= 1
