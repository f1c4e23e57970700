"""RFC 7512 PKCS#11 URIs: ``pkcs11:token=…;object=…;id=%01?module-path=…&pin-source=…``.

Path attributes (RFC 7512 §2.3, separated by ``;``): ``token``, ``object``, ``id``, ``type``, ``manufacturer``,
``model``, ``serial``, ``library-*``, ``slot-*``; query attributes (separated by ``&``): ``pin-value``,
``pin-source``, ``module-name``, ``module-path``. Values are percent-decoded (§2.3: ``id`` is raw bytes).

A PIN on a command line leaks into the process list and shell history, so the CLI refuses ``pin-value`` unless the
caller allows it; ``pin-source`` is a file (``file:/path`` or a path) and microcred also accepts ``env:NAME``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes

from ..errors import UsageError

PATH_ATTRIBUTES = frozenset(
    {
        "token",
        "object",
        "id",
        "type",
        "manufacturer",
        "model",
        "serial",
        "library-manufacturer",
        "library-description",
        "library-version",
        "slot-manufacturer",
        "slot-description",
        "slot-id",
    }
)
QUERY_ATTRIBUTES = frozenset({"pin-value", "pin-source", "module-name", "module-path"})
#: Longest URI accepted.
MAX_URI_CHARS = 4096


@dataclass(frozen=True)
class Pkcs11Uri:
    """A parsed RFC 7512 URI (path attributes decoded to text, ``id`` to bytes)."""

    path: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    key_id: bytes | None = None

    @property
    def token(self) -> str | None:
        """The token label (``token=``)."""
        return self.path.get("token")

    @property
    def object(self) -> str | None:
        """The key's label (``object=``)."""
        return self.path.get("object")

    @property
    def module_path(self) -> str | None:
        """The PKCS#11 module (``module-path=``), if given."""
        return self.query.get("module-path")

    def pin(self, *, env: Mapping[str, str] | None = None, allow_pin_value: bool = True) -> str | None:
        """The user PIN: ``pin-value``, or read from ``pin-source`` (a file, ``file:`` URI or ``env:NAME``)."""
        if "pin-value" in self.query:
            if not allow_pin_value:
                raise UsageError(
                    "pin-value in a PKCS#11 URI on the command line is refused (it would leak); "
                    "use pin-source=env:NAME or pin-source=file:/path"
                )
            return self.query["pin-value"]
        source = self.query.get("pin-source")
        if source is None:
            return None
        environ = os.environ if env is None else env
        if source.startswith("env:"):
            name = source[4:]
            if name not in environ:
                raise UsageError(f"pin-source names the environment variable {name}, which is not set")
            return environ[name]
        file = Path(source[5:] if source.startswith("file:") else source)
        try:
            return file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise UsageError(f"cannot read the PIN file {file}: {exc.strerror or exc}") from exc


def parse_pkcs11_uri(uri: str) -> Pkcs11Uri:
    """Parse ``uri`` (RFC 7512 §2.3); a UsageError naming the attribute for anything malformed or unknown."""
    if not isinstance(uri, str) or not uri.startswith("pkcs11:"):
        raise UsageError("a PKCS#11 URI starts with 'pkcs11:' (RFC 7512)")
    if len(uri) > MAX_URI_CHARS:
        raise UsageError(f"the PKCS#11 URI is longer than {MAX_URI_CHARS} characters")
    body = uri[len("pkcs11:") :]
    path_part, _, query_part = body.partition("?")
    path: dict[str, str] = {}
    query: dict[str, str] = {}
    key_id: bytes | None = None
    for part, allowed, sep, out in (
        (path_part, PATH_ATTRIBUTES, ";", path),
        (query_part, QUERY_ATTRIBUTES, "&", query),
    ):
        for item in filter(None, part.split(sep)):
            name, eq, value = item.partition("=")
            if not eq:
                raise UsageError(f"PKCS#11 URI attribute {item!r} has no '='")
            if name not in allowed and not name.startswith("x-"):
                raise UsageError(f"unknown PKCS#11 URI attribute {name!r} (RFC 7512 §2.3)")
            if name in out:
                raise UsageError(f"PKCS#11 URI attribute {name!r} is repeated")
            if name == "id":  # raw bytes (CKA_ID)
                key_id = unquote_to_bytes(value)
                out[name] = value
                continue
            try:
                out[name] = unquote(value, errors="strict")
            except UnicodeDecodeError as exc:
                raise UsageError(f"PKCS#11 URI attribute {name!r} is not UTF-8 once percent-decoded") from exc
    if "pin-value" in query and "pin-source" in query:
        raise UsageError("a PKCS#11 URI has pin-value or pin-source, not both")
    return Pkcs11Uri(path=path, query=query, key_id=key_id)
