"""Issue 11 items 3 and 6: context bombs, and member names that are not the document's compacted form.

Context bombs (generated at test time, :mod:`.generated_bombs`) add contexts that change no triple but cost
context processing work: the verifier must give up within its ``ContextLimits`` (``JSONLD_CONTEXT_LIMIT``) in well
under the guard's time. Their controls add a few unused contexts, which must keep verifying.

Non-compact members keep the RDF (so an RDF signature still verifies) but move a statement away from the member
name an application reads: a claim under its full IRI or a compact IRI, ``@id``/``@type`` where the context
aliases them, a property spelled twice. Each must fail ``NON_COMPACT_MEMBER``, for the embedded proofs (edited after
signing) and for the JSON-LD checks of the enveloped formats (signed so).
"""

from __future__ import annotations

import copy
from typing import Any

from .corpus import VERIFIED, Corpus, expect
from .corpus_hardening_kit import JoseFormat, hand_di_proof
from .corpus_kit import Keys, seal_issuer, v1_credential, v2_credential
from .generated_bombs import bomb_contexts

#: bomb -> (count, note)
BOMBS: dict[str, tuple[int, str]] = {
    "many-contexts": (6_000, "6,000 small inline contexts, none used"),
    "many-terms": (60_000, "one inline context defining 60,000 unused terms"),
    "scoped-every-term": (5_000, "5,000 unused terms, each with its own scoped context"),
    "nested-scoped": (40, "40 terms, each scoping 40 terms, each scoping 40 more (64,000 definitions)"),
    "context-per-node": (6_000, "6,000 subject nodes, each with its own inline context"),
}
SCHEMA = "https://schema.org/"
NON_COMPACT = "NON_COMPACT_MEMBER"


def _files(fmt: str) -> str:
    return f"cases/{fmt}/control-valid.{'jwt' if fmt in ('vc+jwt', 'vc-jwt') else 'json'}"


def _bombs(c: Corpus, fmt: str, key_file: str | None, options: dict[str, Any]) -> None:
    enveloped = key_file is not None
    for bomb, (count, note) in BOMBS.items():
        spec: dict[str, Any] = {
            "kind": "context-bomb",
            "base": _files(fmt),
            "format": fmt,
            "bomb": bomb,
            "count": count,
        }
        if enveloped:
            spec["key"] = key_file
        c.add(
            fmt,
            f"context-bomb-{bomb}",
            "context-bomb",
            f"{note} (generated at test time{', signed' if enveloped else ''}): refused by the context limits",
            None,
            expect("schema" if enveloped else "proof", "failed", "JSONLD_CONTEXT_LIMIT"),
            generate=spec,
            options=options,
        )


