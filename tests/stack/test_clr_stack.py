"""Stacks in Open Badges shape (issue 16 item 1): a CLR 2.0 ClrCredential, built and verified like the ELM stack."""

from __future__ import annotations

import base64
import json
from typing import Any

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
from microcred.shapes.ob3_schema import ob3_schema_errors
from microcred.stack import stack, verify_stack
from microcred.stack.build import stack_model
from microcred.stack.clr_build import clr_document
from microcred.stack.parts import data_url, digest_sri, part_bytes
from microcred.stack.read import read_part
from microcred.verification.verifier import Verifier, verify

LIST_URL = "https://registrar.example.edu/status/1"
SPEC = "https://www.uniz.example.org/micro-credentials/"


@pytest.fixture(autouse=True)
def _helpers(kit: Any) -> None:
    global STACK_KEY, ed_key, p256_key, part_model
    ed_key, p256_key, part_model = kit.ed_key, kit.p256_key, kit.part_model
    STACK_KEY = ed_key("stack issuer")


STACK_KEY: Any = None
ed_key: Any = None
p256_key: Any = None
part_model: Any = None


def model(title: str, ects: int, **changes: Any) -> Any:
    """A part's micro-credential with its own specification id (its OB 3.0 achievement id)."""
    return part_model(title, ects, qualification_id=SPEC + title.lower().replace(" ", "-"), **changes)


@pytest.fixture
def clr_parts(clock: Any, registry: Any) -> list[Any]:
    """Three parts of one learner: an OB 3.0 badge (eddsa-rdfc-2022), an ELM credential in vc+jwt with a status
    entry (converted in the stack), an OB 3.0 badge in vc+jwt (enveloped in the stack)."""
    return [
        issue(model("Data management", 2), ed_key("part a"), now=clock, shape="ob3"),
        issue(model("Research ethics", 3), p256_key("part b"), format="vc+jwt", now=clock, status=registry),
        issue(model("Open science", 5), p256_key("part c"), format="vc+jwt", now=clock, shape="ob3"),
    ]


def _codes(result: Any) -> list[str]:
    return [c.code for c in result.by_name("stack")]


def _subject(doc: dict[str, Any]) -> dict[str, Any]:
    subject: dict[str, Any] = doc["credentialSubject"]
    return subject


def forge(
    raws: list[Any],
    clock: Any,
    *,
    mutate: Any = None,
    credential_id: str = "urn:example:forged",
    format: str = "eddsa-rdfc-2022",
) -> Any:
    """A CLR stack signed without :func:`stack`'s checks (what a careless or hostile issuer could make)."""
    verifier = Verifier(now=clock)
    parts = [read_part(i, part_bytes(r), verifier, ob3=True) for i, r in enumerate(raws)]
    own = stack_model(parts, title={"en": "Forged"}, issued=clock.now(), eqf=None)
    options: dict[str, Any] = {"format": "eddsa-rdfc-2022", "clock": clock, "loader": None}
    doc = clr_document(parts, own, STACK_KEY, credential_id=credential_id, **options)
    if mutate is not None:
        mutate(doc)
    return issue(doc, STACK_KEY, format=format, now=clock, data_model="v2", allow_nonconforming=True)


def test_a_clr_stack_of_three_parts_verifies_with_one_nested_result_per_part(
    clr_parts: list[Any], clock: Any, registry: Any, status_key: Any
) -> None:
    listed = registry.publish(LIST_URL, status_key, format="ecdsa-rdfc-2019", clock=clock)
    secured = stack(
        clr_parts, STACK_KEY, title="Research skills", now=clock, status_lists=[listed], shape="clr"
    )
    assert isinstance(secured, dict)
    assert secured["type"] == ["VerifiableCredential", "ClrCredential"]
    assert "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json" in secured["@context"]
    result = verify(secured, now=clock, status_lists=[listed])
    assert result.verified, result.summary()
    assert _codes(result) == ["STACK_VALID"]
    assert [p.format for p in result.parts] == ["eddsa-rdfc-2022", "vc+jwt", "vc+jwt"]
    subject = _subject(secured)
    assert subject["type"] == ["ClrSubject"] and subject["id"] == "did:example:ana-andromeda"
    entries = subject["verifiableCredential"]
    assert entries[0] == clr_parts[0]  # an OB 3.0 part is carried as given
    converted = entries[1]  # the ELM part: the stack issuer's OB 3.0 form, carrying the part's bytes
    assert "OpenBadgeCredential" in converted["type"] and converted["issuer"]["id"] == STACK_KEY.controller
    source = converted["relatedResource"][0]
    assert base64.b64decode(source["id"].split(",", 1)[1]) == clr_parts[1].encode()
    assert source["digestSRI"] == digest_sri(clr_parts[1].encode())
    assert ob3_schema_errors(converted) == []
    assert entries[2] == {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "data:application/vc+jwt," + clr_parts[2],
        "type": "EnvelopedVerifiableCredential",
    }
    own, *achievements = subject["achievement"]
    assert own["name"] == "Research skills" and own["creditsAvailable"] == 10.0
    assert [a["name"] for a in achievements] == ["Data management", "Research ethics", "Open science"]
    assert [(a["associationType"], a["sourceId"], a["targetId"]) for a in subject["association"]] == [
        ("isPartOf", a["id"], own["id"]) for a in achievements
    ]


