"""Open Badges 3.0 baked into PNG: an ``iTXt`` chunk with keyword ``openbadgecredential``.

OB 3.0 §5.3.1 (PNG): the credential (its JSON, or a compact JWS) is the text of an ``iTXt`` chunk whose keyword
is ``openbadgecredential``; there is only one such chunk (baking replaces any earlier one). The chunk layout is
PNG (ISO/IEC 15948, W3C PNG 3rd ed.) §11.3.3.4: keyword, NUL, compression flag, compression method, language
tag, NUL, translated keyword, NUL, text (UTF-8; zlib-compressed when the flag is 1). Chunks are
length/type/data/CRC-32 (§5.3).

Hand-written with :mod:`struct` and :mod:`zlib`: imaging libraries (Pillow) would decode the pixels, which is
not needed and a larger attack surface; only the chunk structure is read here, with bounded chunk counts and
sizes.
"""

from __future__ import annotations

import struct
import zlib

from ..errors import BakedBadgeError, InputTooLargeError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadgecredential"
#: At most this many chunks are read (a real badge image has a handful).
MAX_CHUNKS = 10_000
#: Default limit of the credential text (bytes, after decompression).
MAX_TEXT = 4 * 1024 * 1024


def is_png(data: bytes) -> bool:
    """True when ``data`` starts with the PNG signature (§5.2)."""
    return data.startswith(PNG_SIGNATURE)


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """``(type, data)`` of each chunk, CRCs checked, up to and including ``IEND``."""
    if not is_png(data):
        raise BakedBadgeError("not a PNG image (no PNG signature)")
    pos, out = len(PNG_SIGNATURE), list[tuple[bytes, bytes]]()
    while True:
        if len(out) >= MAX_CHUNKS:
            raise InputTooLargeError(f"the PNG image has more than {MAX_CHUNKS} chunks")
        if pos + 12 > len(data):
            raise BakedBadgeError("the PNG image is truncated (no IEND chunk)")
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        end = pos + 8 + length
        if length > 0x7FFFFFFF or end + 4 > len(data):
            raise BakedBadgeError(f"PNG chunk {kind!r} runs past the end of the image")
        body = data[pos + 8 : end]
        (crc,) = struct.unpack(">I", data[end : end + 4])
        if zlib.crc32(kind + body) != crc:
            raise BakedBadgeError(f"PNG chunk {kind!r} has a wrong CRC")
        out.append((kind, body))
        pos = end + 4
        if kind == b"IEND":
            return out


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _itxt_text(body: bytes, max_text: int) -> str:
    _keyword, sep, rest = body.partition(b"\0")
    if not sep or len(rest) < 2:
        raise BakedBadgeError("malformed iTXt chunk")
    flag, method = rest[0], rest[1]
    _lang, sep1, rest = rest[2:].partition(b"\0")
    _translated, sep2, text = rest.partition(b"\0")
    if not (sep1 and sep2):
        raise BakedBadgeError("malformed iTXt chunk (language tag or translated keyword)")
    if flag == 1:
        if method != 0:
            raise BakedBadgeError("iTXt chunk with an unknown compression method")
        inflater = zlib.decompressobj()
        try:
            text = inflater.decompress(text, max_text + 1)
        except zlib.error as exc:
            raise BakedBadgeError(f"the iTXt text does not decompress: {exc}") from exc
    if len(text) > max_text:
        raise InputTooLargeError(f"the baked credential is over {max_text} bytes")
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BakedBadgeError("the baked credential is not UTF-8 text") from exc


def read_png_credential(data: bytes, *, max_text: int = MAX_TEXT) -> str:
    """The credential text baked into the PNG ``data`` (JSON or a compact JWS).

    :class:`BakedBadgeError` when there is none, or more than one (§5.3.1 allows one)."""
    found = [body for kind, body in _chunks(data) if kind == b"iTXt" and body.split(b"\0", 1)[0] == KEYWORD]
    if not found:
        raise BakedBadgeError("the PNG image has no openbadgecredential iTXt chunk (no baked badge)")
    if len(found) > 1:
        raise BakedBadgeError("the PNG image has more than one openbadgecredential iTXt chunk")
    return _itxt_text(found[0], max_text)


def bake_png(image: bytes, credential: str) -> bytes:
    """``image`` with ``credential`` (JSON text or a compact JWS) baked in, replacing an earlier baked badge.

    The ``iTXt`` chunk is uncompressed and goes just before ``IEND``."""
    chunks = [(k, b) for k, b in _chunks(image) if not (k == b"iTXt" and b.split(b"\0", 1)[0] == KEYWORD)]
    itxt = KEYWORD + b"\0" + b"\0\0" + b"\0" + b"\0" + credential.encode("utf-8")
    out = [PNG_SIGNATURE]
    for kind, body in chunks:
        if kind == b"IEND":
            out.append(_chunk(b"iTXt", itxt))
        out.append(_chunk(kind, body))
    return b"".join(out)
