"""OAuth Token Status List (draft-ietf-oauth-status-list): the Status List, its JWT, and the status reference.

* Status List (§4.1): ``{"bits": 1|2|4|8, "lst": base64url(ZLIB/DEFLATE [RFC1950/RFC1951] of the byte array)}``.
  Status *i* is the ``bits`` bits of byte ``i * bits // 8`` starting at bit ``(i * bits) % 8``, **least**
  significant bit first (§4.1 "the first status is in the least significant bits of byte 0"); the W3C Bitstring
  Status List (:mod:`.bitstring`) counts from the most significant bit instead, hence a codec of its own.
* Status values (§7.1): 0x00 VALID, 0x01 INVALID, 0x02 SUSPENDED, 0x03 and 0x0C-0x0F application specific.
* Status List Token (§5.1): a JWT with ``typ`` ``statuslist+jwt`` and the claims ``sub`` (the list's URI),
  ``iat``, ``status_list``, optionally ``exp`` and ``ttl``.
* Referenced Token (§6.1): ``"status": {"status_list": {"idx": N, "uri": "https://..."}}``.

Decompression is capped (zip-bomb guard) and every malformed field is a :class:`TokenStatusListError` naming it.
``zlib`` from the standard library does the DEFLATE work; nothing else is needed.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..base64url import b64url_decode_strict as b64url_decode
from ..base64url import b64url_encode
from ..errors import Base64UrlError, JwsError, MicrocredError, TokenStatusListError, UsageError
from ..jsonio import loads_strict
from ..keys import Key
from ..suites import jose, jwt_claims

STATUS_LIST_JWT_TYP = "statuslist+jwt"
VALID, INVALID, SUSPENDED = 0, 1, 2
STATUS_NAMES = {VALID: "VALID", INVALID: "INVALID", SUSPENDED: "SUSPENDED"}
ALLOWED_BITS = (1, 2, 4, 8)
#: Default cap on the decompressed byte array (16 MiB: 16.7 million 8-bit or 134 million 1-bit statuses).
DEFAULT_MAX_BYTES = 16 * 1024 * 1024


@dataclass
class TokenStatusList:
    """A Status List: ``bits`` per status and the byte array (§4.1)."""

    bits: int
    data: bytearray

    @classmethod
    def zeros(cls, size: int, bits: int = 1) -> TokenStatusList:
        """A list of ``size`` statuses, all VALID."""
        _check_bits(bits)
        return cls(bits, bytearray((size * bits + 7) // 8))

    def __len__(self) -> int:
        return len(self.data) * 8 // self.bits

    def get(self, index: int) -> int:
        """The status at ``index`` (§4.1, least significant bits first); TokenStatusListError if out of range."""
        self._check_index(index)
        position = index * self.bits
        return (self.data[position // 8] >> (position % 8)) & ((1 << self.bits) - 1)

    def set(self, index: int, value: int) -> None:
        """Set the status at ``index``."""
        self._check_index(index)
        if not 0 <= value < 1 << self.bits:
            raise UsageError(f"status {value} does not fit in {self.bits} bit(s)")
        position = index * self.bits
        mask = ((1 << self.bits) - 1) << (position % 8)
        byte = position // 8
        self.data[byte] = (self.data[byte] & ~mask) | (value << (position % 8))

    def _check_index(self, index: int) -> None:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(self):
            raise TokenStatusListError(
                f"index {index!r} is outside the status list (0..{len(self) - 1})", path="status_list.idx"
            )

    def to_json(self) -> dict[str, Any]:
        """The Status List JSON object (§4.2): DEFLATE with the highest compression, as §4.1 recommends."""
        return {"bits": self.bits, "lst": b64url_encode(zlib.compress(bytes(self.data), 9))}

    @classmethod
    def from_json(cls, value: Any, *, max_bytes: int = DEFAULT_MAX_BYTES) -> TokenStatusList:
        """Parse a Status List JSON object (§4.2) with a cap on the inflated size."""
        if not isinstance(value, dict):
            raise TokenStatusListError("status_list must be an object", path="status_list")
        bits = value.get("bits")
        _check_bits(bits)
        lst = value.get("lst")
        if not isinstance(lst, str) or not lst:
            raise TokenStatusListError("status_list.lst must be a non-empty string", path="status_list.lst")
        try:
            compressed = b64url_decode(lst, what="status_list.lst")
        except Base64UrlError as exc:
            raise TokenStatusListError("status_list.lst is not base64url", path="status_list.lst") from exc
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(compressed, max_bytes + 1)
        except zlib.error as exc:
            raise TokenStatusListError(
                f"status_list.lst is not ZLIB data: {exc}", path="status_list.lst"
            ) from exc
        if len(data) > max_bytes or inflater.unconsumed_tail:
            raise TokenStatusListError(
                f"status_list.lst expands to more than {max_bytes} bytes", path="status_list.lst"
            )
        if not inflater.eof:
            raise TokenStatusListError("status_list.lst is truncated", path="status_list.lst")
        return cls(int(bits), bytearray(data))  # type: ignore[arg-type]


def _check_bits(bits: Any) -> None:
    if isinstance(bits, bool) or bits not in ALLOWED_BITS:
        raise TokenStatusListError(f"bits must be 1, 2, 4 or 8, not {bits!r}", path="status_list.bits")


def status_reference(uri: str, idx: int) -> dict[str, Any]:
    """The Referenced Token's ``status`` claim (§6.1)."""
    return {"status_list": {"idx": idx, "uri": uri}}


