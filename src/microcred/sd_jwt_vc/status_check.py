"""The ``status`` check of an SD-JWT VC: its Token Status List entry (draft-ietf-oauth-status-list §8.3).

The Status List Token is fetched from ``status.status_list.uri`` through the injected fetcher (offline unless
the caller opts in), must be a ``statuslist+jwt`` signed by the credential's issuer (the same key, or a key found
like the credential's, §2.5 of SD-JWT VC), must be for that URI, unexpired, and hold the index. Codes:
``STATUS_VALID`` (passed), ``STATUS_INVALID`` / ``STATUS_SUSPENDED`` / ``STATUS_SET`` (failed),
``STATUS_REFERENCE_INVALID`` (failed), ``STATUS_LIST_UNAVAILABLE`` / ``STATUS_LIST_INVALID`` /
``STATUS_INDEX_OUT_OF_RANGE`` (error: the status cannot be known).
"""

from __future__ import annotations

from typing import Any

from ..errors import MicrocredError, TokenStatusListError
from ..keys import Key
from ..status.token_status_list import (
    INVALID,
    STATUS_NAMES,
    SUSPENDED,
    VALID,
    parse_status_reference,
    verify_status_list_token,
)
from ..suites import jose
from ..suites.base import VerifyOptions
from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check
from .issuer_key import IssuerKey, discover_issuer_key


def _list_key(token: str, iss: Any, vc_key: Key, options: VerifyOptions) -> Key | Check:
    try:
        header = jose.decode_protected_header(token.split(".", 1)[0])
    except MicrocredError as exc:
        return Check.error(
            CheckName.STATUS, CheckCode.STATUS_LIST_INVALID, f"the status list token is malformed: {exc}"
        )
    if "x5c" not in header and "kid" not in header:
        return vc_key
    found = discover_issuer_key(header, iss, options)
    if isinstance(found, Check):
        return Check.error(
            CheckName.STATUS, CheckCode.STATUS_LIST_INVALID, f"the status list token's key: {found.message}"
        )
    if not found.issuer.passed or (found.trust is not None and not found.trust.passed):
        return Check.error(
            CheckName.STATUS,
            CheckCode.STATUS_LIST_INVALID,
            "the status list token is not from the credential's issuer",
        )
    return found.key


def status_check(claims: dict[str, Any], issuer: IssuerKey, options: VerifyOptions) -> Check:
    """One check for the ``status`` claim."""
    try:
        uri, idx = parse_status_reference(claims["status"])
    except TokenStatusListError as exc:
        return Check.fail(CheckName.STATUS, CheckCode.STATUS_REFERENCE_INVALID, str(exc))
    where = {"uri": uri, "idx": idx}
    if options.fetcher is None:
        return Check.error(
            CheckName.STATUS,
            CheckCode.STATUS_LIST_UNAVAILABLE,
            f"no fetcher to get the status list {uri}",
            **where,
        )
    try:
        token = (
            options.fetcher.fetch(uri, accept="application/statuslist+jwt").content.decode("ascii").strip()
        )
    except (MicrocredError, UnicodeDecodeError) as exc:
        return Check.error(
            CheckName.STATUS,
            CheckCode.STATUS_LIST_UNAVAILABLE,
            f"cannot get the status list {uri}: {exc}",
            **where,
        )
    key = _list_key(token, claims.get("iss"), issuer.key, options)
    if isinstance(key, Check):
        return key
    try:
        verified = verify_status_list_token(token, key, uri=uri, now=options.now())
        value = verified.status_list.get(idx)
    except TokenStatusListError as exc:
        code = "STATUS_INDEX_OUT_OF_RANGE" if exc.path == "status_list.idx" else "STATUS_LIST_INVALID"
        return Check.error(CheckName.STATUS, code, str(exc), **where)
    name = STATUS_NAMES.get(value, f"0x{value:02X}")
    if value == VALID:
        return Check.ok(
            CheckName.STATUS, CheckCode.STATUS_VALID, f"status {name} in {uri}", status=value, **where
        )
    code = {INVALID: "STATUS_INVALID", SUSPENDED: "STATUS_SUSPENDED"}.get(value, "STATUS_SET")
    return Check.fail(CheckName.STATUS, code, f"status {name} in {uri}", status=value, **where)
