"""Holder binding: the presenter's key must be the one each presented credential is bound to.

A credential is bound to its holder by ``credentialSubject.id`` (a DID: the presenter's key must be controlled
by it) or by ``cnf.jwk`` (SD-JWT VC, RFC 7800: the presenter's key must be that key).
"""

from __future__ import annotations

from typing import Any

from ..errors import MicrocredError
from ..keys import Key
from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check


def _subject_ids(credential: dict[str, Any]) -> list[str]:
    subjects = credential.get("credentialSubject")
    items = subjects if isinstance(subjects, list) else [subjects]
    return [s["id"] for s in items if isinstance(s, dict) and isinstance(s.get("id"), str)]


def _cnf_thumbprint(credential: dict[str, Any]) -> str | None:
    cnf = credential.get("cnf")
    if not isinstance(cnf, dict) or not isinstance(cnf.get("jwk"), dict):
        return None
    try:
        return Key.from_jwk(cnf["jwk"]).thumbprint()
    except (MicrocredError, ValueError, TypeError):
        return "?"


def binding_check(index: int, credential: dict[str, Any] | None, presenter: str, key: Key | None) -> Check:
    """One ``holder`` check for credential ``index``: bound to the presenter (DID ``presenter``, ``key``) or not."""
    label = f"credential #{index}"
    if credential is None:
        return Check.error(
            CheckName.HOLDER, CheckCode.HOLDER_BINDING_UNKNOWN, f"{label} could not be read", index=index
        )
    thumbprint = _cnf_thumbprint(credential)
    if thumbprint is not None:
        if key is not None and thumbprint == key.thumbprint():
            return Check.ok(
                CheckName.HOLDER,
                CheckCode.HOLDER_BOUND,
                f"{label} is bound (cnf) to the presenter's key",
                index=index,
            )
        msg = f"{label} is bound (cnf) to another key than the one that signed the presentation"
        return Check.fail(CheckName.HOLDER, CheckCode.HOLDER_BINDING_MISMATCH, msg, index=index)
    ids = _subject_ids(credential)
    if not ids:
        msg = f"{label} names no holder (no credentialSubject.id, no cnf): anyone could present it"
        return Check.fail(CheckName.HOLDER, CheckCode.CREDENTIAL_NOT_BOUND, msg, index=index)
    if presenter in ids:
        return Check.ok(
            CheckName.HOLDER,
            CheckCode.HOLDER_BOUND,
            f"{label} is about {presenter}, the presenter",
            index=index,
        )
    msg = f"{label} is about {', '.join(ids)}, but it was presented by {presenter}"
    return Check.fail(
        CheckName.HOLDER,
        CheckCode.HOLDER_BINDING_MISMATCH,
        msg,
        index=index,
        subject=ids,
        presenter=presenter,
    )


def holder_matches_check(holder: str | None, presenter: str) -> Check:
    """The presentation's ``holder`` (when given) controls the key that signed it."""
    if holder is None:
        return Check.ok(
            CheckName.HOLDER, CheckCode.HOLDER_IS_PRESENTER, f"presented by {presenter} (no holder named)"
        )
    if holder == presenter:
        return Check.ok(
            CheckName.HOLDER, CheckCode.HOLDER_IS_PRESENTER, f"signed by a key of the holder {holder}"
        )
    msg = f"the presentation names the holder {holder}, but it was signed by a key of {presenter}"
    return Check.fail(CheckName.HOLDER, CheckCode.HOLDER_MISMATCH, msg)