def test_revoking_one_part_fails_the_clr_stack_naming_the_part(
    clr_parts: list[Any], clock: Any, registry: Any, status_key: Any
) -> None:
    listed = registry.publish(LIST_URL, status_key, format="ecdsa-rdfc-2019", clock=clock)
    secured = stack(
        clr_parts, STACK_KEY, title="Research skills", now=clock, status_lists=[listed], shape="clr"
    )
    part_id = verify(clr_parts[1], now=clock, status_lists=[listed]).credential["id"]  # type: ignore[index]
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
        stack(clr_parts, STACK_KEY, title="Again", now=clock, status_lists=[revoked], shape="clr")
    assert raised.value.details["part"] == 1


def test_a_revoked_badge_part_fails_the_clr_stack(clock: Any, registry: Any, status_key: Any) -> None:
    badge = issue(
        model("Research ethics", 3), status_key, format="vc+jwt", now=clock, shape="ob3", status=registry
    )
    other = issue(model("Data management", 2), ed_key("part a"), now=clock, shape="ob3")
    listed = registry.publish(LIST_URL, status_key, format="ecdsa-rdfc-2019", clock=clock)
    secured = stack([other, badge], STACK_KEY, title="Two", now=clock, status_lists=[listed], shape="clr")
    assert verify(secured, now=clock, status_lists=[listed]).verified
    registry.revoke(verify(badge, now=clock, status_lists=[listed]).credential["id"])  # type: ignore[index]
    result = verify(
        secured,
        now=clock,
        status_lists=[registry.publish(LIST_URL, status_key, format="ecdsa-rdfc-2019", clock=clock)],
    )
    assert (result.check("stack").code, result.check("stack").details["part"]) == ("STACK_PART_INVALID", 1)


@pytest.mark.parametrize(("fmt", "seed"), [("vc+jwt", "jwt stack"), ("ecdsa-rdfc-2019", "ecdsa stack")])
def test_the_clr_stack_itself_in_another_format(
    fmt: str, seed: str, clr_parts: list[Any], clock: Any, registry: Any, status_key: Any
) -> None:
    listed = registry.publish(LIST_URL, status_key, format="ecdsa-rdfc-2019", clock=clock)
    key = p256_key(seed)
    secured = stack(clr_parts, key, title="Other", format=fmt, now=clock, status_lists=[listed], shape="clr")
    result = verify(secured, now=clock, status_lists=[listed])
    assert result.verified, result.summary()
    assert len(result.parts) == 3
    if fmt == "vc+jwt":  # the converted part is signed in the stack's format: enveloped too
        assert isinstance(secured, str)
        payload = json.loads(base64.urlsafe_b64decode(secured.split(".")[1] + "=="))
        entry = payload["credentialSubject"]["verifiableCredential"][1]
        assert entry["type"] == "EnvelopedVerifiableCredential"


def test_a_tampered_part_breaks_the_clr_stack(clr_parts: list[Any], clock: Any) -> None:
    secured = stack([clr_parts[0], clr_parts[2]], STACK_KEY, title="Two", now=clock, shape="clr")
    assert isinstance(secured, dict)
    secured["credentialSubject"]["verifiableCredential"][0]["name"] = "Something else"
    assert not verify(secured, now=clock).verified

    def tamper(doc: dict[str, Any]) -> None:  # re-signed by the stack issuer: the part's own proof fails
        _subject(doc)["verifiableCredential"][0]["credentialSubject"]["achievement"]["creditsAvailable"] = (
            60.0
        )

    result = verify(forge([clr_parts[0], clr_parts[2]], clock, mutate=tamper), now=clock)
    check = result.check("stack")
    assert (check.code, check.details["part"]) == ("STACK_PART_INVALID", 0)
    assert not result.verified


