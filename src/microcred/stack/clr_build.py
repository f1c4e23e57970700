"""Write a stack in Open Badges shape: a 1EdTech CLR 2.0 ``ClrCredential`` of the parts' AchievementCredentials.

Comprehensive Learner Record 2.0 §B.1 (``ClrCredential``, ``ClrSubject``, ``Association``): the ``ClrSubject``
is the parts' learner, with

* ``verifiableCredential``: one OB 3.0 AchievementCredential per part, in the parts' order. A part that is an
  AchievementCredential is carried as given; any other part (ELM, SD-JWT VC) is converted with the OB 3.0 shape
  (:func:`microcred.shapes.ob3.write_ob3`) and signed by the stack's issuer in the stack's format, and the
  conversion carries the part's exact bytes as a VC 2.0 ``relatedResource`` (``data:`` URL, ``digestSRI``:
  VC Data Model 2.0 §5.3), so that a verifier checks the part itself (proof, status, validity) and that the
  conversion says what the part says. JWT credentials are embedded as ``EnvelopedVerifiableCredential``
  (VC Data Model 2.0 §4.13) with a ``data:`` URL of the token; Data Integrity ones as the signed JSON object.
* ``achievement``: the stack's own ``Achievement`` (its title, ``creditsAvailable`` the parts' ECTS summed, an EQF
  alignment at the parts' highest level or the one asked for) and the parts' achievements;
* ``association``: for each part, ``isPartOf`` (CLR 2.0 §B.2 AssociationType) from the part's achievement
  (``sourceId``) to the stack's (``targetId``).

The ``ClrCredential`` is VC Data Model 2.0 with the CLR 2.0 context (``context-2.0.1.json``) and the OB 3.0
context; it is signed with the stack issuer's key in the chosen format. See docs/stacks.md.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from ..clock import Clock, format_datetime
from ..errors import StackPartUnreadableError, UsageError
from ..jsonld.contexts import CREDENTIALS_V2
from ..jsonld.loader import LoaderInput
from ..keys import Key
from ..model import MicroCredential
from ..shapes._text import one_text
from ..shapes.ob3 import OB3_CONTEXT, achievement, profile, write_ob3
from ..shapes.ob3_read import is_ob3
from .clr_check import CLR_CONTEXT, CLR_TYPES, ENVELOPED, PART_OF, part_achievement
from .parts import MEDIA_TYPES, Part, data_url, enveloped_url

#: Namespace of the ids of the AchievementCredentials converted from parts (a UUID v5 of the part's digest).
CONVERSION_NAMESPACE = uuid.UUID("5b0c3a8e-2f1d-4c6b-9a7e-1d2c3b4a5f60")

Node = dict[str, Any]


def _embedded(secured: Node | str | bytes, fmt: str | None) -> Node:
    """A secured credential as a ``verifiableCredential`` entry: JSON as is, a token enveloped."""
    if isinstance(secured, dict):
        return secured
    raw = secured.encode("utf-8") if isinstance(secured, str) else secured
    if raw.lstrip().startswith(b"{"):
        entry: Node = json.loads(raw)
        return entry
    media_type = MEDIA_TYPES.get(fmt or "", "application/vc+jwt")
    return {"@context": [CREDENTIALS_V2], "id": enveloped_url(raw, media_type), "type": ENVELOPED}


def _converted(part: Part, issuer_key: Key, *, format: str, clock: Clock, loader: LoaderInput) -> Node:
    """The stack issuer's OB 3.0 AchievementCredential of a part that is not one, carrying the part's bytes."""
    from ..issuer import issue

    assert part.model is not None
    ident = f"urn:uuid:{uuid.uuid5(CONVERSION_NAMESPACE, part.sri)}"
    doc = write_ob3(part.model, issuer_id=issuer_key.controller or None, credential_id=ident)
    doc["relatedResource"] = [
        {"id": data_url(part.raw, part.media_type), "digestSRI": part.sri, "mediaType": part.media_type}
    ]
    signed = issue(doc, issuer_key, format=format, now=clock, loader=loader, data_model="v2")
    return _embedded(signed, format)


def clr_document(
    parts: list[Part],
    model: MicroCredential,
    issuer_key: Key,
    *,
    credential_id: str,
    format: str,
    clock: Clock,
    loader: LoaderInput,
) -> Node:
    """The unsigned ``ClrCredential`` of verified, read ``parts``; ``model`` is the stack's own micro-credential
    (:func:`microcred.stack.build.stack_model`)."""
    entries: list[Node] = []
    achievements: list[Node] = []
    linked: list[str] = []
    for part in parts:
        if is_ob3(part.credential):
            entries.append(_embedded(part.raw, part.result.format))
            ach = part_achievement(part.credential)
        else:
            entry = _converted(part, issuer_key, format=format, clock=clock, loader=loader)
            entries.append(entry)
            assert part.model is not None
            ach = write_ob3(part.model)["credentialSubject"]["achievement"]
        if ach is None:
            raise StackPartUnreadableError(f"part {part.index}: its AchievementCredential has no achievement")
        same = [a for a in achievements if a.get("id") == ach.get("id")]
        if same and same[0] != ach:
            raise UsageError(
                f"part {part.index}: its achievement {ach.get('id')} is stated differently by an earlier part "
                "(give each micro-credential its own specification id: qualification_id)"
            )
        if not same:
            achievements.append(ach)
        linked.append(str(ach.get("id")))
    own = achievement(model, achievement_id=f"{credential_id}#achievement")
    subject: Node = {"type": ["ClrSubject"]}
    if model.learner.id:
        subject["id"] = model.learner.id
    subject["verifiableCredential"] = entries
    subject["achievement"] = [own, *achievements]
    subject["association"] = [
        {"type": ["Association"], "associationType": PART_OF, "sourceId": source, "targetId": own["id"]}
        for source in linked
    ]
    issued: datetime = model.issued
    return {
        "@context": [CREDENTIALS_V2, CLR_CONTEXT, OB3_CONTEXT],
        "id": credential_id,
        "type": list(CLR_TYPES),
        "name": one_text(model.title, "en"),
        "issuer": profile(model.issuing_organisation, "en", profile_id=issuer_key.controller or None),
        "validFrom": format_datetime(issued),
        "credentialSubject": subject,
    }
