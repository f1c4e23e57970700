"""The holder's side: present credentials to a verifier (VC DM 2.0 §4.13 Verifiable Presentations).

One function, :func:`present`, for every format family:

* ``eddsa-rdfc-2022`` / ``ecdsa-rdfc-2019`` / ``eddsa-jcs-2022`` / ``ecdsa-jcs-2019``: a Data Integrity
  presentation (embedded credentials, a proof with ``proofPurpose: authentication``, ``challenge`` and
  ``domain``), see :mod:`.data_integrity`;
* ``vp+jwt``: VC-JOSE-COSE §3.1.2, ``vc+jwt`` credentials enveloped as ``EnvelopedVerifiableCredential``, see
  :mod:`.jose`;
* ``sd-jwt``: an SD-JWT VC with the chosen Disclosures and a Key Binding JWT (RFC 9901 §4.3), see :mod:`.sd_jwt`.
"""

from .present import PRESENT_FORMATS, PresentFormat, present

__all__ = ["PRESENT_FORMATS", "PresentFormat", "present"]
