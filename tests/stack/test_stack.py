"""Stacks (issue 16 item 1): build, verify, nested part results, and every bad-input rule at both ends."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from decimal import Decimal
from typing import Any, Literal

import pytest

from microcred.errors import (
    StackCircularError,
    StackDuplicatePartError,
    StackLearnerMismatchError,
    StackPartInvalidError,
    StackPartUnreadableError,
    StackRuleError,
    StackTooManyPartsError,
    UsageError,
)
from microcred.issuer import issue
from microcred.model.identifiers import LegalIdentifier
from microcred.stack import StackRules, stack, verify_stack
from microcred.stack.build import _stack_document
from microcred.stack.parts import data_url, digest_sri, part_bytes
from microcred.stack.read import read_part
from microcred.verification.verifier import Verifier, verify

LIST_URL = "https://registrar.example.edu/status/1"


@pytest.fixture(autouse=True)
def _helpers(kit: Any) -> None:
    global STACK_KEY, ed_key, p256_key, part_model
    ed_key, p256_key, part_model = kit.ed_key, kit.p256_key, kit.part_model
    STACK_KEY = ed_key("stack issuer")


STACK_KEY: Any = None
ed_key: Any = None
p256_key: Any = None
part_model: Any = None


def _stack_codes(result: Any) -> list[str]:
    return [c.code for c in result.by_name("stack")]


def forge(
    raws: list[Any], clock: Any, *, mutate: Any = None, credential_id: str = "urn:example:forged"
) -> Any:
    """A stack signed without :func:`stack`'s checks (what a careless or hostile issuer could make)."""
    verifier = Verifier(now=clock)
    parts = [read_part(i, part_bytes(r), verifier) for i, r in enumerate(raws)]
    doc = _stack_document(
        parts,
        title={"en": "Forged"},
        issued=clock.now(),
        eqf=None,
        issuer_id=STACK_KEY.controller,
        credential_id=credential_id,
    )
    if mutate is not None:
        mutate(doc)
    return issue(
        doc, STACK_KEY, format="eddsa-rdfc-2022", now=clock, data_model="v2", allow_nonconforming=True
    )


def _claim(doc: dict[str, Any]) -> dict[str, Any]:
    claim: dict[str, Any] = doc["credentialSubject"]["hasClaim"][0]
    return claim


def test_stack_of_three_formats_verifies_with_one_nested_result_per_part(
    parts: list[Any], clock: Any, registry: Any, status_key: Any
) -> None:
    listed = registry.publish(LIST_URL, status_key, format="ecdsa-rdfc-2019", clock=clock)
    secured = stack(parts, STACK_KEY, title="Research skills", now=clock, status_lists=[listed])
    assert isinstance(secured, dict)
    result = verify(secured, now=clock, status_lists=[listed])
    assert result.verified, result.summary()
    assert _stack_codes(result) == ["STACK_VALID"]
    assert [p.format for p in result.parts] == ["eddsa-rdfc-2022", "vc+jwt", "ecdsa-rdfc-2019"]
    assert all(p.verified for p in result.parts)
    assert [p["checks"][0]["code"] for p in result.to_dict()["parts"]] == ["FORMAT_RECOGNISED"] * 3
    claim = _claim(secured)
    assert claim["title"] == {"en": "Research skills"}
    assert [h["title"]["en"] for h in claim["hasPart"]] == [
        "Data management",
        "Research ethics",
        "Open science",
    ]
    points = claim["specifiedBy"]["creditPoint"]
    assert [Decimal(str(p["point"])) for p in points] == [Decimal(10)]
    related = secured["relatedResource"]
    assert related[1]["mediaType"] == "application/vc+jwt"
    assert related[1]["digestSRI"] == digest_sri(parts[1].encode())
    assert base64.b64decode(related[1]["id"].split(",", 1)[1]) == parts[1].encode()
    assert claim["hasPart"][0]["id"] == parts[0]["id"] + "#achievement"


def test_revoking_one_part_fails_the_stack_naming_the_part(
    parts: list[Any], clock: Any, registry: Any, status_key: Any
) -> None:
    listed = registry.publish(LIST_URL, status_key, format="ecdsa-rdfc-2019", clock=clock)
    secured = stack(parts, STACK_KEY, title="Research skills", now=clock, status_lists=[listed])
    part_id = verify(parts[1], now=clock, status_lists=[listed]).credential["id"]  # type: ignore[index]
    registry.revoke(part_id)
    revoked = registry.publish(LIST_URL, status_key, format="ecdsa-rdfc-2019", clock=clock)
    result = verify(secured, now=clock, status_lists=[revoked])
    assert not result.verified
    check = result.check("stack")
    assert check.code == "STACK_PART_INVALID"
    assert check.details["part"] == 1 and check.details["id"] == part_id
    assert "status:STATUS_REVOKED" in check.details["checks"]
    assert [p.verified for p in result.parts] == [True, False, True]
    with pytest.raises(StackPartInvalidError) as raised:
        stack(parts, STACK_KEY, title="Again", now=clock, status_lists=[revoked])
    assert raised.value.details["part"] == 1


