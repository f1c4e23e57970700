"""Fixtures for the JOSE format tests (vc+jwt, vc-jwt, jades, jws-2020)."""

from __future__ import annotations

from typing import Any

import pytest

from microcred.model import MicroCredential, example_microcredential


@pytest.fixture(scope="session")
def mc() -> MicroCredential:
    return example_microcredential()


@pytest.fixture(scope="session")
def seal_chains(keys: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Sealing keys (RSA, P-256, P-384: the fixed keys) with a certificate naming the example's issuer
    (organizationIdentifier = its eIDAS identifier, O = its legal name), issued by a CA made with the fixed
    P-256 key. key type -> (key with chain, CA certificate)."""
    from microcred.demo_ca import make_test_certificate_chain
    from microcred.elm import to_elm

    issuer = to_elm(example_microcredential(), data_model="v1")["issuer"]
    out: dict[str, tuple[Any, Any]] = {}
    for kt in ("RSA", "P-256", "P-384"):
        out[kt] = make_test_certificate_chain(
            keys[kt],
            subject=f"Example seal {kt}",
            ca_key=keys["P-256"],
            ca_subject="Example JAdES test CA",
            organization=next(iter(issuer["legalName"].values())),
            organization_identifier=issuer["eIDASIdentifier"]["notation"],
        )
    return out
