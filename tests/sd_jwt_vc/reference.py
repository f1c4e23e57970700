"""Bridging to the IETF reference implementation (PyPI ``sd-jwt``, a dev extra) for the interop tests."""

from __future__ import annotations

from typing import Any

from microcred.sd_jwt import Sd


def to_reference(node: Any) -> Any:
    """microcred's :class:`Sd` markers (on values) -> the reference's ``SDObj`` (on keys and array elements)."""
    from sd_jwt.common import SDObj

    if isinstance(node, dict):
        return {
            (SDObj(k) if isinstance(v, Sd) else k): to_reference(v.value if isinstance(v, Sd) else v)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [SDObj(to_reference(v.value)) if isinstance(v, Sd) else to_reference(v) for v in node]
    return node
