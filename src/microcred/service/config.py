"""The service's configuration: signing key, issuer identity, base URL, status registry, API tokens, limits.

Read from keyword arguments, a TOML file (``--config``; :func:`load_config_file`) and the environment
(``MICROCRED_API_TOKENS``: comma-separated bearer tokens). API tokens are kept only as SHA-256 hashes
(:func:`hash_token`); a configuration file lists hashes (``token_sha256 = ["..."]``), never tokens.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..keys import Key

#: The environment variable with comma-separated API bearer tokens.
TOKENS_ENV = "MICROCRED_API_TOKENS"


def hash_token(token: str) -> str:
    """The SHA-256 (hex) of an API bearer token: what the configuration stores."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def tokens_from_env(environ: dict[str, str] | None = None) -> frozenset[str]:
    """Hashes of the tokens in ``MICROCRED_API_TOKENS`` (empty items ignored)."""
    raw = (os.environ if environ is None else environ).get(TOKENS_ENV, "")
    return frozenset(hash_token(t.strip()) for t in raw.split(",") if t.strip())


@dataclass(frozen=True, kw_only=True)
class ServiceConfig:
    """Everything ``microcred serve`` needs; every field has a bounded, safe default."""

    #: The issuer's private signing key (its controller, a DID, is the issuer id).
    key: Key
    #: The public URL the service is reached at (status list URLs, OpenID4VCI issuer identifier).
    base_url: str = "http://127.0.0.1:8000"
    #: The status registry: an SQLite path or a SQLAlchemy URL (``postgresql+psycopg://...``).
    registry: str = "microcred-service.db"
    #: SHA-256 hex digests of the accepted API bearer tokens (issuing and status changes).
    token_hashes: frozenset[str] = frozenset()
    #: Default securing format of ``/credentials/issue``.
    default_format: str = "eddsa-rdfc-2022"
    #: Largest request body accepted (bytes).
    max_body_bytes: int = 1024 * 1024
    #: Per-client token bucket: sustained requests per second and burst size; at most ``max_clients`` tracked.
    rate_per_second: float = 50.0
    rate_burst: int = 100
    max_clients: int = 10_000
    #: Entries per status list (Bitstring Status List §3.2: at least 131,072) and the purposes allocated.
    list_size: int = 131_072
    min_list_size: int = 131_072
    status_purposes: tuple[str, ...] = ("revocation", "suspension")
    #: ``Cache-Control: max-age`` of served status lists (seconds).
    status_max_age: int = 300
    #: Securing format of the served BitstringStatusListCredentials.
    status_format: str = "eddsa-rdfc-2022"
    #: Lifetimes (seconds) and bounds of the OpenID4VCI / OpenID4VP state kept in memory.
    offer_ttl: int = 600
    nonce_ttl: int = 300
    result_ttl: int = 600
    max_pending: int = 10_000
    #: Clock skew allowed on holder proofs' ``iat`` (seconds).
    proof_skew: int = 60
    #: Fixed time for tests (an ISO date-time); None uses the system clock.
    now: str | None = field(default=None)

    def __post_init__(self) -> None:
        if not self.key.is_private:
            raise UsageError("the service needs a private signing key (--key)")
        if not self.base_url.startswith(("http://", "https://")):
            raise UsageError(f"base_url must be an http(s) URL, not {self.base_url!r}")
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))
        for name in ("max_body_bytes", "rate_burst", "max_clients", "max_pending", "offer_ttl", "nonce_ttl"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise UsageError(f"{name} must be a positive integer, not {value!r}")
        if self.rate_per_second <= 0:
            raise UsageError("rate_per_second must be positive")
        bad = [h for h in self.token_hashes if len(h) != 64 or any(c not in "0123456789abcdef" for c in h)]
        if bad:
            raise UsageError("token_sha256 entries must be lower-case hex SHA-256 digests (64 characters)")

    @property
    def issuer_id(self) -> str:
        """The issuer's identifier: the key's controller (a DID), else the base URL."""
        return self.key.controller or self.base_url

    def with_env_tokens(self, environ: dict[str, str] | None = None) -> ServiceConfig:
        """This configuration with the hashes of ``MICROCRED_API_TOKENS`` added."""
        return replace(self, token_hashes=self.token_hashes | tokens_from_env(environ))


#: TOML keys a configuration file may set (``key`` is a path to the key file).
_FILE_KEYS = {f.name for f in fields(ServiceConfig)} - {"key", "token_hashes"} | {"key_file", "token_sha256"}


def load_config_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The settings of a TOML configuration file, as :class:`ServiceConfig` keyword arguments.

    ``key_file`` names the key; ``token_sha256`` lists token hashes; every other key is a field name. An
    unknown key is an error naming it (a misspelled option never passes silently).
    """
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"cannot read the configuration file {path}: {exc}") from exc
    unknown = sorted(set(data) - _FILE_KEYS)
    if unknown:
        raise UsageError(f"{path}: unknown setting(s) {', '.join(unknown)}")
    out: dict[str, Any] = {k: v for k, v in data.items() if k not in ("key_file", "token_sha256")}
    if "status_purposes" in out:
        out["status_purposes"] = tuple(out["status_purposes"])
    if "key_file" in data:
        out["key"] = Key.load(Path(path).parent / str(data["key_file"]))
    if "token_sha256" in data:
        hashes = data["token_sha256"]
        if not isinstance(hashes, list) or not all(isinstance(h, str) for h in hashes):
            raise UsageError(f"{path}: token_sha256 must be a list of strings")
        out["token_hashes"] = frozenset(h.lower() for h in hashes)
    return out