def test_any_securing_format_for_the_stack_itself(
    parts: list[Any], clock: Any, registry: Any, status_key: Any
) -> None:
    listed = registry.publish(LIST_URL, status_key, format="ecdsa-rdfc-2019", clock=clock)
    token = stack(
        parts, p256_key("jwt stack"), title="As a JWT", format="vc+jwt", now=clock, status_lists=[listed]
    )
    assert isinstance(token, str)
    result = verify(token, now=clock, status_lists=[listed])
    assert result.verified, result.summary()
    assert len(result.parts) == 3


def test_a_tampered_part_breaks_the_stack_signature(parts: list[Any], clock: Any) -> None:
    secured = stack([parts[0], parts[2]], STACK_KEY, title="Two", now=clock)
    assert isinstance(secured, dict)
    other = json.dumps(parts[2]).encode()
    secured["relatedResource"][1]["id"] = data_url(other, "application/vc+ld+json")
    assert not verify(secured, now=clock).verified


def test_digest_mismatch_is_reported(parts: list[Any], clock: Any) -> None:
    def swap(doc: dict[str, Any]) -> None:
        doc["relatedResource"][1]["digestSRI"] = digest_sri(b"something else")

    result = verify(forge([parts[0], parts[2]], clock, mutate=swap), now=clock)
    assert _stack_codes(result) == ["STACK_DIGEST_MISMATCH"]
    assert result.check("stack").details == {"part": 1}


def test_unreadable_part(parts: list[Any], clock: Any) -> None:
    with pytest.raises(StackPartUnreadableError):
        stack([parts[0], b"not a credential"], STACK_KEY, title="Bad", now=clock)

    def junk(doc: dict[str, Any]) -> None:
        doc["relatedResource"].append(
            {"id": data_url(b"{}", "application/vc+ld+json"), "digestSRI": digest_sri(b"{}")}
        )

    result = verify(forge([parts[0]], clock, mutate=junk), now=clock)
    assert "STACK_PART_UNREADABLE" in _stack_codes(result)
    assert result.check("stack").details["part"] == 1

    def not_data(doc: dict[str, Any]) -> None:
        doc["relatedResource"][0]["id"] = "https://example.org/part.json"

    result = verify(forge([parts[0]], clock, mutate=not_data), now=clock)
    assert _stack_codes(result) == ["STACK_PART_UNREADABLE"]


def test_parts_of_different_learners(parts: list[Any], clock: Any) -> None:
    mc = part_model("Someone else's", 2)
    bob = mc.learner.model_copy(
        update={
            "id": "did:example:bob",
            "national_id": LegalIdentifier(notation="IT-999", country=mc.learner.national_id.country),
        }
    )
    other = issue(
        mc.model_copy(update={"learner": bob}), ed_key("part d"), format="eddsa-rdfc-2022", now=clock
    )
    with pytest.raises(StackLearnerMismatchError) as raised:
        stack([parts[0], other], STACK_KEY, title="Mixed", now=clock)
    assert raised.value.details["part"] == 1
    result = verify(forge([parts[0], other], clock), now=clock)
    assert _stack_codes(result) == ["STACK_LEARNER_MISMATCH"]
    assert result.check("stack").details["rule"] == "national id"


def test_duplicated_parts(parts: list[Any], clock: Any) -> None:
    with pytest.raises(StackDuplicatePartError) as raised:
        stack([parts[0], parts[2], parts[0]], STACK_KEY, title="Twice", now=clock)
    assert raised.value.details == {"part": 2, "id": parts[0]["id"], "same_as": 0}
    result = verify(forge([parts[0], parts[0]], clock), now=clock)
    assert _stack_codes(result)[0] == "STACK_PART_DUPLICATE"


def test_circular_stacks(parts: list[Any], clock: Any) -> None:
    inner = stack([parts[0]], STACK_KEY, title="A (first version)", now=clock, credential_id="urn:example:A")
    middle = stack([inner, parts[2]], STACK_KEY, title="B", now=clock, credential_id="urn:example:B")
    assert verify(middle, now=clock).verified
    with pytest.raises(StackCircularError):
        stack([middle], STACK_KEY, title="A", now=clock, credential_id="urn:example:A")
    result = verify(forge([middle], clock, credential_id="urn:example:A"), now=clock)
    assert _stack_codes(result) == ["STACK_CIRCULAR"]
    assert result.check("stack").details["part"] == 0


def test_too_many_parts(parts: list[Any], clock: Any) -> None:
    with pytest.raises(StackTooManyPartsError):
        stack([parts[0], parts[2]], STACK_KEY, title="Two", now=clock, rules=StackRules(max_parts=1))
    secured = stack([parts[0], parts[2]], STACK_KEY, title="Two", now=clock)
    result = verify_stack(secured, now=clock, rules={"maxParts": 1})
    assert "STACK_TOO_MANY_PARTS" in _stack_codes(result)
    assert not result.verified