def test_a_conversion_must_say_what_its_source_says(clr_parts: list[Any], clock: Any) -> None:
    def swap_source(doc: dict[str, Any]) -> None:
        resource = _subject(doc)["verifiableCredential"][1]["relatedResource"][0]
        resource["digestSRI"] = digest_sri(b"another part")

    # the conversion's own proof covers its relatedResource: changing it fails the part (as a conversion)
    result = verify(forge(clr_parts, clock, mutate=swap_source), now=clock)
    assert "STACK_DIGEST_MISMATCH" in _codes(result)

    raws = [clr_parts[0], clr_parts[1]]
    verifier = Verifier(now=clock)
    parts = [read_part(i, part_bytes(r), verifier, ob3=True) for i, r in enumerate(raws)]
    own = stack_model(parts, title={"en": "Forged"}, issued=clock.now(), eqf=None)
    doc = clr_document(
        parts,
        own,
        STACK_KEY,
        credential_id="urn:example:f",
        format="eddsa-rdfc-2022",
        clock=clock,
        loader=None,
    )
    converted = _subject(doc)["verifiableCredential"][1]
    converted.pop("proof")
    converted["credentialSubject"]["achievement"]["creditsAvailable"] = 30.0  # more than the source states
    resigned = issue(converted, STACK_KEY, now=clock, data_model="v2")
    _subject(doc)["verifiableCredential"][1] = resigned
    result = verify(issue(doc, STACK_KEY, now=clock, data_model="v2"), now=clock)
    check = result.check("stack")
    assert (check.code, check.details["part"]) == ("STACK_PART_LINK_MISMATCH", 1)


def test_different_learners_in_a_clr_stack(clr_parts: list[Any], clock: Any) -> None:
    mc = model("Someone else's", 2)
    bob = mc.learner.model_copy(
        update={
            "id": "did:example:bob",
            "national_id": LegalIdentifier(notation="IT-9", country=mc.learner.national_id.country),
        }
    )
    other = issue(mc.model_copy(update={"learner": bob}), ed_key("part d"), now=clock, shape="ob3")
    with pytest.raises(StackLearnerMismatchError) as raised:
        stack([clr_parts[0], other], STACK_KEY, title="Mixed", now=clock, shape="clr")
    assert raised.value.details["part"] == 1
    result = verify(forge([clr_parts[0], other], clock), now=clock)
    assert _codes(result) == ["STACK_LEARNER_MISMATCH"]

    def other_subject(doc: dict[str, Any]) -> None:
        _subject(doc)["id"] = "did:example:bob"

    result = verify(forge([clr_parts[0]], clock, mutate=other_subject), now=clock)
    assert _codes(result) == ["STACK_LEARNER_MISMATCH"]


def test_duplicated_parts_in_a_clr_stack(clr_parts: list[Any], clock: Any) -> None:
    with pytest.raises(StackDuplicatePartError) as raised:
        stack([clr_parts[0], clr_parts[2], clr_parts[0]], STACK_KEY, title="Twice", now=clock, shape="clr")
    assert raised.value.details["part"] == 2 and raised.value.details["same_as"] == 0
    # signed as a JWT: RDFC-1.0 refuses a dataset with two identical embedded proofs as too symmetric
    result = verify(forge([clr_parts[0], clr_parts[0]], clock, format="vc+jwt"), now=clock)
    assert _codes(result) == ["STACK_PART_DUPLICATE"]
    elm = issue(model("Research ethics", 3), ed_key("part e"), format="vc-jwt", now=clock)
    with pytest.raises(StackDuplicatePartError):
        stack([elm, clr_parts[0], elm], STACK_KEY, title="Twice", now=clock, shape="clr")


def test_circular_clr_stacks(clr_parts: list[Any], parts: list[Any], clock: Any) -> None:
    inner = stack([parts[0]], STACK_KEY, title="A (first)", now=clock, credential_id="urn:example:A")
    middle = stack([inner, parts[2]], STACK_KEY, title="B", now=clock, credential_id="urn:example:B")
    clr = stack([middle], STACK_KEY, title="C", now=clock, credential_id="urn:example:C", shape="clr")
    assert verify(clr, now=clock).verified  # an ELM stack may be a part: converted, verified with its parts
    with pytest.raises(StackCircularError):
        stack([middle], STACK_KEY, title="A", now=clock, credential_id="urn:example:A", shape="clr")
    result = verify(forge([middle], clock, credential_id="urn:example:A"), now=clock)
    assert _codes(result) == ["STACK_CIRCULAR"]
    assert result.check("stack").details["part"] == 0


