"""Write a model read from ELM back as the credential it was read from (the faithful round trip).

:func:`~microcred.elm.from_elm` keeps the credential in the model's ``elm`` field. :func:`write_from_source`
writes that credential back:

* if the model's facts are those read from it, the credential is written as read: the same JSON-LD, so the
  same RDF graph (every statement the model does not express is kept, with the input's own spellings);
* if facts changed that have one place in the credential (id, title, description, dates, the learner's
  names and date of birth), that place is updated in the original and everything else is kept;
* if other facts changed, the credential is written afresh from the model and a
  :class:`~microcred.errors.MappingWarning` says that the statements the model does not express were not
  carried over (docs/mapping.md, "What a round trip guarantees").

Changing the VC data model (``data_model`` other than the source's) rewrites the VC envelope only (contexts,
``issuanceDate``/``expirationDate``, the ``VerifiableAttestation`` type); the ELM graph is kept.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from ..errors import MappingWarning
from ..jsonio import copy_json
from ..jsonld.contexts import CREDENTIALS_V1, CREDENTIALS_V2, EDC_AP
from ..model import MicroCredential
from ..vcdm import data_model_version
from ._json import as_list, first, get, types_of
from .inline_context import embed_contexts, is_edc_vcdm2_context
from .nodes import iso
from .terms import CONTEXTS, DataModel

Node = dict[str, Any]
Patch = Callable[[Node, MicroCredential], None]


def source_data_model(cred: Node) -> DataModel:
    """The VC data model of a credential (``v1`` unless its first context is the VC 2.0 one)."""
    return "v2" if data_model_version(cred) == "v2" else "v1"


def write_from_source(
    mc: MicroCredential,
    fresh: Callable[[MicroCredential], Node],
    *,
    data_model: DataModel | None,
    issuer_id: str | None,
    credential_id: str | None,
) -> Node:
    """The credential ``mc`` was read from, with the model's changes; ``fresh`` writes a model from scratch."""
    from .reader import from_elm

    assert mc.elm is not None
    cred: Node = copy_json(mc.elm)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        read = from_elm(cred, keep_source=False).facts()
    now = mc.facts()
    changed = sorted(k for k in set(read) | set(now) if read.get(k) != now.get(k))
    unpatchable = [k for k in changed if k not in PATCHES or not _patchable(k, read.get(k), now.get(k))]
    if unpatchable:
        warnings.warn(
            MappingWarning(
                f"the model's {', '.join(unpatchable)} changed since it was read from ELM: the credential is "
                "written afresh from the model, without the ELM statements the model does not express"
            ),
            stacklevel=3,
        )
        return fresh(mc.model_copy(update={"elm": None}))
    for key in changed:
        PATCHES[key](cred, mc)
    target = data_model or source_data_model(cred)
    if target != source_data_model(cred):
        cred = convert_data_model(cred, target)
    if credential_id:
        cred["id"] = credential_id
    if issuer_id:
        issuer = cred.get("issuer")
        if isinstance(issuer, dict):
            issuer["id"] = issuer_id
        else:
            cred["issuer"] = issuer_id
    return cred


# -- patches: model facts with one place in the credential --------------------------------------------------
def _claim(cred: Node) -> Node:
    subject = first(get(cred, "credentialSubject"))
    for claim in as_list(get(subject, "hasClaim")):
        if "LearningAchievement" in types_of(claim):
            return claim  # type: ignore[no-any-return]
    return {}


def _set_id(cred: Node, mc: MicroCredential) -> None:
    if mc.id is None:
        cred.pop("id", None)
    else:
        cred["id"] = mc.id


def _set_title(cred: Node, mc: MicroCredential) -> None:
    claim = _claim(cred)
    spec = first(get(claim, "specifiedBy"))
    if "title" in claim or not isinstance(spec, dict):
        claim["title"] = dict(mc.title)
    else:
        spec["title"] = dict(mc.title)


def _set_description(cred: Node, mc: MicroCredential) -> None:
    spec = first(get(_claim(cred), "specifiedBy"))
    if isinstance(spec, dict):
        if mc.description is None:
            spec.pop("description", None)
        else:
            spec["description"] = dict(mc.description)


