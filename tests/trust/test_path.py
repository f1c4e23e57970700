"""X.509 path validation (src/microcred/trust/path.py): parsed certificates kept by their bytes."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from microcred.trust import path
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