def test_too_many_parts_in_a_clr_stack(clr_parts: list[Any], clock: Any) -> None:
    two = [clr_parts[0], clr_parts[2]]
    with pytest.raises(StackTooManyPartsError):
        stack(two, STACK_KEY, title="Two", now=clock, rules={"maxParts": 1}, shape="clr")
    secured = stack(two, STACK_KEY, title="Two", now=clock, shape="clr")
    result = verify_stack(secured, now=clock, rules={"maxParts": 1})
    assert "STACK_TOO_MANY_PARTS" in _codes(result) and not result.verified
    result = verify(secured, now=clock, policy=None)
    assert result.verified


def test_stated_totals_and_links_of_a_clr_stack(clr_parts: list[Any], clock: Any) -> None:
    two = [clr_parts[0], clr_parts[2]]

    def more_credits(doc: dict[str, Any]) -> None:
        _subject(doc)["achievement"][0]["creditsAvailable"] = 60.0

    result = verify(forge(two, clock, mutate=more_credits), now=clock)
    assert _codes(result) == ["STACK_TOTAL_MISMATCH"]
    assert result.check("stack").details == {"stated": "60.0", "sum": "7.0"}

    def lower_level(doc: dict[str, Any]) -> None:
        for alignment in _subject(doc)["achievement"][0]["alignment"]:
            if alignment["targetUrl"].startswith("http://data.europa.eu/snb/eqf/"):
                alignment["targetUrl"] = "http://data.europa.eu/snb/eqf/4"

    result = verify(forge(two, clock, mutate=lower_level), now=clock)
    assert _codes(result) == ["STACK_LEVEL_MISMATCH"]

    def drop_link(doc: dict[str, Any]) -> None:
        _subject(doc)["association"].pop()

    result = verify(forge(two, clock, mutate=drop_link), now=clock)
    assert _codes(result) == ["STACK_PART_LINK_MISMATCH"]

    def other_kind(doc: dict[str, Any]) -> None:
        _subject(doc)["association"][0]["associationType"] = "isPeerOf"

    assert _codes(verify(forge(two, clock, mutate=other_kind), now=clock)) == ["STACK_PART_LINK_MISMATCH"]


def test_unreadable_parts_of_a_clr_stack(clr_parts: list[Any], clock: Any) -> None:
    with pytest.raises(StackPartUnreadableError):
        stack([clr_parts[0], b"not a credential"], STACK_KEY, title="Bad", now=clock, shape="clr")

    def junk(doc: dict[str, Any]) -> None:
        _subject(doc)["verifiableCredential"].append(
            {
                "@context": ["https://www.w3.org/ns/credentials/v2"],
                "id": "https://example.org/x",
                "type": "EnvelopedVerifiableCredential",
            }
        )

    result = verify(forge([clr_parts[0]], clock, mutate=junk), now=clock)
    assert "STACK_PART_UNREADABLE" in _codes(result)
    assert result.check("stack").details["part"] == 1

    def not_a_badge_source(doc: dict[str, Any]) -> None:
        resource = _subject(doc)["verifiableCredential"][0]
        resource["relatedResource"] = [
            {"id": data_url(b"{}", "application/vc+ld+json"), "digestSRI": digest_sri(b"{}")}
        ]

    result = verify(forge([clr_parts[0]], clock, mutate=not_a_badge_source), now=clock)
    assert not result.verified  # the badge's proof no longer covers what it says


def test_rules_of_a_clr_stack(clr_parts: list[Any], clock: Any) -> None:
    ok = {"requiredParts": ["Data management"], "minimumEcts": 7}
    secured = stack([clr_parts[0], clr_parts[2]], STACK_KEY, title="Ruled", now=clock, rules=ok, shape="clr")
    assert verify_stack(secured, now=clock, rules=ok).verified
    bad = {"requiredParts": ["Research ethics"], "minimumEcts": 8}
    result = verify_stack(secured, now=clock, rules=bad)
    assert [c.details["rule"] for c in result.by_name("stack") if c.code == "STACK_RULE_NOT_MET"] == [
        "requiredParts",
        "minimumEcts",
    ]
    with pytest.raises(StackRuleError):
        stack([clr_parts[0], clr_parts[2]], STACK_KEY, title="Ruled", now=clock, rules=bad, shape="clr")


