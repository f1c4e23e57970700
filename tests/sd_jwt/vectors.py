"""Loading the SD-JWT test data in tests/data/sd_jwt (see its SOURCE.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from microcred.keys import Key
from microcred.sd_jwt import Sd

DATA = Path(__file__).parent.parent / "data" / "sd_jwt"
SETS = ("sd-jwt-spec-examples", "sd-jwt-python-testcases")


def case_dirs() -> list[Path]:
    """Every generated case (compact serialization only)."""
    return sorted(
        d
        for s in SETS
        for d in (DATA / s / "generated").iterdir()
        if (d / "sd_jwt_presentation.txt").exists()
    )


def json_serialization_dirs() -> list[Path]:
    return sorted(
        d for d in (DATA / "sd-jwt-python-testcases" / "generated").iterdir() if d.name.startswith("json_")
    )


def settings(case: Path) -> dict[str, Any]:
    return yaml.safe_load((case.parent.parent / "settings.yml").read_text())  # type: ignore[no-any-return]


def issuer_key(case: Path) -> Key:
    return Key.from_jwk(settings(case)["key_settings"]["issuer_keys"][0])


def holder_key(case: Path) -> Key:
    return Key.from_jwk(settings(case)["key_settings"]["holder_key"])


def read_json(case: Path, name: str) -> Any:
    return json.loads((case / name).read_text())


class _SdKey(str):
    """A scalar tagged ``!sd`` in a specification.yml (a mapping key, or an array element in ``scalar``)."""

    scalar: Any = None


class _SdLoader(yaml.SafeLoader):
    pass


def _sd(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        tag = loader.resolve(yaml.ScalarNode, node.value, (True, False))  # type: ignore[no-untyped-call]
        plain = yaml.ScalarNode(tag, node.value)
        key = _SdKey(node.value)
        key.scalar = loader.construct_object(plain)
        return key
    if isinstance(node, yaml.MappingNode):
        return Sd(loader.construct_mapping(node, deep=True))
    return Sd(loader.construct_sequence(node, deep=True))  # type: ignore[arg-type]


_SdLoader.add_constructor("!sd", _sd)


def _convert(node: Any, *, in_array: bool = False) -> Any:
    if isinstance(node, Sd):
        return Sd(_convert(node.value))
    if isinstance(node, _SdKey) and in_array:
        return Sd(node.scalar)
    if isinstance(node, dict):
        return {str(k): Sd(_convert(v)) if isinstance(k, _SdKey) else _convert(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_convert(v, in_array=True) for v in node]
    return node


def sd_claims(case: Path) -> dict[str, Any]:
    """The case's ``user_claims`` with ``!sd`` turned into :class:`Sd` markers."""
    spec = yaml.load((case.parent.parent / case.name / "specification.yml").read_text(), Loader=_SdLoader)
    return _convert(spec["user_claims"])  # type: ignore[no-any-return]


def read_token(case: Path, name: str) -> str:
    """A token file; the spec examples are line-wrapped for the text, the wire form has no whitespace."""
    return "".join((case / name).read_text().split())


def visible(node: Any) -> Any:
    """What stays visible when nothing is disclosed: every :class:`Sd` claim and element removed."""
    if isinstance(node, dict):
        return {k: visible(v) for k, v in node.items() if not isinstance(v, Sd)}
    if isinstance(node, list):
        return [visible(v) for v in node if not isinstance(v, Sd)]
    return node