def test_stated_totals_are_checked(parts: list[Any], clock: Any) -> None:
    def more_ects(doc: dict[str, Any]) -> None:
        _claim(doc)["specifiedBy"]["creditPoint"][0]["point"] = "60"

    result = verify(forge([parts[0], parts[2]], clock, mutate=more_ects), now=clock)
    assert _stack_codes(result) == ["STACK_TOTAL_MISMATCH"]
    assert result.check("stack").details == {"stated": "60", "sum": "7"}

    def lower_level(doc: dict[str, Any]) -> None:
        spec = _claim(doc)["specifiedBy"]
        spec["eqfLevel"]["id"] = "http://data.europa.eu/snb/eqf/4"

    result = verify(forge([parts[0], parts[2]], clock, mutate=lower_level), now=clock)
    assert _stack_codes(result) == ["STACK_LEVEL_MISMATCH"]
    with pytest.raises(UsageError):
        stack([parts[0]], STACK_KEY, title="Low", now=clock, eqf=4)


def test_a_stack_is_stated_at_a_higher_level_when_asked(parts: list[Any], clock: Any) -> None:
    secured = stack([parts[0], parts[2]], STACK_KEY, title="High", now=clock, eqf=7)
    assert isinstance(secured, dict)
    assert verify(secured, now=clock).verified


def test_rules_at_issue_and_verify_time(parts: list[Any], clock: Any) -> None:
    ok = {"requiredParts": ["Data management"], "minimumEcts": 7, "maximumAgeDays": 365}
    secured = stack([parts[0], parts[2]], STACK_KEY, title="Ruled", now=clock, rules=ok)
    assert verify_stack(secured, now=clock, rules=ok).verified
    issuer_a = parts[0]["issuer"]["id"]
    bad: dict[str, Any] = {
        "requiredParts": ["Research ethics"],
        "minimumEcts": 8,
        "maximumAgeDays": 200,
        "allowedIssuers": [issuer_a],
    }
    later = clock.now() + timedelta(days=1)  # the parts were issued 2025-06-30
    result = verify_stack(secured, now=later, rules=bad)
    rules = [c.details["rule"] for c in result.by_name("stack") if c.code == "STACK_RULE_NOT_MET"]
    assert rules == ["requiredParts", "minimumEcts", "maximumAgeDays", "maximumAgeDays", "allowedIssuers"]
    with pytest.raises(StackRuleError) as raised:
        stack([parts[0], parts[2]], STACK_KEY, title="Ruled", now=clock, rules=bad)
    assert len(raised.value.details["problems"]) == 3
    assert verify_stack(parts[0], now=clock, rules=ok).check("stack").code == "STACK_NOT_A_STACK"


def test_rules_json_is_strict() -> None:
    with pytest.raises(UsageError, match="minimumECTS"):
        StackRules.from_json({"minimumECTS": 5})
    with pytest.raises(UsageError):
        StackRules.from_json({"minimumEcts": "lots"})
    assert StackRules.from_json({"maximumAgeDays": 2}).maximum_age == timedelta(days=2)


def test_a_stack_needs_parts() -> None:
    with pytest.raises(UsageError):
        stack([], STACK_KEY, title="Empty")


def test_parts_in_every_securing_format(clock: Any) -> None:
    from microcred.conformance.sample import signing_key, trust_anchors
    from microcred.model.examples import example_microcredential

    formats: list[tuple[str, str, Literal["v1", "v2"] | None]] = [
        ("eddsa-rdfc-2022", "Ed25519", "v2"),
        ("ecdsa-rdfc-2019", "P-384", "v1"),
        ("jws-2020", "P-256", "v2"),
        ("vc+jwt", "P-256", "v2"),
        ("vc-jwt", "Ed25519", "v1"),
        ("jades", "P-256", "v1"),
        ("sd-jwt-vc", "P-256", None),
    ]
    parts = []
    for fmt, key_type, data_model in formats:
        mc = example_microcredential().model_copy(update={"id": None, "title": {"en": f"Part in {fmt}"}})
        parts.append(issue(mc, signing_key(fmt, key_type, mc), format=fmt, now=clock, data_model=data_model))
    anchors = trust_anchors()
    secured = stack(parts, STACK_KEY, title="Seven formats", now=clock, trust_anchors=anchors)
    result = verify(secured, now=clock, trust_anchors=anchors)
    assert result.verified, result.summary()
    assert [p.format for p in result.parts] == [f for f, _, _ in formats]
    media = [r["mediaType"] for r in secured["relatedResource"]]  # type: ignore[index]
    assert media == [
        "application/vc+ld+json",
        "application/vc+ld+json",
        "application/vc+ld+json",
        "application/vc+jwt",
        "application/jwt",
        "application/jose+json",
        "application/dc+sd-jwt",
    ]
    assert _claim(secured)["specifiedBy"]["creditPoint"][0]["point"] == "35"  # type: ignore[arg-type]
