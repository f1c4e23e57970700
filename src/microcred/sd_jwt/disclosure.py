"""Disclosures (RFC 9901 §4.2): ``base64url(JSON array of salt, [claim name,] claim value)``.

An object property Disclosure has three elements (§4.2.1), an array element Disclosure two (§4.2.2). The parsing
rules of §7.1 are applied here, each with its own stable code:

* ``DISCLOSURE_EMPTY``: an empty string between two ``~``;
* ``DISCLOSURE_NOT_BASE64URL`` / ``DISCLOSURE_NOT_JSON`` / ``DISCLOSURE_NOT_ARRAY``;
* ``DISCLOSURE_WRONG_LENGTH``: not 2 or 3 elements;
* ``DISCLOSURE_SALT_INVALID``: the salt is not a non-empty string (§4.2.1);
* ``DISCLOSURE_NAME_INVALID``: the claim name is not a string;
* ``DISCLOSURE_NAME_RESERVED``: the claim name is ``_sd`` or ``...`` (§7.1 step 3.2.2.2).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from ..base64url import b64url_decode_strict as b64url_decode
from ..base64url import b64url_encode
from ..errors import Base64UrlError, MicrocredError, SdJwtError
from ..jsonio import loads_strict
from ..verification.codes import CheckCode
from .hashing import sd_digest

#: Claim names a Disclosure may never carry (RFC 9901 §4.2.1, §7.1 step 3.2.2.2).
RESERVED_NAMES = frozenset({"_sd", "..."})
#: Salt entropy: RFC 9901 §9.3 recommends at least 128 bits.
SALT_BYTES = 16


#: The JSON of a Disclosure as RFC 9901's examples write it; one encoder, made once.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def new_salt() -> str:
    """A fresh salt of 128 random bits, base64url-encoded (RFC 9901 §4.2.1, §9.3)."""
    return b64url_encode(secrets.token_bytes(SALT_BYTES))


@dataclass(frozen=True)
class Disclosure:
    """One Disclosure: its salt, claim name (None for an array element) and value, and its encoded form."""

    salt: str
    name: str | None
    value: Any
    encoded: str

    @classmethod
    def create(cls, salt: str, name: str | None, value: Any) -> Disclosure:
        """Build and encode a Disclosure (RFC 9901 §4.2.1 / §4.2.2)."""
        if name is not None and name in RESERVED_NAMES:
            raise SdJwtError(
                f"{name!r} cannot be a disclosed claim name", reason=CheckCode.DISCLOSURE_NAME_RESERVED
            )
        items = [salt, value] if name is None else [salt, name, value]
        text = _ENCODER.encode(items)
        return cls(salt, name, value, b64url_encode(text.encode("utf-8")))

    @property
    def is_array_element(self) -> bool:
        """True for a two-element (array element) Disclosure."""
        return self.name is None

    def digest(self, alg: str) -> str:
        """The digest that references this Disclosure (RFC 9901 §4.2.3): over its encoded form as received."""
        return sd_digest(alg, self.encoded)


def parse_disclosure(encoded: str, *, max_bytes: int, max_depth: int, index: int) -> Disclosure:
    """Decode one Disclosure and apply RFC 9901's parsing rules; :class:`SdJwtError` names the broken one."""
    where = f"disclosure {index}"
    if not encoded:
        raise SdJwtError(f"{where} is empty", reason=CheckCode.DISCLOSURE_EMPTY, path=where)
    if len(encoded) > max_bytes * 4 // 3 + 4:
        raise SdJwtError(
            f"{where} is larger than {max_bytes} bytes", reason=CheckCode.DISCLOSURE_TOO_LARGE, path=where
        )
    try:
        raw = b64url_decode(encoded, what=where)
    except Base64UrlError as exc:
        raise SdJwtError(
            f"{where} is not base64url", reason=CheckCode.DISCLOSURE_NOT_BASE64URL, path=where
        ) from exc
    try:
        items = loads_strict(raw, source=where, max_bytes=max_bytes, max_depth=max_depth)
    except MicrocredError as exc:
        raise SdJwtError(
            f"{where} is not strict JSON: {exc}", reason=CheckCode.DISCLOSURE_NOT_JSON, path=where
        ) from exc
    if not isinstance(items, list):
        raise SdJwtError(f"{where} is not a JSON array", reason=CheckCode.DISCLOSURE_NOT_ARRAY, path=where)
    if len(items) not in (2, 3):
        raise SdJwtError(
            f"{where} has {len(items)} elements; a Disclosure has 2 (array element) or 3 (object property)",
            reason=CheckCode.DISCLOSURE_WRONG_LENGTH,
            path=where,
        )
    salt = items[0]
    if not isinstance(salt, str) or not salt:
        raise SdJwtError(
            f"{where}: the salt must be a non-empty string",
            reason=CheckCode.DISCLOSURE_SALT_INVALID,
            path=where,
        )
    if len(items) == 2:
        return Disclosure(salt, None, items[1], encoded)
    name = items[1]
    if not isinstance(name, str):
        raise SdJwtError(
            f"{where}: the claim name must be a string", reason=CheckCode.DISCLOSURE_NAME_INVALID, path=where
        )
    if name in RESERVED_NAMES:
        raise SdJwtError(
            f"{where}: {name!r} is not allowed as a disclosed claim name",
            reason=CheckCode.DISCLOSURE_NAME_RESERVED,
            path=where,
        )
    return Disclosure(salt, name, items[2], encoded)
