"""``TrustedLists``: the EU List of Trusted Lists and the national trusted lists it points to, verified.

Loading (ETSI TS 119 612 §5.3, §6; the EU LOTL's pivot mechanism, OJ C 276, 16.8.2019):

1. every document is parsed; LOTLs and national lists are told apart by their ``TSLType``, never by file name;
2. the LOTL is the one with the highest sequence number. Its signer must be one of the ``lotl_signers`` (the
   certificates published in the Official Journal, given as configuration), or be authorised by a pivot: the
   older LOTLs (pivots) are verified from the oldest, each with the certificates the previous one (or the OJ)
   authorises, and each then authorises the certificates in its own EU pointer. A LOTL whose signature does not
   hold with those is refused (:class:`TrustedListError`);
3. each national list is verified with the certificates of its territory's LOTL pointer; one that fails is left
   out and named in :attr:`TrustedLists.problems`.

Lists come from files (:meth:`TrustedLists.from_directory`) or, when the caller opts in with a fetcher, from
the LOTL's and pointers' URLs (:meth:`TrustedLists.fetch`; the hardened fetcher caches them). The qualified-seal
decision is in :mod:`.tl_qualify`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from cryptography import x509

from ..errors import MicrocredError
from ..fetcher import Fetcher
from ..verification.results import Check
from .tl_qualify import issuer_services, qualify_seal, tsa_certificates
from .tsl_signature import verify_list_signature
from .tsl_xml import LOTL_TYPE, TrustedListData, TrustedListError, parse_xml, read_list

EU_LOTL_URL = "https://ec.europa.eu/tools/lotl/eu-lotl.xml"
#: At most this many files are read from a directory.
MAX_FILES = 128


def _authorised_by(lotl: TrustedListData) -> list[x509.Certificate]:
    """The certificates a LOTL authorises to sign the next LOTL (its own EU / LOTL-type pointer)."""
    return [c for p in lotl.pointers if p.tsl_type == LOTL_TYPE for c in p.certificates]


class TrustedLists:
    """A verified LOTL and the national lists it vouches for (see the module docstring)."""

    def __init__(
        self, documents: Iterable[tuple[str, bytes]], *, lotl_signers: Sequence[x509.Certificate]
    ) -> None:
        """Verify ``documents`` (``(source name, XML bytes)``) from ``lotl_signers``; TrustedListError if refused."""
        self.problems: list[str] = []
        lotls: list[tuple[TrustedListData, object, str]] = []
        nationals: list[tuple[TrustedListData, object, str]] = []
        for source, data in documents:
            try:
                root = parse_xml(data, source)
                parsed = read_list(root, source)
            except TrustedListError as exc:
                self.problems.append(str(exc))
                continue
            (lotls if parsed.is_lotl else nationals).append((parsed, root, source))
        if not lotls:
            raise TrustedListError(
                "no readable list of trusted lists (LOTL) among the lists given: " + "; ".join(self.problems)
            )
        lotls.sort(key=lambda item: item[0].sequence)
        self.lotl, self.lotl_signer = self._verify_lotl(lotls, list(lotl_signers))
        self.lists: dict[str, TrustedListData] = {}
        for parsed, root, source in nationals:
            pointer_certs = [
                c
                for p in self.lotl.pointers
                if p.territory == parsed.territory and p.tsl_type != LOTL_TYPE
                for c in p.certificates
            ]
            try:
                signed, _ = verify_list_signature(root, pointer_certs, signed_at=parsed.issued, source=source)
            except TrustedListError as exc:
                self.problems.append(str(exc))
                continue
            verified = read_list(signed, source)
            known = self.lists.get(verified.territory)
            if known is None or known.sequence < verified.sequence:
                self.lists[verified.territory] = verified

    def _verify_lotl(
        self, lotls: list[tuple[TrustedListData, object, str]], signers: list[x509.Certificate]
    ) -> tuple[TrustedListData, x509.Certificate]:
        *pivots, (current, root, source) = lotls
        trusted = list(signers)
        for parsed, pivot_root, pivot_source in pivots:  # oldest first
            try:
                signed, _ = verify_list_signature(
                    pivot_root, trusted, signed_at=parsed.issued, source=pivot_source
                )
            except TrustedListError as exc:
                self.problems.append(f"pivot {parsed.sequence}: {exc}")
                continue
            trusted = _authorised_by(read_list(signed, pivot_source)) or trusted
        candidates = trusted + [c for c in signers if c not in trusted]
        signed, signer = verify_list_signature(root, candidates, signed_at=current.issued, source=source)
        return read_list(signed, source), signer

    # -- loading ------------------------------------------------------------------------------------------
    @classmethod
    def from_directory(
        cls, directory: str | Path, *, lotl_signers: Sequence[x509.Certificate]
    ) -> TrustedLists:
        """Load every ``*.xml`` file under ``directory`` (what each is comes from its content)."""
        folder = Path(directory)
        if not folder.is_dir():
            raise TrustedListError(f"{folder}: not a directory of trusted lists", path=str(folder))
        files = sorted(p for p in folder.rglob("*.xml") if p.is_file())[:MAX_FILES]
        return cls(((str(p), p.read_bytes()) for p in files), lotl_signers=lotl_signers)

    @classmethod
    def fetch(
        cls,
        fetcher: Fetcher,
        *,
        lotl_signers: Sequence[x509.Certificate],
        lotl_url: str = EU_LOTL_URL,
        territories: Iterable[str] | None = None,
    ) -> TrustedLists:
        """Fetch the LOTL, its pivots and the national lists (only ``territories`` when given) with ``fetcher``.

        National lists reach a few MB: give the hardened fetcher a ``max_bytes`` of
        :data:`~.tsl_xml.MAX_LIST_BYTES`; it caches what it fetched for its ``cache_ttl``.
        """
        docs: list[tuple[str, bytes]] = [(lotl_url, _get(fetcher, lotl_url))]
        lotl = read_list(parse_xml(docs[0][1], lotl_url), lotl_url)
        problems: list[str] = []
        for uri in lotl.scheme_uris:  # pivots are among them; what each document is comes from its content
            if uri.lower().endswith(".xml") and uri != lotl_url:
                try:
                    docs.append((uri, _get(fetcher, uri)))
                except MicrocredError as exc:
                    problems.append(str(exc))
        wanted = set(territories) if territories is not None else None
        for pointer in lotl.pointers:
            if pointer.tsl_type == LOTL_TYPE or (wanted is not None and pointer.territory not in wanted):
                continue
            if "xml" in pointer.location.lower():  # the XML form, not the human-readable PDF
                try:
                    docs.append((pointer.location, _get(fetcher, pointer.location)))
                except MicrocredError as exc:
                    problems.append(f"{pointer.territory}: {exc}")
        lists = cls(docs, lotl_signers=lotl_signers)
        lists.problems.extend(problems)
        return lists

    # -- what the trust check asks ------------------------------------------------------------------------
    def issuer_anchors(self, leaf: x509.Certificate) -> list[x509.Certificate]:
        """Certificates of listed services whose subject is ``leaf``'s issuer."""
        return [c for _, _, c in issuer_services(self.lists.values(), leaf)]

    def tsa_anchors(self) -> list[x509.Certificate]:
        """Certificates of the listed (qualified) time-stamping services."""
        return tsa_certificates(self.lists.values())

    def qualify(self, leaf: x509.Certificate, anchor: x509.Certificate, at: datetime, now: datetime) -> Check:
        """The ``trust`` check for a seal whose path ends at the listed service certificate ``anchor``."""
        return qualify_seal(self.lists.values(), leaf, anchor, at=at, now=now)

    def territories(self) -> list[str]:
        """The territories whose lists were verified."""
        return sorted(self.lists)


def _get(fetcher: Fetcher, url: str) -> bytes:
    return fetcher.fetch(url, accept="application/xml").content
