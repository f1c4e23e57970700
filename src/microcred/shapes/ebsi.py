"""EBSI shape: the micro-credential as an EBSI VCDM 2.0 Europass EDC (schema ``vcdm2.0-europass-edc-schema``).

It is the ELM VC 2.0 shape (:func:`microcred.elm.to_elm` with ``data_model="v2"``) made to fit EBSI's JSON
Schema, which forbids extra properties on most ELM classes and allows only URL strings in ``@context``:

* ``@context`` is the VC 2.0 and the EDC application-profile URLs, as in EBSI's own examples (not the inline
  definitions microcred writes for the ELM shape; see :mod:`microcred.elm.inline_context`);
* the two Annex I elements ELM 3 has no property for, ``stackability`` and ``creditRecognisedTowards``
  (microcred's vocabulary, ``contexts/microcred-v1.jsonld``), cannot go in: they are left out, with a
  :class:`~microcred.errors.MappingWarning`. They stay in the ELM shape; docs/shapes.md says where.

EBSI credentials are enveloped (JAdES / JWT); the official EDC context redefines the VC 2.0 context's
protected ``description``, so JSON-LD processing (Data Integrity proofs, ``check_lossless``) refuses this shape.
"""

from __future__ import annotations

import warnings
from typing import Any

from ..elm import to_elm
from ..errors import MappingWarning
from ..jsonld.contexts import CREDENTIALS_V2, EDC_AP
from ..model import MicroCredential

#: microcred's own terms: ELM 3 has no property for these Annex I elements, and EBSI's schema forbids them.
EXTENSION_TERMS = ("stackability", "creditRecognisedTowards")

Node = dict[str, Any]


def _strip(value: Any, path: str, dropped: list[str]) -> None:
    if isinstance(value, dict):
        for key in list(value):
            if key in EXTENSION_TERMS:
                dropped.append(f"{path}.{key}")
                del value[key]
            else:
                _strip(value[key], f"{path}.{key}", dropped)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _strip(item, f"{path}[{i}]", dropped)


def to_ebsi(mc: MicroCredential, *, issuer_id: str | None = None, credential_id: str | None = None) -> Node:
    """``mc`` as an unsigned EBSI VCDM 2.0 Europass EDC; what EBSI forbids is left out with a warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MappingWarning)  # the ELM writer's notes concern the ELM shape
        fresh = mc.model_copy(update={"elm": None})
        doc = to_elm(fresh, data_model="v2", issuer_id=issuer_id, credential_id=credential_id)
    doc["@context"] = [CREDENTIALS_V2, EDC_AP]
    dropped: list[str] = []
    _strip(doc, "$", dropped)
    for where in dropped:
        warnings.warn(
            f"{where}: EBSI's EDC schema has no place for this Annex I element; it is in the ELM shape "
            "(convert --to elm-v2)",
            MappingWarning,
            stacklevel=2,
        )
    return doc
