"""Canonical N-Quads of a JSON-LD document or N-Quads dataset (RDFC-1.0), and JSON-LD -> RDF in safe mode.

Public API (all offline; contexts come from a :class:`~microcred.jsonld.DocumentLoader`):

* :func:`canonicalize` -- RDFC-1.0 canonical N-Quads (SHA-256 or SHA-384), with a work limit.
* :func:`canonicalize_with_map` -- the same plus the issued identifiers map (input label -> ``c14nN``).
* :func:`to_nquads` -- the RDF of a JSON-LD document as N-Quads (not canonical), in safe mode by default.

JSON-LD is processed as Data Integrity requires (VC Data Integrity 1.0 §2.5 "Securing Data Losslessly"): the
base IRI is null, ``rdfDirection`` is ``i18n-datatype``, and safe mode turns every term, type or value a JSON-LD
processor would drop, and every relative IRI, into a :class:`~microcred.errors.SafeModeError` naming the JSON
path(s). ``safe=False`` exists for diagnostics only: what it returns is not safe to sign.

Errors: :class:`~microcred.errors.SafeModeError`, :class:`~microcred.errors.JsonLdError` (``details["jsonld_code"]``
is the JSON-LD error code), :class:`~microcred.errors.UnknownDocumentError` (a context the loader does not serve),
:class:`~microcred.errors.WorkLimitExceededError` (``max_work`` exceeded), :class:`~microcred.errors.InputError`
(unparseable JSON / N-Quads), :class:`~microcred.errors.UsageError` (bad arguments).
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

from ..errors import UsageError
from ..jsonio import loads_strict
from . import nquads
from .loader import LoaderInput, resolve_loader
from .processor import check_jsonld_lossless, jsonld_to_dataset, jsonld_to_quads
from .rdfc import HASH_ALGORITHMS, canonical_utf8, canonicalize_quads

InputFormat = Literal["jsonld", "nquads"]
HashAlgorithm = Literal["sha256", "sha384"]
LoaderArg = LoaderInput


class CanonicalForm(NamedTuple):
    """The result of :func:`canonicalize_with_map`."""

    #: The serialized canonical form (canonical N-Quads, one line per quad, sorted).
    nquads: str
    #: Issued identifiers map: blank node label of the input (without ``_:``) -> canonical label (``c14nN``).
    #: For JSON-LD input the input labels are the ``bN`` labels :func:`to_nquads` would assign.
    issued: dict[str, str]


def canonicalize(
    data: Any,
    *,
    input_format: InputFormat = "jsonld",
    hash_algorithm: HashAlgorithm = "sha256",
    loader: LoaderArg = None,
    max_work: int | None = None,
    safe: bool = True,
) -> str:
    """Return the RDFC-1.0 canonical N-Quads of ``data``.

    ``data`` is a JSON-LD document (a parsed ``dict``/``list``, or JSON text) or, with ``input_format="nquads"``,
    N-Quads text. ``hash_algorithm`` is RDFC-1.0's hash (``"sha384"`` for ecdsa-rdfc-2019 with P-384).
    ``max_work`` bounds the Hash N-Degree Quads work (default: linear in the number of blank nodes, see
    :mod:`microcred.jsonld.rdfc`).
    """
    return canonicalize_with_map(
        data,
        input_format=input_format,
        hash_algorithm=hash_algorithm,
        loader=loader,
        max_work=max_work,
        safe=safe,
    ).nquads


def canonicalize_with_map(
    data: Any,
    *,
    input_format: InputFormat = "jsonld",
    hash_algorithm: HashAlgorithm = "sha256",
    loader: LoaderArg = None,
    max_work: int | None = None,
    safe: bool = True,
) -> CanonicalForm:
    """Like :func:`canonicalize`, also returning the issued identifiers map (RDFC-1.0 §4.4.3 step 7)."""
    if hash_algorithm not in HASH_ALGORITHMS:
        raise UsageError(f"hash_algorithm must be one of {sorted(HASH_ALGORITHMS)}, not {hash_algorithm!r}")
    ground = None
    if input_format == "nquads":
        text = data.decode("utf-8") if isinstance(data, bytes | bytearray) else data
        if not isinstance(text, str):
            raise UsageError("N-Quads input must be str or bytes")
        quads = nquads.parse(text)
    elif input_format == "jsonld":
        quads, ground = jsonld_to_dataset(_document(data), resolve_loader(loader), safe=safe)
    else:
        raise UsageError(f"input_format must be 'jsonld' or 'nquads', not {input_format!r}")
    text, issued = canonicalize_quads(quads, hash_algorithm=hash_algorithm, max_work=max_work, ground=ground)
    return CanonicalForm(text, issued)


def canonicalize_to_hash(
    data: Any, *, hash_algorithm: HashAlgorithm, loader: LoaderArg = None
) -> str | bytes:
    """:func:`canonicalize` of a JSON-LD document (safe mode, default work limit), for a caller that hashes it:
    in a batch worker whose remembered node objects give lines of it
    (:meth:`~microcred.jsonld.subtree_memo.SubtreeMemo.ground_lines`) it comes UTF-8 encoded already (the bytes
    ``canonicalize(...).encode()`` gives, without writing the text first); else as text."""
    if hash_algorithm not in HASH_ALGORITHMS:
        raise UsageError(f"hash_algorithm must be one of {sorted(HASH_ALGORITHMS)}, not {hash_algorithm!r}")
    quads, ground = jsonld_to_dataset(_document(data), resolve_loader(loader))
    if ground is not None:
        encoded = canonical_utf8(quads, hash_algorithm=hash_algorithm, ground=ground)
        if encoded is not None:
            return encoded
    return canonicalize_quads(quads, hash_algorithm=hash_algorithm, ground=ground)[0]


def to_nquads(document: Any, *, loader: LoaderArg = None, safe: bool = True) -> str:
    """The RDF dataset of a JSON-LD document as N-Quads (sorted lines; blank nodes ``_:b0``, ``_:b1``, ...).

    Safe mode (the default) raises :class:`~microcred.errors.SafeModeError` instead of dropping anything.
    """
    return nquads.serialize(jsonld_to_quads(_document(document), resolve_loader(loader), safe=safe))


def check_lossless(document: Any, *, loader: LoaderArg = None) -> None:
    """Raise :class:`~microcred.errors.SafeModeError` if JSON-LD would drop or leave relative anything in
    ``document`` (VC Data Integrity §2.4 data-loss detection), without building the dataset (the RDF writer runs
    only for documents it could report more for than expansion: :mod:`~microcred.jsonld.writer_events`)."""
    check_jsonld_lossless(_document(document), resolve_loader(loader))


def _document(data: Any) -> Any:
    if isinstance(data, str | bytes | bytearray):
        return loads_strict(bytes(data) if isinstance(data, bytearray) else data, source="<JSON-LD input>")
    if not isinstance(data, dict | list):
        raise UsageError(f"a JSON-LD document must be a dict, a list or JSON text, not {type(data).__name__}")
    return data