def _unused_contexts(doc: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    out["@context"] = [
        *out["@context"],
        *bomb_contexts("many-contexts", 40),
        *bomb_contexts("many-terms", 400),
    ]
    return out


def _non_compact_edits(model: str) -> dict[str, tuple[str, Any]]:
    """name -> (note, edit of the credential in place); each keeps the RDF."""

    def move(where: str, old: str, new: str) -> Any:
        def edit(d: dict[str, Any]) -> None:
            target = d[where] if where else d
            target[new] = target.pop(old)

        return edit

    def with_prefix(d: dict[str, Any]) -> None:
        d["@context"] = [*d["@context"], {"schema": SCHEMA}]
        d["credentialSubject"]["schema:name"] = d["credentialSubject"].pop("name")

    def twice(d: dict[str, Any]) -> None:
        d["credentialSubject"][SCHEMA + "name"] = d["credentialSubject"]["name"]

    def nested_id(d: dict[str, Any]) -> None:
        d["credentialSubject"]["@id"] = d["credentialSubject"].pop("id")

    return {
        "subject-description-full-iri": (
            "the description claim under its full IRI",
            move("credentialSubject", "description", SCHEMA + "description"),
        ),
        "subject-name-compact-iri": ("the name claim as the compact IRI 'schema:name'", with_prefix),
        "subject-name-twice": (
            "the name claim both as 'name' and under its full IRI (one RDF statement)",
            twice,
        ),
        "credential-at-id": ("'@id' where the context aliases it as 'id'", move("", "id", "@id")),
        "credential-at-type": ("'@type' where the context aliases it as 'type'", move("", "type", "@type")),
        "subject-at-id": ("credentialSubject's '@id' where the context aliases it as 'id'", nested_id),
    }


def _embedded(c: Corpus, fmt: str, key: Any, model: str) -> None:
    make = v1_credential if model == "v1" else v2_credential
    base = hand_di_proof(make(key.controller), key, fmt)
    for name, (note, edit) in _non_compact_edits(model).items():
        doc = copy.deepcopy(base)
        edit(doc)
        c.add(
            fmt,
            f"non-compact-{name}",
            "non-compact",
            f"after signing: {note}",
            doc,
            expect("schema", "failed", NON_COMPACT),
        )
    doc = copy.deepcopy(base)
    doc["issuer"] = {"id": doc["issuer"]}
    c.add(
        fmt,
        "control-non-compact-issuer-object",
        "control",
        "neutral: the issuer as an object with only an id is the same RDF, and every member name is compact",
        doc,
        VERIFIED,
    )
    c.add(
        fmt,
        "control-context-bomb-unused",
        "control",
        "40 unused inline contexts and 400 unused terms, signed: well within the limits, so it verifies",
        hand_di_proof(_unused_contexts(make(key.controller)), key, fmt),
        VERIFIED,
    )
    _bombs(c, fmt, None, {})


def _enveloped(c: Corpus, f: JoseFormat, model: str, key_file: str, options: dict[str, Any]) -> None:
    secured, credential = f.secure_credential, f.credential_of()
    for name, (note, edit) in _non_compact_edits(model).items():
        doc = copy.deepcopy(credential)
        try:
            edit(doc)
        except KeyError:  # vc-jwt moves the subject's id to 'sub': nothing to rename
            continue
        c.add(
            f.fmt,
            f"non-compact-{name}",
            "non-compact",
            f"signed: {note}",
            secured(doc),
            expect("schema", "failed", NON_COMPACT),
            options=options,
        )
    doc = copy.deepcopy(credential)
    doc["credentialSubject"] = dict(reversed(list(doc["credentialSubject"].items())))
    doc["@context"] = [*doc["@context"], {"schema": SCHEMA}]
    c.add(
        f.fmt,
        "control-non-compact-prefix-unused",
        "control",
        "signed: a prefix definition nothing uses and the subject's members in another order: every name is compact",
        secured(doc),
        VERIFIED,
        options=options,
    )
    c.add(
        f.fmt,
        "control-context-bomb-unused",
        "control",
        "40 unused inline contexts and 400 unused terms, signed: well within the limits, so it verifies",
        secured(_unused_contexts(credential)),
        VERIFIED,
        options=options,
    )
    _bombs(c, f.fmt, key_file, options)


def jsonld_cases(c: Corpus, keys: Keys) -> None:
    """Context bombs and non-compact members for the six formats."""
    _embedded(c, "eddsa-rdfc-2022", keys.ed25519, "v2")
    _embedded(c, "ecdsa-rdfc-2019", keys.p256, "v2")
    _embedded(c, "jws-2020", keys.ed25519, "v1")
    _enveloped(c, JoseFormat("vc+jwt", keys.p256, v2_credential(keys.p256.controller)), "v2", "p256.jwk", {})
    _enveloped(
        c, JoseFormat("vc-jwt", keys.ed25519, v1_credential(keys.ed25519.controller)), "v1", "ed25519.jwk", {}
    )
    anchor = {"trust_anchors": ["seal-rsa-ca.pem"]}
    _enveloped(
        c, JoseFormat("jades", keys.seal_rsa, v1_credential(seal_issuer())), "v1", "seal-rsa.jwk", anchor
    )
