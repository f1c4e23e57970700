"""Trust for JAdES seals: RFC 3161 time-stamps, X.509 paths with CRL/OCSP, and the EU trusted lists.

Modules, lowest first: :mod:`.cms_signature` (a CMS SignerInfo's signature), :mod:`.timestamp` (RFC 3161 tokens),
:mod:`.path` (RFC 5280 path validation with revocation, through pyhanko-certvalidator), :mod:`.revocation_fetch`
(opt-in CRL fetching), :mod:`.etsi_u` and :mod:`.validation_data` (the JAdES unsigned properties),
:mod:`.jades_levels` (B-T/LT/LTA time-stamp checks), :mod:`.seal_trust` (the ``trust`` check) and
:mod:`.jades_checks` (the entry point the JAdES suite calls).
"""
