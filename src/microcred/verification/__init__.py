"""Verification: the pipeline, its policy, the data-model checks and the result types.

Named ``verification`` (not ``verify``) so that the package never shadows the public :func:`microcred.verify`.
The modules are imported on their own: :mod:`.results`, :mod:`.policy`, :mod:`.checks` and
:mod:`.signed_members` are the vocabulary every securing format uses; :mod:`.verifier` is the pipeline on top
of the formats (see docs/architecture.md for which layer may import which module).
"""
