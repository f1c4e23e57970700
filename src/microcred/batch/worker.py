"""The work of one batch worker: turn records into secured credentials (or record errors).

A worker process is set up once (:func:`init_worker`: the key, the suite, the loader and the status registry
are loaded from a picklable :class:`BatchConfig`), then issues chunks of records (:func:`issue_chunk`). With
``workers=1`` the same :class:`WorkerState` runs in the calling process.

Status entries are allocated here, in the worker, through ``issue(..., status=registry)``: the credential id is
only known once the record is parsed and mapped (a model without an id gets one derived from its content), and
:meth:`StatusRegistry.allocate` is one short ``BEGIN IMMEDIATE`` transaction that is safe across processes; each
worker opens its own connection to the registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..compact_json import credential_file_bytes, credential_file_text
from ..elm.inline_context import shared_inline_contexts
from ..errors import InputError, UsageError
from ..issue_options import IssueOptions
from ..jsonio import loads_strict
from ..jsonld.context_cache import json_text_memo
from ..jsonld.subtree_memo import SubtreeMemo, remembering_subtrees
from .heap import tune_for_batch
from .outcome import BatchOutcome, RecordError
from .records import RecordKind
from .validated_members import ValidatedMembers

if TYPE_CHECKING:
    from ..clock import Clock
    from ..issuer import DataModel, Issuer
    from ..keys import Key
    from ..model import MicroCredential


@dataclass(frozen=True)
class KeySpec:
    """A key in a form that crosses process boundaries: its private JWK (kid, x5c) and its controller."""

    jwk: dict[str, Any]
    controller: str | None

    @classmethod
    def of(cls, key: Key) -> KeySpec:
        """A picklable copy of ``key`` for worker processes; checks that it loads back as the same key."""
        from ..keys import Key

        key = Key.coerce(key)
        spec = cls(key.to_jwk(private=True), key.controller)
        rebuilt = spec.load()
        if (rebuilt.kid, rebuilt.controller, rebuilt.certificate_chain) != (
            key.kid,
            key.controller,
            key.certificate_chain,
        ):
            raise UsageError(
                "this key cannot be passed to worker processes (its controller is not kept by its JWK); "
                "give it a kid, or use workers=1"
            )
        return spec

    def load(self) -> Key:
        """The :class:`~microcred.keys.Key` this spec describes (kid, controller and certificate chain restored)."""
        from ..keys import Key

        key = Key.from_jwk(self.jwk)
        if key.controller != self.controller and key.kid is not None:
            key = key.with_kid(key.kid, controller=self.controller)
        return key


@dataclass(frozen=True)
class BatchConfig:
    """Everything a worker needs, picklable (for worker processes started with spawn or forkserver)."""

    key: KeySpec | None
    format: str
    clock: Clock
    data_model: DataModel | None = None
    loader: Any = None
    status_db: str | None = None
    status_clock: Clock | None = None
    template: dict[str, Any] | None = None
    serialized: bool = False
    #: serialized outcomes carry their text UTF-8 encoded
    encoded: bool = False
    indent: int | None = None
    options: IssueOptions = field(default_factory=IssueOptions)


def merge(base: Any, override: Any) -> Any:
    """Deep merge for templates: objects merge by key, lists of objects item by item, anything else replaces."""
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for key, value in override.items():
            out[key] = merge(base[key], value) if key in base else value
        return out
    if (
        isinstance(base, list)
        and isinstance(override, list)
        and all(isinstance(v, dict) for v in (*base, *override))
    ):
        merged = [merge(b, o) for b, o in zip(base, override, strict=False)]
        return merged + (base[len(override) :] if len(base) > len(override) else override[len(base) :])
    return override


class WorkerState:
    """A configured issuer plus the record -> credential conversion."""

    def __init__(self, config: BatchConfig, *, key: Key | None = None, status: Any = None) -> None:
        from ..issuer import Issuer

        if key is None:
            if config.key is None:
                raise UsageError("a batch worker needs a key")
            key = config.key.load()
        self.config = config
        #: the node objects repeated from credential to credential, expanded and written as RDF once
        self.memo = SubtreeMemo()
        #: the record members validated last (the course's, repeated from record to record)
        self.members = ValidatedMembers()
        self.owned_status = None
        if status is None and config.status_db is not None:
            from ..status import StatusRegistry

            status = self.owned_status = StatusRegistry(config.status_db, clock=config.status_clock)
        self.issuer: Issuer = Issuer(
            key,
            format=config.format,
            loader=config.loader,
            now=config.clock,
            status=status,
            data_model=config.data_model,
        )

    def close(self) -> None:
        """Close the status registry this worker opened itself (not one the caller passed in)."""
        if self.owned_status is not None:
            self.owned_status.close()

    # -- record -> something issue() takes --------------------------------------------------------------------
    def issuable(self, data: Any) -> MicroCredential | dict[str, Any]:
        """The record as ``issue()`` takes it: a MicroCredential built from model JSON, or the JSON-LD dict as is."""
        from ..model import MicroCredential

        if isinstance(data, MicroCredential):
            return data
        if not isinstance(data, dict):
            raise InputError(f"a record must be a JSON object, not {type(data).__name__}")
        if "@context" in data:
            return data
        if "credential" in data:
            from ..elm import from_elm

            return from_elm(data)
        if self.config.template is not None:
            data = merge(self.config.template, data)
        return self.members.validate(data)

    def issue(self, number: int, kind: RecordKind, data: Any) -> BatchOutcome:
        """Issue record ``number`` and return its outcome; a bad record becomes an outcome with an error, never an exception."""
        if kind == "error":
            return BatchOutcome(number, error=data)
        known: list[str | None] = [None]
        try:
            credential, credential_id = self.prepare(kind, data, known)
            if not self.config.serialized:  # the caller gets the document: nothing in it is shared
                with remembering_subtrees(self.memo):
                    secured = self.issuer.issue(credential, options=self.config.options)
                return BatchOutcome(number, credential_id, secured)
            # Written as text and dropped: the inline contexts are shared (not copied per credential), and
            # their JSON texts are known to the context cache and the serializer.
            with shared_inline_contexts(), json_text_memo(), remembering_subtrees(self.memo):
                secured = self.issuer.issue(credential, options=self.config.options)
                return BatchOutcome(number, credential_id, self.serialize(secured))
        except Exception as exc:  # one bad record never stops the batch: it is reported with its number
            return BatchOutcome(number, known[0], error=RecordError.from_exception(exc))

    def prepare(self, kind: RecordKind, data: Any, known: list[str | None]) -> tuple[Any, str | None]:
        """The record as ``issue()`` takes it and its credential id (fixed now); ``known[0]`` is set to the id as
        soon as it is known, so that a failure can name the credential."""
        if kind == "json":
            data = loads_strict(data)
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            known[0] = data["id"]  # known before validation: failures name the credential too
        credential, credential_id = self.with_id(self.issuable(data))
        known[0] = credential_id
        return credential, credential_id

    def with_id(self, credential: MicroCredential | dict[str, Any]) -> tuple[Any, str | None]:
        """The credential with its id fixed now (as ``to_elm`` would derive it), and that id."""
        if isinstance(credential, dict):
            ident = credential.get("id")
            return credential, ident if isinstance(ident, str) else None
        if credential.id is None:
            from ..elm.writer import credential_id_of_facts

            ident = credential_id_of_facts(self.members.facts(credential))
            credential = credential.model_copy(update={"id": ident})
        return credential, credential.id

    def serialize(self, secured: dict[str, Any] | str) -> dict[str, Any] | str | bytes:
        """The secured credential as the outcome carries it: its file text when ``serialized`` (UTF-8 encoded when
        ``encoded``; a compact JWS without the file's newline)."""
        config = self.config
        if not config.serialized:
            return secured
        if isinstance(secured, str):
            return secured.encode("utf-8") if config.encoded else secured
        if config.encoded:
            return credential_file_bytes(secured, indent=config.indent)
        return credential_file_text(secured, indent=config.indent)


# -- the worker process ------------------------------------------------------------------------------------------
_state: WorkerState | None = None


def init_worker(config: BatchConfig) -> None:
    """Process pool initializer: load the key, suite, loader and registry once per worker process."""
    global _state
    _state = WorkerState(config)
    tune_for_batch()


def issue_chunk(payloads: list[tuple[int, RecordKind, Any]]) -> list[BatchOutcome]:
    """Issue a chunk of records in a worker process."""
    if _state is None:
        raise UsageError("issue_chunk runs in a worker started with init_worker")
    return [_state.issue(number, kind, data) for number, kind, data in payloads]
