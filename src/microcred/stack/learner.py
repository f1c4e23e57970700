"""Whether two credentials are about the same learner, compared as ELM identifies a person.

ELM 3 (``elm:Person``) identifies a learner by the subject's IRI and, since EDC credentials often carry a
document-local IRI (``urn:epass:person:1``), by the person's identifiers: ``elm:nationalId`` (a
``LegalIdentifier``: notation + country), the eIDAS identifier, and given + family name with date of birth.
The rule, in order:

1. both subjects have the same IRI that is not document-local (not ``urn:epass:...``): the same learner;
2. both carry a national id: the same learner exactly when notation and country match;
3. both carry an identifier (``adms:identifier``, e.g. an eIDAS identifier) of the same scheme: the same learner
   exactly when the notations of every such scheme match;
4. both carry given name, family name and date of birth: the same learner when all three match (names compared
   case-insensitively, any language of the language map);
5. both carry full name and date of birth: the same when both match;
6. otherwise the learners cannot be shown to be the same (a stack refuses them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import MicroCredential
    from ..model.learner import Learner

LOCAL_PREFIXES = ("urn:epass:",)


def _names(value: dict[str, str] | None) -> frozenset[str] | None:
    if not value:
        return None
    return frozenset(" ".join(v.split()).casefold() for v in value.values())


def _global_id(learner: Learner) -> str | None:
    ident = learner.id
    if ident and not str(ident).startswith(LOCAL_PREFIXES):
        return str(ident)
    return None


def same_learner(a: MicroCredential, b: MicroCredential) -> tuple[bool, str]:
    """(same?, the rule that decided) for the learners of ``a`` and ``b`` (see the module docstring)."""
    la, lb = a.learner, b.learner
    ida, idb = _global_id(la), _global_id(lb)
    if ida is not None and ida == idb:
        return True, "subject id"
    if la.national_id is not None and lb.national_id is not None:
        same = (la.national_id.notation, la.national_id.country) == (
            lb.national_id.notation,
            lb.national_id.country,
        )
        return same, "national id"
    schemes_a = {i.scheme_name: i.notation for i in la.identifiers if i.scheme_name}
    schemes_b = {i.scheme_name: i.notation for i in lb.identifiers if i.scheme_name}
    common = sorted(set(schemes_a) & set(schemes_b))
    if common:
        return all(schemes_a[k] == schemes_b[k] for k in common), f"identifier ({', '.join(common)})"
    dob_a = la.date_of_birth.date() if la.date_of_birth else None
    dob_b = lb.date_of_birth.date() if lb.date_of_birth else None
    if dob_a and dob_b:
        ga, gb = _names(la.given_name), _names(lb.given_name)
        fa, fb = _names(la.family_name), _names(lb.family_name)
        if ga and gb and fa and fb:
            return bool(ga & gb) and bool(fa & fb) and dob_a == dob_b, "given and family name, date of birth"
        na, nb = _names(la.full_name), _names(lb.full_name)
        if na and nb:
            return bool(na & nb) and dob_a == dob_b, "full name, date of birth"
    return False, "no identifier in common (subject id, national id, names with date of birth)"