def _set_dates(cred: Node, mc: MicroCredential) -> None:
    """issued / validFrom / validUntil, in the members the credential uses (VC 1.1 or 2.0, EDC)."""
    issued = iso(mc.issued)
    for key in ("issued", "issuanceDate"):
        if key in cred:
            cred[key] = issued
    if "issued" not in cred and "issuanceDate" not in cred:
        cred["issued"] = issued
    cred["validFrom"] = iso(mc.valid_from or mc.issued)
    for key in ("validUntil", "expirationDate"):
        if mc.valid_until is None:
            cred.pop(key, None)
        elif key in cred or key == "validUntil":
            cred[key] = iso(mc.valid_until)


def _set_awarded(cred: Node, mc: MicroCredential) -> None:
    process = first(get(_claim(cred), "awardedBy"))
    if isinstance(process, dict):
        if mc.awarded is None:
            process.pop("awardingDate", None)
        else:
            process["awardingDate"] = iso(mc.awarded)


#: Fields of the learner with one place in ``credentialSubject``.
LEARNER_FIELDS = ("fullName", "givenName", "familyName")


def _set_learner(cred: Node, mc: MicroCredential) -> None:
    subject = first(get(cred, "credentialSubject"))
    if not isinstance(subject, dict):
        return
    learner = mc.learner
    for key, value in (
        ("fullName", learner.full_name),
        ("givenName", learner.given_name),
        ("familyName", learner.family_name),
    ):
        if value is None:
            subject.pop(key, None)
        else:
            subject[key] = dict(value)
    if learner.date_of_birth is None:
        subject.pop("dateOfBirth", None)
    else:
        subject["dateOfBirth"] = iso(learner.date_of_birth)


def _patchable(key: str, old: Any, new: Any) -> bool:
    """Whether a change of ``key`` from ``old`` to ``new`` has one place in the credential."""
    if key != "learner":
        return True
    old, new = old or {}, new or {}
    simple = {*LEARNER_FIELDS, "dateOfBirth"}
    return all(k in simple for k in set(old) | set(new) if old.get(k) != new.get(k))


PATCHES: dict[str, Patch] = {
    "learner": _set_learner,
    "id": _set_id,
    "title": _set_title,
    "description": _set_description,
    "issued": _set_dates,
    "validFrom": _set_dates,
    "validUntil": _set_dates,
    "awarded": _set_awarded,
}


# -- VC data model -------------------------------------------------------------------------------------------
def convert_data_model(cred: Node, target: DataModel) -> Node:
    """The credential in the other VC data model: contexts, validity members and types; the ELM graph kept."""
    out = copy_json(cred)
    old: DataModel = "v2" if target == "v1" else "v1"
    new: DataModel = target
    contexts: list[Any] = []
    for ctx in as_list(cred.get("@context")):
        if ctx in (CREDENTIALS_V1, CREDENTIALS_V2):
            contexts.append(CONTEXTS[new][0])
        elif ctx == EDC_AP or is_edc_vcdm2_context(ctx):
            contexts.append(CONTEXTS[new][1])
        else:
            contexts.append(ctx)
    out["@context"] = contexts
    # nationalID means elm:nationalID in the EDC context and elm:nationalId in the VC 2.0 variant: keep the IRI,
    # as the compact IRI that JSON-LD compaction chooses (both contexts define the elm prefix)
    _rename(out, "nationalID", "elm:" + ("nationalID" if old == "v1" else "nationalId"))
    types = types_of(cred)
    if target == "v2":
        issued = out.pop("issuanceDate", None)
        out.setdefault("validFrom", issued or out.get("issued"))
        expires = out.pop("expirationDate", None)
        if expires is not None:
            out.setdefault("validUntil", expires)
        if "VerifiableAttestation" not in types:
            at = types.index("VerifiableCredential") + 1 if "VerifiableCredential" in types else 0
            types.insert(at, "VerifiableAttestation")
    else:
        out["issuanceDate"] = out.get("issued") or out.get("validFrom")
        if "validUntil" in out:
            out["expirationDate"] = out["validUntil"]
        types = [t for t in types if t != "VerifiableAttestation"]
    out["type"] = types
    return embed_contexts(out)


def _rename(value: Any, key: str, new: str) -> None:
    if isinstance(value, dict):
        if key in value:
            value[new] = value.pop(key)
        for item in value.values():
            _rename(item, key, new)
    elif isinstance(value, list):
        for item in value:
            _rename(item, key, new)
