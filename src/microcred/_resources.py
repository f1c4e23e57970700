"""Where the bundled data lives: inside the wheel (``microcred/_data``) or, in a source checkout, the repo root."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Directory of bundled data ``name`` (``contexts`` or ``vocab``)."""
    packaged = _PACKAGE_DIR / "_data" / name
    if packaged.is_dir():
        return packaged
    checkout = _PACKAGE_DIR.parent.parent / name  # src/microcred -> repo root
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"microcred data folder {name!r} not found (looked in {packaged} and {checkout})")