def test_unknown_stack_shape(clr_parts: list[Any]) -> None:
    with pytest.raises(UsageError, match="unknown stack shape 'ob3'"):
        stack([clr_parts[0]], STACK_KEY, title="X", shape="ob3")


def test_clr_parts_in_every_securing_format(clock: Any) -> None:
    from microcred.conformance.sample import signing_key, trust_anchors
    from microcred.model.examples import example_microcredential

    formats: list[tuple[str, str, Any, str | None]] = [
        ("eddsa-rdfc-2022", "Ed25519", "v2", "ob3"),
        ("ecdsa-rdfc-2019", "P-384", "v1", None),
        ("jws-2020", "P-256", "v2", "ob3"),
        ("vc+jwt", "P-256", "v2", "ob3"),
        ("vc-jwt", "Ed25519", "v1", None),
        ("jades", "P-256", "v1", None),
        ("sd-jwt-vc", "P-256", None, None),
    ]
    parts = []
    for fmt, key_type, data_model, shape in formats:
        title = f"Part in {fmt}"
        mc = example_microcredential().model_copy(
            update={"id": None, "title": {"en": title}, "qualification_id": SPEC + fmt}
        )
        options: dict[str, Any] = {"data_model": data_model} if shape is None else {"shape": shape}
        parts.append(issue(mc, signing_key(fmt, key_type, mc), format=fmt, now=clock, **options))
    anchors = trust_anchors()
    secured = stack(parts, STACK_KEY, title="Seven formats", now=clock, trust_anchors=anchors, shape="clr")
    assert isinstance(secured, dict)
    result = verify(secured, now=clock, trust_anchors=anchors)
    assert result.verified, result.summary()
    assert [p.format for p in result.parts] == [f for f, _, _, _ in formats]
    entries = _subject(secured)["verifiableCredential"]
    converted = ["relatedResource" in e for e in entries]
    assert converted == [False, True, False, False, True, True, True]
    assert entries[3]["type"] == "EnvelopedVerifiableCredential"
    assert [e["relatedResource"][0]["mediaType"] for e in entries if "relatedResource" in e] == [
        "application/vc+ld+json",
        "application/jwt",
        "application/jose+json",
        "application/dc+sd-jwt",
    ]
    assert _subject(secured)["achievement"][0]["creditsAvailable"] == 35.0


def test_a_badge_linking_related_resources_elsewhere_is_a_part(clock: Any) -> None:
    from microcred.shapes.ob3 import to_ob3

    doc = to_ob3(model("Data management", 2), issuer_id=ed_key("part a").controller)
    doc["relatedResource"] = [
        {"id": "https://www.uniz.example.org/syllabus.pdf", "digestSRI": digest_sri(b"pdf")}
    ]
    badge = issue(doc, ed_key("part a"), now=clock, data_model="v2")
    other = issue(model("Open science", 5), ed_key("part c"), now=clock, shape="ob3")
    secured = stack([badge, other], STACK_KEY, title="Two", now=clock, shape="clr")
    result = verify(secured, now=clock)
    assert result.verified, result.summary()


def test_a_clr_that_is_not_a_stack_has_its_credentials_checked(clock: Any) -> None:
    """The 1EdTech CLR 2.0 test vector (tests/vectors/clr): a record whose achievements are related
    ``isParentOf``, not a stack. Its embedded AchievementCredential is verified (one nested result); no totals."""
    from pathlib import Path

    from microcred.resolve import StaticResolver

    vector = json.loads(
        (Path(__file__).parents[1] / "vectors" / "clr" / "clr-eddsa-rdfc-2022-vector.json").read_text()
    )
    signed = vector["signedCredential"]
    method = {
        "type": "Multikey",
        "controller": signed["issuer"]["id"],
        "publicKeyMultibase": vector["publicKeyMultibase"],
        "relationships": ["assertionMethod"],
    }
    resolver = StaticResolver({vector["verificationMethod"]: method})
    result = verify(signed, now=clock, resolver=resolver)
    assert result.verified, result.summary()
    assert _codes(result) == ["STACK_VALID"] and "credentials of a CLR" in result.check("stack").message
    assert [p.verified for p in result.parts] == [True]
    part = signed["credentialSubject"]["verifiableCredential"][0]
    assert verify(part, now=clock, resolver=resolver).verified
    unknown = StaticResolver({})  # the key cannot be found: the record and its credential do not verify
    result = verify(signed, now=clock, resolver=unknown)
    assert _codes(result) == ["STACK_PART_INVALID"] and not result.verified
