"""Re-seal a third-party credential: verify it, then issue its credential again, in another format, as the new
issuer.

A registrar migrating from the Europass issuer, or a service converting EDCs, reads a sealed EDC (JAdES, or any
format microcred verifies), checks it, and secures the same credential with its own key:

1. the sealed credential is verified (:func:`microcred.verify`); every check must pass, except that the trust
   check may be "could not check" when ``require_trust=False`` (no trust list at hand); a failed check stops;
2. the credential is read with :func:`microcred.elm.from_elm` and written back with
   :func:`microcred.elm.to_elm`: the same JSON, so the same RDF graph, nothing lost;
3. the new issuer takes over: the credential's ``issuer`` gets the key's controller as its id (its other
   statements, the organisation's names and identifiers, are kept: re-sealing does not rewrite who awarded the
   credential); the old seal or proof is not carried over;
4. it is issued with :func:`microcred.issue` in ``format``, in the credential's own VC data model unless the
   format requires the other one.

Re-issuing is an explicit act of the new issuer (``microcred issue SEALED --reissue``): its signature now vouches
for the credential.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .clock import Clock
from .errors import VerificationError
from .jsonld.loader import DocumentLoader
from .verification.results import VerificationResult

if TYPE_CHECKING:
    from .keys import Key


@dataclass(frozen=True)
class Reissued:
    """The outcome of :func:`reissue`."""

    #: The credential secured with the new key (a dict, or a compact JWS string for the JWT formats).
    secured: dict[str, Any] | str
    #: The verification of the original that allowed re-issuing.
    original: VerificationResult
    #: The unsecured credential that was issued (the original's, with the new issuer id).
    credential: dict[str, Any]


def reissue(
    sealed: Any,
    key: Key,
    *,
    format: str = "eddsa-rdfc-2022",
    now: Clock | datetime | str | None = None,
    loader: DocumentLoader | None = None,
    trust_anchors: Any = (),
    require_trust: bool = True,
    data_model: Any = None,
    status: Any = None,
) -> Reissued:
    """Verify ``sealed`` and issue its credential again with ``key`` in ``format`` (see the module docstring).

    Raises :class:`~microcred.errors.VerificationError` (with the checks in ``details``) when the original does
    not verify."""
    from .elm import from_elm, to_elm
    from .elm.source import source_data_model
    from .issuer import REQUIRED_DATA_MODEL, issue
    from .verification.verifier import verify

    result = verify(sealed, loader=loader, now=now, trust_anchors=trust_anchors)
    tolerated = {"trust"} if not require_trust else set()
    blocking = [
        c for c in result.checks if not c.passed and not (c.name in tolerated and c.status == "error")
    ]
    if blocking:
        raise VerificationError(
            "the credential to re-issue does not verify: "
            + "; ".join(f"{c.name}: {c.code} {c.message}" for c in blocking),
            details={"checks": [c.to_dict() for c in result.checks]},
        )
    mc = from_elm(result.credential if result.credential is not None else sealed)
    assert mc.elm is not None
    model = data_model or REQUIRED_DATA_MODEL.get(format) or source_data_model(mc.elm)
    credential = to_elm(mc, data_model=model, issuer_id=key.controller or None)
    secured = issue(credential, key, format=format, loader=loader, now=now, status=status, data_model=model)
    return Reissued(secured=secured, original=result, credential=credential)
