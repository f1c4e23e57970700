"""CSV column names -> the micro-credential model (model JSON paths, checked against the pydantic model).

A column is named by the model JSON path of the value it holds, with the model's camelCase names, ``.``
between levels and ``[i]`` for list items (0-based): ``learner.fullName.en``, ``title.de``,
``workload.creditPoints[0].points``, ``learningOutcomes[1].text.en``. Rules (``docs/batch.md``):

* a language map (title, names, descriptions ...) takes the language code as the last part: ``title.en``;
* a list of objects is indexed: ``awardingBodies[0].legalName.en``; items are filled from ``[0]`` without gaps;
* a list of single values (``languages``, ``learner.citizenship``, ``participation.modes``, ``levels.iscedF``)
  is either indexed (``languages[0]``) or given in one cell, values separated by ``;``;
* an empty cell gives nothing (the field is absent, or comes from the template).

Column names are checked once, against the model, when the header is read: a misspelt column is an error
naming the column and the fields allowed there, before any credential is issued.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from ..errors import CsvColumnError

Part = str | int
Kind = Literal["value", "values"]

#: Separator of several values in one cell of a list-of-values column.
VALUE_SEPARATOR = ";"

_SEGMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)((?:\[\d+\])*)$")


@dataclass(frozen=True)
class Column:
    """One CSV column: its header ``name``, 1-based ``position``, model path ``parts`` and ``kind``."""

    name: str
    position: int
    parts: tuple[Part, ...]
    kind: Kind  # "value": one value; "values": a list of values separated by ';'

    @property
    def path(self) -> str:
        """The column's JSON path as text, e.g. ``credentialSubject.name[0]``."""
        return format_path(self.parts)


def format_path(parts: tuple[Part, ...] | list[Part]) -> str:
    """Render path parts as ``a.b[0].c`` (integers become list indexes)."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def parse_path(name: str) -> tuple[Part, ...]:
    """``learningOutcomes[0].text.en`` -> ``("learningOutcomes", 0, "text", "en")``."""
    parts: list[Part] = []
    for segment in name.split("."):
        match = _SEGMENT.match(segment)
        if match is None:
            raise ValueError(f"{segment!r} is not a name or name[index]")
        parts.append(match.group(1))
        parts.extend(int(i) for i in re.findall(r"\[(\d+)\]", match.group(2)))
    return tuple(parts)


def _strip(tp: Any) -> Any:
    """Drop ``Annotated[...]`` and ``| None`` around a field type."""
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _fields(model: type[BaseModel]) -> dict[str, Any]:
    return {(info.alias or name): info.annotation for name, info in model.model_fields.items()}


def describe(parts: tuple[Part, ...], root: type[BaseModel]) -> Kind:
    """The kind of value at ``parts`` in ``root``'s JSON; ``ValueError`` says why a path does not fit."""
    tp: Any = root
    i = 0
    while True:
        here = format_path(parts[:i]) or "the micro-credential"
        t = _strip(tp)
        if _is_model(t):
            fields = _fields(t)
            if i == len(parts):
                raise ValueError(f"{here} is a group of fields; name one of: {', '.join(fields)}")
            part = parts[i]
            if isinstance(part, int):
                raise ValueError(f"{here} is not a list")
            if part not in fields:
                raise ValueError(f"{part!r} is not a field of {here}; its fields are: {', '.join(fields)}")
            tp, i = fields[part], i + 1
        elif get_origin(t) is list:
            item = _strip(get_args(t)[0])
            if i == len(parts):
                if not _is_model(item) and get_origin(item) is None:
                    return "values"
                raise ValueError(f"{here} is a list of groups: name an item's field, e.g. {here}[0]...")
            if not isinstance(parts[i], int):
                raise ValueError(f"{here} is a list: give the item number, e.g. {here}[0]")
            tp, i = item, i + 1
        elif get_origin(t) is dict:
            if i == len(parts):
                raise ValueError(f"{here} is text by language: add the language code, e.g. {here}.en")
            if isinstance(parts[i], int) or i + 1 != len(parts):
                raise ValueError(f"{here} is text by language: the part after it is a language code (en)")
            return "value"
        else:
            if i != len(parts):
                raise ValueError(f"{here} is a single value; nothing goes below it")
            return "value"


def read_header(header: list[str], root: type[BaseModel] | None = None) -> tuple[Column, ...]:
    """Check every column name against the model; :class:`CsvColumnError` names each bad one."""
    if root is None:
        from ..model import MicroCredential

        root = MicroCredential
    columns: list[Column] = []
    problems: list[dict[str, str]] = []
    seen: dict[tuple[Part, ...], str] = {}
    for position, raw in enumerate(header, 1):
        name = raw.strip()
        try:
            if not name:
                raise ValueError("the column has no name")
            parts = parse_path(name)
            kind = describe(parts, root)
            if parts in seen:
                raise ValueError(f"the same field as column {seen[parts]!r}")
        except ValueError as exc:
            problems.append({"path": name or f"column {position}", "message": str(exc)})
            continue
        seen[parts] = name
        columns.append(Column(name, position, parts, kind))
    for column in columns:
        for other in columns:
            if other is not column and other.parts[: len(column.parts)] == column.parts:
                problems.append(
                    {
                        "path": other.name,
                        "message": f"overlaps column {column.name!r} (give one or the other)",
                    }
                )
    if problems:
        first = problems[0]
        raise CsvColumnError(
            f"bad CSV header: {first['path']}: {first['message']}"
            + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""),
            path=first["path"],
            details={"errors": problems},
        )
    return tuple(columns)


def column_for(path: str | None, columns: typing.Sequence[Column]) -> str | None:
    """The column that gives the model field ``path`` (or a field inside it), if any."""
    if not path:
        return None
    for column in columns:  # the field itself, or a column inside it
        own = column.path
        if own == path or own.startswith((path + ".", path + "[")):
            return column.name
    for column in columns:  # a column that holds the field (e.g. one value of a ';'-separated list)
        own = column.path
        if path.startswith((own + ".", own + "[")):
            return column.name
    return None
