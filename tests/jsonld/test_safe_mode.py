"""JSON-LD safe mode (VC Data Integrity 1.0 §2.5): nothing is dropped or left relative without an error naming
the JSON path; ``safe=False`` (diagnostics only) shows what a plain JSON-LD processor would silently do."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from microcred.errors import JsonLdError, NestingTooDeepError, SafeModeError, UnknownDocumentError
from microcred.json_values import check_depth
from microcred.jsonld import canonicalize, to_nquads
from microcred.jsonld.expansion_plans import MAX_COMPILED_NESTING, guard_nesting

V1 = "https://www.w3.org/2018/credentials/v1"
V2 = "https://www.w3.org/ns/credentials/v2"


def credential(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "@context": [V1, {"name": "https://schema.org/name"}],
        "id": "urn:uuid:0b3f5e4c-8f0e-4a8a-9d43-3a3c8e1c2b11",
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "issuanceDate": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "name": "Ada"},
    }
    doc.update(copy.deepcopy(changes))
    return doc


def safe_mode_error(document: dict[str, Any]) -> SafeModeError:
    with pytest.raises(SafeModeError) as caught:
        canonicalize(document)
    return caught.value


def test_the_base_credential_is_safe() -> None:
    assert '<did:example:learner> <https://schema.org/name> "Ada" .' in to_nquads(credential())


def test_undefined_term() -> None:
    error = safe_mode_error(credential(credentialSubject={"id": "did:example:learner", "foo": "bar"}))
    assert error.path == "$.credentialSubject.foo"
    assert error.details["jsonld_code"] == "invalid property"
    assert error.details["error"] == "DATA_LOSS_DETECTION_ERROR"
    assert "'foo' is not defined" in str(error)
    # what safe mode prevents: the claim silently disappears from the signed data
    unsafe = to_nquads(credential(credentialSubject={"id": "did:example:learner", "foo": "bar"}), safe=False)
    assert "bar" not in unsafe


def test_undefined_type() -> None:
    error = safe_mode_error(credential(type=["VerifiableCredential", "MicroCredential"]))
    assert error.path == "$.type[1]"
    assert error.details["jsonld_code"] == "relative @type reference"
    assert "MicroCredential" not in to_nquads(
        credential(type=["VerifiableCredential", "MicroCredential"]), safe=False
    )


def test_relative_id() -> None:
    error = safe_mode_error(credential(id="credentials/42"))
    assert error.path == "$.id"
    assert error.details["jsonld_code"] == "relative @id reference"


def test_relative_iri_value() -> None:
    error = safe_mode_error(credential(issuer="issuers/me"))
    assert error.path == "$.issuer"


def test_full_iri_reexpression() -> None:
    """A term that looks like an IRI may not be mapped to another IRI (JSON-LD 1.1 API §4.2.2 step 14.2.4)."""
    context = [V1, {"https://schema.org/name": "https://evil.example/name"}]
    with pytest.raises(JsonLdError) as caught:
        canonicalize(credential(**{"@context": context}))
    assert not isinstance(caught.value, SafeModeError)  # a processing error, whatever the mode
    assert caught.value.details["jsonld_code"] == "invalid IRI mapping"
    assert caught.value.path == "$['@context'][1]['https://schema.org/name']"


def test_protected_term_redefinition() -> None:
    """The VC contexts protect their terms: a later context cannot give them another meaning."""
    context = [V1, {"VerifiableCredential": "https://evil.example/Credential"}]
    with pytest.raises(JsonLdError) as caught:
        canonicalize(credential(**{"@context": context}))
    assert caught.value.details["jsonld_code"] == "protected term redefinition"
    assert caught.value.path == "$['@context'][1].VerifiableCredential"
    v2 = {"@context": [V2, {"name": "https://evil.example/name"}], "type": "VerifiableCredential"}
    with pytest.raises(JsonLdError, match="protected") as caught:
        canonicalize(v2)
    assert caught.value.path == "$['@context'][1].name"


def test_redefining_a_protected_term_identically_is_allowed() -> None:
    context = [V1, {"name": "https://schema.org/name", "id": "@id", "type": {"@id": "@type"}}]
    assert canonicalize(credential(**{"@context": context})) == canonicalize(credential())


def test_null_context_reset_of_protected_terms() -> None:
    subject = {"@context": None, "id": "did:example:learner"}
    with pytest.raises(JsonLdError) as caught:
        canonicalize(credential(credentialSubject=subject))
    assert caught.value.details["jsonld_code"] == "invalid context nullification"
    assert caught.value.path == "$.credentialSubject['@context']"


def test_null_context_reset_drops_terms() -> None:
    """Without protected terms the reset is legal, but every term after it is then undefined."""
    document = {
        "@context": {"name": "https://schema.org/name", "knows": "https://schema.org/knows"},
        "@id": "urn:a",
        "knows": {"@context": None, "@id": "urn:b", "name": "Bob"},
    }
    error = safe_mode_error(document)
    assert error.path == "$.knows.name"


def test_every_problem_is_listed() -> None:
    document = credential(
        type=["VerifiableCredential", "Unknown"],
        credentialSubject={"id": "did:example:learner", "x": 1, "y": 2},
    )
    error = safe_mode_error(document)
    paths = [e["path"] for e in error.details["errors"]]
    assert paths == ["$.type[1]", "$.credentialSubject.x", "$.credentialSubject.y"]
    assert "(and 2 more)" in str(error)


@pytest.mark.parametrize(
    ("document", "path", "code"),
    [
        ({"@context": {"p": None}, "@id": "urn:a", "p": "v"}, "$.p", "invalid property"),
        ({"@context": {"@vocab": "relative/"}, "@id": "urn:a", "p": "v"}, "$['@context']['@vocab']", None),
        (
            {"@context": {"p": "urn:p"}, "@id": "urn:a", "p": {"@value": "v", "@language": "not a tag"}},
            "$.p['@language']",
            "invalid @language value",
        ),
        (
            {"@context": {"p": "urn:p"}, "@graph": ["scalar", {"@id": "urn:a", "p": 1}]},
            "$['@graph'][0]",
            None,
        ),
        ({"@context": {"p": "urn:p"}, "@id": "urn:a", "p": {"@id": "urn:b c"}}, "$.p['@id']", None),
        (
            {"@context": {"p": "urn:p"}, "@id": "urn:a", "p": {}, "@graph": [{}]},
            "$['@graph'][0]",
            "empty object",
        ),
        ({"@context": {"@vocab": "urn:v#"}, "@id": "urn:a", "_:b": "v"}, "$['_:b']", "blank node predicate"),
        ({"@context": {"p": "urn:p"}, "@id": "urn:a", "p": {"@value": None}}, "$.p", "null @value value"),
    ],
)
def test_other_silent_drops(document: dict[str, Any], path: str, code: str | None) -> None:
    error = safe_mode_error(document)
    assert error.path == path
    if code is not None:
        assert error.details["jsonld_code"] == code


def test_null_values_are_not_data() -> None:
    """A property whose value is null has no value: nothing is lost, so it is not an error."""
    document = credential(credentialSubject={"id": "did:example:learner", "name": None})
    assert "schema.org/name" not in to_nquads(document)


def test_no_base_iri() -> None:
    """The base IRI is null (Data Integrity §2.5): a relative context reference cannot be resolved."""
    with pytest.raises(UnknownDocumentError, match=r"context\.jsonld"):
        canonicalize({"@context": "context.jsonld", "@id": "urn:a"})


def test_direction_uses_i18n_datatype() -> None:
    document = credential(
        credentialSubject={
            "id": "did:example:learner",
            "name": {"@value": "سلام", "@language": "AR", "@direction": "rtl"},
        }
    )
    assert '"سلام"^^<https://www.w3.org/ns/i18n#ar_rtl>' in to_nquads(document)


def test_processing_errors_name_the_json_ld_error_code() -> None:
    with pytest.raises(JsonLdError) as caught:
        canonicalize({"@context": {"p": "urn:p"}, "@id": "urn:a", "p": {"@value": "v", "@language": 5}})
    assert caught.value.details["jsonld_code"] == "invalid language-tagged string"
    assert caught.value.path == "$.p['@language']"


def test_the_compiled_processor_refuses_nesting_past_its_limit() -> None:
    # (tools/mypyc_build.py) compiled code has no Python frames for the recursion limit to count: a guard does
    def nested(levels: int) -> dict[str, Any]:
        document: dict[str, Any] = {}
        node = document
        for _ in range(levels - 1):
            node["n"] = {}
            node = node["n"]
        return document

    guard_nesting(nested(MAX_COMPILED_NESTING), MAX_COMPILED_NESTING)
    with pytest.raises(RecursionError, match="nests deeper than 256 levels"):
        guard_nesting(nested(MAX_COMPILED_NESTING + 1), MAX_COMPILED_NESTING)
    with pytest.raises(RecursionError):
        guard_nesting([[[["deep"]]]], 3)


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    document: dict[str, Any] = {"@context": {"@vocab": "urn:v#"}, "@id": "urn:a"}
    node = document
    for _ in range(5000):
        node["n"] = {}
        node = node["n"]
    with pytest.raises(JsonLdError, match="nests too deeply"):
        canonicalize(document)


@pytest.mark.parametrize(
    ("value", "depth"),
    [("s", 0), ({}, 1), ([], 1), ({"a": "s", "b": []}, 2), ([1, {"b": [{}]}], 4), ([[], [[[]]], {}], 4)],
)
def test_compiled_nesting_guard_counts_levels_as_check_depth(value: Any, depth: int) -> None:
    for limit in range(1, 7):
        if depth > limit:
            with pytest.raises(RecursionError):
                guard_nesting(value, limit)
        else:
            guard_nesting(value, limit)
        try:
            check_depth(value, limit)
        except NestingTooDeepError:
            assert depth > limit
        else:
            assert depth <= limit
