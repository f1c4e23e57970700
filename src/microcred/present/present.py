"""``present()``: one entry point for the holder, dispatching on the presentation format."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Literal, get_args

from ..clock import Clock, resolve_clock
from ..errors import UsageError
from ..jsonld.loader import LoaderInput, resolve_loader
from ..keys import Key
from ..signers.protocol import Signer, as_key

PresentFormat = Literal[
    "eddsa-rdfc-2022", "ecdsa-rdfc-2019", "eddsa-jcs-2022", "ecdsa-jcs-2019", "vp+jwt", "sd-jwt"
]

#: The presentation formats, in the order the CLI lists them.
PRESENT_FORMATS: tuple[str, ...] = get_args(PresentFormat)


def present(
    credentials: Sequence[Any] | str | dict[str, Any],
    holder_key: Key | Signer,
    *,
    format: PresentFormat = "eddsa-rdfc-2022",
    challenge: str | None = None,
    domain: str | None = None,
    disclose: Iterable[str] | None = None,
    now: Clock | datetime | str | None = None,
    loader: LoaderInput = None,
    presentation_id: str | None = None,
) -> dict[str, Any] | str:
    """Present ``credentials`` (secured credentials as issued) signed with the holder's private key.

    ``challenge`` and ``domain`` are what the verifier asked for (a Data Integrity proof's ``challenge`` /
    ``domain``; a ``vp+jwt``'s ``nonce`` / ``aud``; an SD-JWT Key Binding JWT's ``nonce`` / ``aud``).
    ``disclose`` lists what to reveal: for ``sd-jwt`` the claim paths (dotted, e.g. ``"learner.fullName"``; the
    claims the issuer did not make selectively disclosable are always shown); for a Data Integrity presentation
    of ``ecdsa-sd-2023`` credentials, JSON Pointers (or dotted paths) given to the holder's derivation. Returns a dict (Data Integrity) or
    a string (``vp+jwt``, ``sd-jwt``).
    """
    if format not in PRESENT_FORMATS:
        raise UsageError(
            f"unknown presentation format {format!r}; choose one of: {', '.join(PRESENT_FORMATS)}"
        )
    key = as_key(holder_key)  # a Key, or any Signer (a token, a remote service)
    if not key.is_private:
        raise UsageError("presenting needs the holder's private key")
    items = [credentials] if isinstance(credentials, str | dict) else list(credentials)
    if not items:
        raise UsageError("present() needs at least one credential")
    clock = resolve_clock(now)
    if format == "sd-jwt":
        from .sd_jwt import present_sd_jwt

        if presentation_id is not None:
            raise UsageError("presentation_id does not apply to an SD-JWT presentation")
        return present_sd_jwt(
            items, key, challenge=challenge, domain=domain, disclose=disclose, now=clock.now()
        )
    if format == "vp+jwt":
        if disclose is not None:
            raise UsageError("disclose does not apply to vp+jwt (its credentials are enveloped tokens)")
        from .jose import present_vp_jwt

        return present_vp_jwt(
            items, key, challenge=challenge, domain=domain, clock=clock, presentation_id=presentation_id
        )
    from .data_integrity import present_data_integrity

    return present_data_integrity(
        items,
        key,
        suite_name=format,
        challenge=challenge,
        domain=domain,
        clock=clock,
        loader=resolve_loader(loader),
        presentation_id=presentation_id,
        disclose=disclose,
    )