def parse_status_reference(status: Any) -> tuple[str, int]:
    """(uri, idx) of a Referenced Token's ``status`` claim (§6.1); TokenStatusListError if malformed."""
    ref = status.get("status_list") if isinstance(status, dict) else None
    if not isinstance(ref, dict):
        raise TokenStatusListError("status.status_list must be an object", path="$.status.status_list")
    uri, idx = ref.get("uri"), ref.get("idx")
    if not isinstance(uri, str) or not uri:
        raise TokenStatusListError("status.status_list.uri must be a URI", path="$.status.status_list.uri")
    if isinstance(idx, bool) or not isinstance(idx, int) or idx < 0:
        raise TokenStatusListError(
            "status.status_list.idx must be a non-negative integer", path="$.status.status_list.idx"
        )
    return uri, idx


def sign_status_list_token(
    status_list: TokenStatusList,
    uri: str,
    key: Key,
    *,
    iat: datetime,
    exp: datetime | None = None,
    ttl: int | None = None,
    iss: str | None = None,
) -> str:
    """The Status List Token as a JWT (§5.1), ``typ`` ``statuslist+jwt``."""
    claims: dict[str, Any] = {"sub": uri, "iat": jwt_claims.to_numeric_date(iat)}
    if iss is not None:
        claims["iss"] = iss
    if exp is not None:
        claims["exp"] = jwt_claims.to_numeric_date(exp)
    if ttl is not None:
        claims["ttl"] = ttl
    claims["status_list"] = status_list.to_json()
    header: dict[str, Any] = {"alg": key.alg, "typ": STATUS_LIST_JWT_TYP}
    if key.kid:
        header["kid"] = key.kid
    return jose.sign_compact(header, jose.json_bytes(claims), key, key.alg)


@dataclass(frozen=True)
class VerifiedStatusListToken:
    """A verified Status List Token: its claims and the decoded list."""

    claims: dict[str, Any]
    status_list: TokenStatusList


def verify_status_list_token(
    token: str, key: Key, *, uri: str, now: datetime, max_bytes: int = DEFAULT_MAX_BYTES
) -> VerifiedStatusListToken:
    """§8.3 steps: ``typ``, signature (strict JOSE), ``sub`` equals the reference's ``uri``, ``exp``, the list."""
    try:
        jws = jose.parse_compact(token, max_bytes=max_bytes * 2)
        if jws.header.get("typ") != STATUS_LIST_JWT_TYP:
            raise TokenStatusListError(
                f"the status list token's typ must be {STATUS_LIST_JWT_TYP!r}", path="typ"
            )
        jose.check_header(jws.header)
        jose.verify_signature(jws, key, jose.select_alg(jws.header, key))
        claims = loads_strict(jws.payload, source="status list token", max_bytes=max_bytes * 2, max_depth=8)
        if not isinstance(claims, dict):
            raise TokenStatusListError("the status list token payload is not an object")
        if claims.get("sub") != uri:
            raise TokenStatusListError(
                f"the status list token is for {claims.get('sub')!r}, not {uri!r}", path="sub"
            )
        iat, exp = jwt_claims.numeric_date(claims, "iat"), jwt_claims.numeric_date(claims, "exp")
    except TokenStatusListError:
        raise
    except JwsError as exc:
        raise TokenStatusListError(
            f"status list token: {exc.message}", details={"reason": exc.reason}
        ) from exc
    except MicrocredError as exc:
        raise TokenStatusListError(f"status list token: {exc}") from exc
    if iat is None:
        raise TokenStatusListError("the status list token has no iat", path="iat")
    if exp is not None and now >= exp:
        raise TokenStatusListError(f"the status list token expired at {exp.isoformat()}", path="exp")
    return VerifiedStatusListToken(
        claims, TokenStatusList.from_json(claims.get("status_list"), max_bytes=max_bytes)
    )


def list_from_entries(size: int, bits: int, entries: Iterable[tuple[int, int]]) -> TokenStatusList:
    """A Status List of ``size`` statuses with the given (index, status) pairs set."""
    out = TokenStatusList.zeros(size, bits)
    for index, value in entries:
        out.set(index, value)
    return out
