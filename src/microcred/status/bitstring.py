"""The status bitstring and its ``encodedList`` codec (W3C Bitstring Status List v1.0).

* Bit order (§2.2 ``encodedList``, §7.1 "Bitstring Encoding"): index 0 is the left-most bit of the bitstring,
  i.e. the most significant bit of the first byte; index ``length - 1`` is the least significant bit of the
  last byte.
* Entries (§2.1 ``statusSize``, §3.3 step 2): the status of ``statusListIndex`` *i* is the ``statusSize`` bits
  starting at bit ``i * statusSize``, read left to right (most significant bit first).
* ``encodedList`` (§3.3 step 3, §3.4): the Multibase base64url-no-padding form (prefix ``u``) of the GZIP
  [RFC1952] compression of the bitstring. StatusList2021 (W3C CCG, 2021) wrote the base64 (or base64url) of
  the GZIP without a Multibase prefix; :func:`decode_list` reads both with ``multibase=False``.
* Decoding stream-decompresses with a cap on the output (zip-bomb safe) and rejects anything malformed with a
  :class:`~microcred.errors.StatusListError` that names the field.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

from ..base64url import b64url_decode_lenient, b64url_encode
from ..errors import (
    Base64UrlError,
    StatusListError,
    StatusListLengthError,
    StatusListTooLargeError,
    UsageError,
)

#: §3.2 step 2: the minimum number of entries in a status list (131,072, i.e. 16 KB of 1-bit entries).
MIN_ENTRIES = 131_072
#: §2.2: the uncompressed bitstring is at least 16 KB.
MIN_BITSTRING_BYTES = 16 * 1024
#: Default cap on the decompressed size of a bitstring (16 MiB = 134,217,728 one-bit entries).
DEFAULT_MAX_BITSTRING_BYTES = 16 * 1024 * 1024
#: The Multibase prefix of base64url without padding.
MULTIBASE_BASE64URL = "u"

_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


def _max_encoded_chars(max_bytes: int) -> int:
    # GZIP never grows data by more than ~0.1 % + a header and trailer; base64 adds a third.
    return ((max_bytes + max_bytes // 1000 + 64) * 4) // 3 + 8


def gzip_compress(data: bytes) -> bytes:
    """GZIP [RFC1952] at zlib's default level, mtime 0: deterministic, the same bytes Node's zlib writes."""
    compressor = zlib.compressobj(level=6, wbits=16 + zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


def gzip_decompress(
    data: bytes, *, max_bytes: int = DEFAULT_MAX_BITSTRING_BYTES, path: str = "encodedList"
) -> bytes:
    """Expand one GZIP member, refusing to produce more than ``max_bytes`` bytes (§3.4 step 2)."""
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # GZIP header and trailer required
    try:
        out = decompressor.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise StatusListError(f"{path} is not valid GZIP data: {exc}", path=path) from exc
    if len(out) > max_bytes or decompressor.unconsumed_tail:
        raise StatusListTooLargeError(
            f"{path} expands to more than {max_bytes} bytes (the decompression limit)",
            path=path,
            details={"max_bytes": max_bytes},
        )
    if not decompressor.eof:
        raise StatusListError(f"{path} is truncated GZIP data", path=path)
    if decompressor.unused_data:
        raise StatusListError(f"{path} has data after the end of the GZIP stream", path=path)
    return out


def encode_list(bitstring: bytes, *, multibase: bool = True) -> str:
    """§3.3 step 3: GZIP the bitstring, then base64url-encode it without padding (Multibase ``u`` prefix)."""
    text = b64url_encode(gzip_compress(bitstring))
    return MULTIBASE_BASE64URL + text if multibase else text


def _b64decode(text: str, *, multibase: bool, path: str) -> bytes:
    if multibase and not _BASE64URL.fullmatch(text):
        raise StatusListError(
            f"{path} is not base64url without padding (after the Multibase prefix 'u')", path=path
        )
    try:
        return b64url_decode_lenient(text, what=path)
    except Base64UrlError as exc:
        raise StatusListError(exc.message, path=path) from exc


def decode_list(
    encoded: object,
    *,
    multibase: bool = True,
    max_bytes: int = DEFAULT_MAX_BITSTRING_BYTES,
    path: str = "encodedList",
) -> bytes:
    """§3.4 Bitstring Expansion: Multibase-decode ``encoded`` and GZIP-expand it (at most ``max_bytes``
    bytes).

    ``multibase=False`` reads a StatusList2021 ``encodedList`` (base64 or base64url, no prefix; a stray ``u``
    prefix in front of a GZIP header is tolerated).
    """
    if not isinstance(encoded, str) or not encoded:
        raise StatusListError(f"{path} must be a non-empty string", path=path)
    if len(encoded) > _max_encoded_chars(max_bytes):
        raise StatusListTooLargeError(
            f"{path} is {len(encoded)} characters; more than a {max_bytes}-byte bitstring can need",
            path=path,
            details={"max_bytes": max_bytes},
        )
    if multibase:
        if encoded[0] != MULTIBASE_BASE64URL:
            raise StatusListError(
                f"{path} must be Multibase base64url (start with 'u'), not start with {encoded[0]!r}",
                path=path,
            )
        text = encoded[1:]
    else:
        text = encoded[1:] if encoded.startswith("uH4s") else encoded  # 'H4s' is the base64 of a GZIP header
    compressed = _b64decode(text, multibase=multibase, path=path)
    return gzip_decompress(compressed, max_bytes=max_bytes, path=path)


def _check_status_size(status_size: int) -> None:
    if isinstance(status_size, bool) or not isinstance(status_size, int) or status_size < 1:
        raise UsageError(f"statusSize must be an integer greater than zero, not {status_size!r}")


class Bitstring:
    """A status bitstring: bit 0 is the most significant bit of the first byte (§7.1)."""

    __slots__ = ("_data",)

    def __init__(self, data: bytes | bytearray = b"") -> None:
        self._data = bytearray(data)

    @classmethod
    def zeros(cls, entries: int, status_size: int = 1) -> Bitstring:
        """``entries`` entries of ``status_size`` bits, all 0 (§3.3 step 1), padded to whole bytes."""
        _check_status_size(status_size)
        if isinstance(entries, bool) or not isinstance(entries, int) or entries < 1:
            raise UsageError(f"a status list needs at least one entry, not {entries!r}")
        return cls(bytes((entries * status_size + 7) // 8))

    @classmethod
    def decode(
        cls,
        encoded: object,
        *,
        multibase: bool = True,
        max_bytes: int = DEFAULT_MAX_BITSTRING_BYTES,
        path: str = "encodedList",
    ) -> Bitstring:
        """The bitstring of an ``encodedList`` (multibase base64url of GZIP, Bitstring Status List §3.3), within ``max_bytes``."""
        return cls(decode_list(encoded, multibase=multibase, max_bytes=max_bytes, path=path))

    def encode(self, *, multibase: bool = True) -> str:
        """The ``encodedList`` text of this bitstring (Bitstring Status List §3.3 Bitstring Generation)."""
        return encode_list(bytes(self._data), multibase=multibase)

    def to_bytes(self) -> bytes:
        """The raw (uncompressed) bytes."""
        return bytes(self._data)

    @property
    def bit_length(self) -> int:
        """The number of bits."""
        return len(self._data) * 8

    def entries(self, status_size: int = 1) -> int:
        """How many entries of ``status_size`` bits the bitstring holds."""
        _check_status_size(status_size)
        return self.bit_length // status_size

    def check_length(
        self, *, status_size: int = 1, min_entries: int = MIN_ENTRIES, path: str = "encodedList"
    ) -> None:
        """§3.2 step 9: the bitstring length divided by ``statusSize`` must reach ``min_entries``."""
        if self.entries(status_size) < min_entries:
            raise StatusListLengthError(
                f"{path} holds {self.entries(status_size)} entries of {status_size} bit(s); "
                f"the minimum is {min_entries}",
                path=path,
                details={"entries": self.entries(status_size), "min_entries": min_entries},
            )

    def get_bit(self, position: int) -> int:
        """The bit at ``position`` (0 is the leftmost bit of the first byte, §3.3)."""
        self._check_position(position)
        return (self._data[position >> 3] >> (7 - (position & 7))) & 1

    def set_bit(self, position: int, value: int) -> None:
        """Set the bit at ``position`` to ``value`` (0 or 1)."""
        self._check_position(position)
        mask = 1 << (7 - (position & 7))
        if value:
            self._data[position >> 3] |= mask
        else:
            self._data[position >> 3] &= ~mask & 0xFF

    def _check_position(self, position: int) -> None:
        if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position < self.bit_length:
            raise StatusListError(
                f"bit {position!r} is outside the bitstring (0..{self.bit_length - 1})",
                details={"position": position, "bit_length": self.bit_length},
            )

    def _check_index(self, index: int, status_size: int) -> None:
        _check_status_size(status_size)
        entries = self.entries(status_size)
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < entries:
            raise StatusListError(
                f"statusListIndex {index!r} is outside the list (0..{entries - 1})",
                path="statusListIndex",
                details={"index": index, "entries": entries},
            )

    def get_status(self, index: int, status_size: int = 1) -> int:
        """§3.2 step 10: the value at ``index * statusSize``, ``statusSize`` bits, most significant first."""
        self._check_index(index, status_size)
        value = 0
        start = index * status_size
        for position in range(start, start + status_size):
            value = (value << 1) | self.get_bit(position)
        return value

    def set_status(self, index: int, value: int, status_size: int = 1) -> None:
        """§3.3 step 2: store ``value`` in the ``statusSize`` bits of entry ``index``."""
        self._check_index(index, status_size)
        if isinstance(value, bool):
            value = int(value)
        if not isinstance(value, int) or not 0 <= value < (1 << status_size):
            raise StatusListError(f"status value {value!r} does not fit in {status_size} bit(s)")
        start = index * status_size
        for offset in range(status_size):
            self.set_bit(start + offset, (value >> (status_size - 1 - offset)) & 1)

    def set_indices(self, status_size: int = 1) -> Iterator[int]:
        """The indices whose status is not 0, in order (skips zero bytes quickly)."""
        _check_status_size(status_size)
        last = -1
        for byte_index, byte in enumerate(self._data):
            if not byte:
                continue
            for bit in range(8):
                if byte & (0x80 >> bit):
                    index = (byte_index * 8 + bit) // status_size
                    if index != last and index < self.entries(status_size):
                        last = index
                        yield index

    def __len__(self) -> int:
        return self.bit_length

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Bitstring) and self._data == other._data

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"Bitstring({self.bit_length} bits, {sum(bin(b).count('1') for b in self._data)} set)"
