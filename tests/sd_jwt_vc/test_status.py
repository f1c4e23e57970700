"""The ``status`` check of SD-JWT VCs against a Token Status List served offline."""

from __future__ import annotations

from datetime import timedelta

import pytest

from microcred.fetcher import StaticFetcher
from microcred.keys import Key
from microcred.model.examples import minimal_microcredential
from microcred.sd_jwt_vc import issue_sd_jwt_vc, verify_sd_jwt_vc
from microcred.status.token_status_list import TokenStatusList, sign_status_list_token
from microcred.verification.results import CheckStatus

from .conftest import NOW, make_options

URI = "https://registrar.example.edu/status/1"


def _list(issuer: Key, value: int, *, uri: str = URI, exp: timedelta = timedelta(days=1)) -> str:
    status_list = TokenStatusList.zeros(64, 2)
    status_list.set(5, value)
    return sign_status_list_token(status_list, uri, issuer, iat=NOW, exp=NOW + exp)


@pytest.mark.parametrize(
    ("value", "status", "code"),
    [
        (0, CheckStatus.PASSED, "STATUS_VALID"),
        (1, CheckStatus.FAILED, "STATUS_INVALID"),
        (2, CheckStatus.FAILED, "STATUS_SUSPENDED"),
        (3, CheckStatus.FAILED, "STATUS_SET"),
    ],
)
def test_status_values(issuer: Key, value: int, status: CheckStatus, code: str) -> None:
    token = issue_sd_jwt_vc(minimal_microcredential(), issuer, now=NOW, status=(URI, 5))
    result = verify_sd_jwt_vc(token, make_options(fetcher=StaticFetcher({URI: _list(issuer, value)})))
    check = result.check("status")
    assert (check.status, check.code) == (status, code)
    assert result.verified == (value == 0)


def test_status_cannot_be_known(issuer: Key, holder: Key) -> None:
    token = issue_sd_jwt_vc(minimal_microcredential(), issuer, now=NOW, status=(URI, 5))
    cases = {
        "STATUS_LIST_UNAVAILABLE": make_options(),
        "STATUS_LIST_INVALID": make_options(
            fetcher=StaticFetcher({URI: _list(holder, 0)})
        ),  # not the issuer's
    }
    for code, options in cases.items():
        check = verify_sd_jwt_vc(token, options).check("status")
        assert (check.status, check.code) == (CheckStatus.ERROR, code)
    expired = make_options(fetcher=StaticFetcher({URI: _list(issuer, 0, exp=timedelta(seconds=-1))}))
    assert verify_sd_jwt_vc(token, expired).check("status").code == "STATUS_LIST_INVALID"
    other_uri = make_options(fetcher=StaticFetcher({URI: _list(issuer, 0, uri="https://elsewhere.example")}))
    assert verify_sd_jwt_vc(token, other_uri).check("status").code == "STATUS_LIST_INVALID"
    far = issue_sd_jwt_vc(minimal_microcredential(), issuer, now=NOW, status=(URI, 10_000))
    check = verify_sd_jwt_vc(far, make_options(fetcher=StaticFetcher({URI: _list(issuer, 0)}))).check(
        "status"
    )
    assert check.code == "STATUS_INDEX_OUT_OF_RANGE"
