"""Issuing JAdES-B-T: a signature time-stamp from an injected TSA (in-process, or RFC 3161 over the fetcher)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import tsp

import microcred
from microcred.clock import FixedClock, format_datetime
from microcred.errors import UsageError
from microcred.fetcher import HardenedFetcher
from microcred.trust.trusted_lists import TrustedLists
from microcred.trust.tsa import HttpTimeStampAuthority, LocalTimeStampAuthority

from .tl_factory import T0, build

CREDENTIAL = (
    Path(__file__).resolve().parents[1] / "data" / "elm" / "official" / "Sample-MC-Annex1-unsigned.jsonld"
)
SIGNED_AT = T0 + dt.timedelta(days=1)
NOW = format_datetime(SIGNED_AT + dt.timedelta(hours=1))


def credential() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CREDENTIAL.read_text())
    return data


def test_b_t_seal_from_a_listed_tsa_is_qualified_with_a_trusted_time() -> None:
    h = build()
    tsa = LocalTimeStampAuthority(h.tsa_key, h.tsa, clock=FixedClock(SIGNED_AT + dt.timedelta(seconds=2)))
    secured = microcred.issue(credential(), h.seal, format="jades", now=format_datetime(SIGNED_AT), tsa=tsa)
    assert isinstance(secured, dict) and list(secured["signatures"][0]["header"]) == ["etsiU"]
    lists = TrustedLists([("l", h.lotl), ("t", h.tl)], lotl_signers=[h.lotl_signer])
    result = microcred.verify(secured, now=NOW, trusted_lists=lists)
    stamp = result.check("timestamp")
    assert (stamp.code, stamp.details["tsaTrusted"]) == ("SIGNATURE_TIMESTAMP_VALID", True)
    assert stamp.details["genTime"] == format_datetime(SIGNED_AT + dt.timedelta(seconds=2))
    trust = result.check("trust")
    assert trust.code == "QUALIFIED_SEAL" and trust.details["poeSource"] == "sigTst"
    assert trust.details["validationTime"] == stamp.details["genTime"]
    assert result.check("proof").details["level"] == "B-T"


def test_b_t_seal_verifies_with_a_plain_trust_anchor_and_says_the_tsa_is_untrusted() -> None:
    h = build()
    tsa = LocalTimeStampAuthority(h.tsa_key, h.tsa, clock=FixedClock(SIGNED_AT))
    secured = microcred.issue(credential(), h.seal, format="jades", now=format_datetime(SIGNED_AT), tsa=tsa)
    result = microcred.verify(secured, now=NOW, trust_anchors=[h.ca])
    assert result.check("trust").code == "TRUST_CHAIN_VALID"
    assert result.check("timestamp").details["tsaTrusted"] is False
    assert result.check("trust").details["poeSource"] == "sigTst (TSA not trusted)"


def test_a_token_moved_to_another_seal_does_not_fit() -> None:
    h = build()
    tsa = LocalTimeStampAuthority(h.tsa_key, h.tsa, clock=FixedClock(SIGNED_AT))
    one = microcred.issue(credential(), h.seal, format="jades", now=format_datetime(SIGNED_AT), tsa=tsa)
    other = microcred.issue(
        credential(), h.seal, format="jades", now=format_datetime(SIGNED_AT + dt.timedelta(seconds=1))
    )
    assert isinstance(one, dict) and isinstance(other, dict)
    other["signatures"][0]["header"] = one["signatures"][0]["header"]
    result = microcred.verify(other, now=NOW, trust_anchors=[h.ca])
    assert result.check("timestamp").code == "TIMESTAMP_IMPRINT_MISMATCH" and not result.verified


def test_a_tsa_that_is_not_one_is_refused() -> None:
    h = build()
    tsa = LocalTimeStampAuthority(h.tsa_key, h.tsa)
    with pytest.raises(UsageError, match="jades"):
        microcred.issue(credential(), h.seal, format="jws-2020", tsa=tsa)
    with pytest.raises(UsageError, match="TimeStampAuthority"):
        microcred.issue(
            credential(),
            h.seal,
            format="jades",
            now=format_datetime(SIGNED_AT),
            tsa="https://tsa",  # type: ignore[call-overload]
        )


class _Response:
    def __init__(self, body: bytes) -> None:
        self.status_code, self.headers, self._body = (
            200,
            {"Content-Type": "application/timestamp-reply"},
            body,
        )

    def iter_content(self, chunk_size: int) -> list[bytes]:
        return [self._body]

    def close(self) -> None:
        pass


class _TsaSession:
    """Answers RFC 3161 requests with the in-process TSA (what a TSA server does), recording them."""

    def __init__(self, tsa: LocalTimeStampAuthority) -> None:
        self.tsa, self.requests = tsa, []  # type: ignore[var-annotated]

    def post(self, url: str, *, data: bytes, headers: dict[str, str], **_: Any) -> _Response:
        self.requests.append((url, headers["Content-Type"]))
        request = tsp.TimeStampReq.load(data)
        token = self.tsa.timestamp_digest(
            request["message_imprint"]["hashed_message"].native, request["nonce"].native
        )
        response = tsp.TimeStampResp(
            {"status": {"status": "granted"}, "time_stamp_token": tsp.ContentInfo.load(token)}
        )
        return _Response(response.dump())


def test_http_tsa_over_the_hardened_fetcher() -> None:
    h = build()
    session = _TsaSession(LocalTimeStampAuthority(h.tsa_key, h.tsa, clock=FixedClock(SIGNED_AT)))
    fetcher = HardenedFetcher(session=session, resolve_host=lambda host: ["93.184.216.34"])
    tsa = HttpTimeStampAuthority("https://tsa.example/tsr", fetcher=fetcher)
    secured = microcred.issue(credential(), h.seal, format="jades", now=format_datetime(SIGNED_AT), tsa=tsa)
    assert session.requests == [("https://tsa.example/tsr", "application/timestamp-query")]
    assert microcred.verify(secured, now=NOW, trust_anchors=[h.ca]).check("timestamp").passed


def test_cli_tsa_url_needs_jades(tmp_path: Path) -> None:
    from microcred.cli.main import main
    from microcred.keys import Key

    key = tmp_path / "k.jwk"
    Key.generate("Ed25519").save(key, private=True)
    argv = [
        "issue",
        str(CREDENTIAL),
        "--key",
        str(key),
        "-f",
        "eddsa-rdfc-2022",
        "--tsa-url",
        "https://tsa.example",
    ]
    assert main(argv) == 2


def test_a_time_stamp_older_than_the_claimed_signing_time_is_incoherent() -> None:
    h = build()
    tsa = LocalTimeStampAuthority(h.tsa_key, h.tsa, clock=FixedClock(SIGNED_AT - dt.timedelta(hours=1)))
    secured = microcred.issue(credential(), h.seal, format="jades", now=format_datetime(SIGNED_AT), tsa=tsa)
    result = microcred.verify(secured, now=NOW, trust_anchors=[h.ca])
    codes = [c.code for c in result.checks if c.name == "timestamp"]
    assert codes == ["SIGNATURE_TIMESTAMP_VALID", "TIMESTAMP_ORDER_INVALID"] and not result.verified
    assert "sigT" in next(c for c in result.checks if c.code == "TIMESTAMP_ORDER_INVALID").message
