"""Find a credential baked into an image (PNG or SVG), for the verifier's input sniffing."""

from __future__ import annotations

from .bake_png import is_png, read_png_credential
from .bake_svg import looks_like_svg, read_svg_credential


def is_baked_image(data: bytes | bytearray | str) -> bool:
    """True when ``data`` is a PNG image or SVG text (which may carry a baked Open Badge)."""
    if isinstance(data, bytes | bytearray):
        if is_png(bytes(data)):
            return True
        try:
            data = bytes(data[:4096]).decode("utf-8-sig", errors="ignore")
        except ValueError:
            return False
    return looks_like_svg(data)


def extract_credential(data: bytes | bytearray | str, *, max_bytes: int) -> str:
    """The credential text (JSON or compact JWS) baked into the PNG or SVG ``data`` (bounded by ``max_bytes``)."""
    if isinstance(data, bytes | bytearray) and is_png(bytes(data)):
        return read_png_credential(bytes(data), max_text=max_bytes)
    return read_svg_credential(bytes(data) if isinstance(data, bytearray) else data)
