"""``microcred.issue(..., format="sd-jwt-vc")`` and ``microcred.verify(sd_jwt)``, and the status registry."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from microcred import issue, verify
from microcred.errors import UsageError
from microcred.fetcher import StaticFetcher
from microcred.keys import Key
from microcred.model.examples import example_microcredential
from microcred.resolve import default_resolver
from microcred.sd_jwt import present
from microcred.sd_jwt_vc import issue_sd_jwt_vc
from microcred.status import StatusRegistry
from microcred.status.token_publication import publish_token_status_list, token_status_list
from microcred.verification.policy import VerificationPolicy

from .conftest import NOW

AUD, NONCE = "https://employer.example", "n-1"


def test_issue_and_verify_through_the_public_api(issuer: Key, holder: Key) -> None:
    token = issue(example_microcredential(), issuer, format="sd-jwt-vc", now=NOW, holder=holder)
    assert isinstance(token, str)
    result = verify(token, now=NOW, resolver=default_resolver())
    assert result.verified and result.format == "sd-jwt-vc", result.summary()
    shown = present(str(token), ["learner.givenName"], holder=holder, aud=AUD, nonce=NONCE, iat=NOW)
    policy = VerificationPolicy(domain=AUD, challenge=NONCE)
    presented = verify(shown, now=NOW, policy=policy, source="wallet")
    assert presented.verified and presented.source == "wallet", presented.summary()
    assert presented.check("holder").code == "KEY_BINDING_VALID"
    assert "dateOfBirth" not in (presented.credential or {})["learner"]
    replayed = verify(shown, now=NOW, policy=VerificationPolicy(domain=AUD, challenge="other"))
    assert not replayed.verified and replayed.check("holder").code == "KB_JWT_NONCE_MISMATCH"
    unbound = verify(present(token, ["learner.givenName"]), now=NOW, policy=policy)
    assert unbound.check("holder").code == "KB_JWT_MISSING"


def test_options_that_do_not_apply_are_errors(issuer: Key) -> None:
    with pytest.raises(UsageError, match="do not apply"):
        issue(example_microcredential(), issuer, format="sd-jwt-vc", now=NOW, data_model="v1")
    with pytest.raises(TypeError, match="holdr"):
        issue(example_microcredential(), issuer, format="sd-jwt-vc", now=NOW, holdr=issuer)  # type: ignore[call-overload]
    bound = issue(
        example_microcredential(), issuer, format="ecdsa-rdfc-2019", now=NOW, holder=issuer.public()
    )
    assert bound["credentialSubject"]["id"] == issuer.did  # every format binds the holder (tests/present)
    with pytest.raises(UsageError, match="MicroCredential"):
        issue(["not", "a", "credential"], issuer, format="sd-jwt-vc", now=NOW)


def test_allowed_formats_and_hostile_input() -> None:
    policy = VerificationPolicy(allowed_formats=frozenset({"vc+jwt"}))
    result = verify("a.b.c~", now=NOW, policy=policy)
    assert result.check("format").code == "FORMAT_NOT_ALLOWED"
    for hostile in ("a.b.c~", "e30.e30.AA~~", "e30.e30.AA~" * 1000, "x.y.z~" + "A" * 10):
        assert not verify(hostile, now=NOW).verified


def test_registry_allocates_and_publishes_token_status_lists(tmp_path: Path, issuer: Key) -> None:
    url = "https://registrar.example.edu/status/tsl-1"
    with StatusRegistry(tmp_path / "status.db", clock=NOW) as registry:
        registry.create_list(url, "revocation", issuer=issuer.controller)
        credential = example_microcredential()
        token = issue(credential, issuer, format="sd-jwt-vc", now=NOW, status=registry)
        assert isinstance(token, str)

        def check() -> str:
            published = publish_token_status_list(registry, url, issuer, now=NOW, valid_for=timedelta(days=1))
            result = verify(token, now=NOW, fetcher=StaticFetcher({url: published}))
            return result.check("status").code

        assert check() == "STATUS_VALID"
        registry.revoke(str(credential.id))
        assert check() == "STATUS_INVALID"
        published_list = token_status_list(registry, url)
        index = registry.entries(str(credential.id))[0].index
        assert [i for i in range(len(published_list)) if published_list.get(i)] == [index]


def test_verify_routes_the_json_serialization(issuer: Key, holder: Key) -> None:
    token = issue(example_microcredential(), issuer, format="sd-jwt-vc", now=NOW, holder=holder)
    shown = present(token, ["learner.givenName"], holder=holder, aud=AUD, nonce=NONCE, iat=NOW)
    jwt, *disclosures, kb = shown.split("~")
    protected, payload, signature = jwt.split(".")
    data = {
        "payload": payload,
        "protected": protected,
        "header": {"disclosures": disclosures, "kb_jwt": kb},
        "signature": signature,
    }
    policy = VerificationPolicy(domain=AUD, challenge=NONCE)
    for form in (data, json.dumps(data)):
        result = verify(form, now=NOW, policy=policy)
        assert result.verified and result.format == "sd-jwt-vc", result.summary()


def test_suspension_list_publishes_two_bit_statuses(tmp_path: Path, issuer: Key) -> None:
    url = "https://registrar.example.edu/status/tsl-susp"
    with StatusRegistry(tmp_path / "status.db", clock=NOW) as registry:
        registry.create_list(url, "suspension", issuer=issuer.controller)
        credential = example_microcredential()
        from microcred.status.token_publication import allocate_token_status

        uri, idx = allocate_token_status(registry, str(credential.id), purpose="suspension")
        token = issue_sd_jwt_vc(credential, issuer, now=NOW, status=(uri, idx))
        registry.suspend(str(credential.id))
        published = publish_token_status_list(registry, url, issuer, now=NOW)
        assert token_status_list(registry, url).bits == 2
        result = verify(token, now=NOW, fetcher=StaticFetcher({url: published}))
        assert result.check("status").code == "STATUS_SUSPENDED"
        registry.reinstate(str(credential.id))
        published = publish_token_status_list(registry, url, issuer, now=NOW)
        assert (
            verify(token, now=NOW, fetcher=StaticFetcher({url: published})).check("status").code
            == "STATUS_VALID"
        )
        with pytest.raises(UsageError):
            allocate_token_status(registry, str(credential.id), purpose="message")
