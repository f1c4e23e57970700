"""The issue 11 hardening cases, one builder module per class of the issue:

- :mod:`.corpus_hardening_dates` -- calendar-edge date-times in every date field (item 2);
- :mod:`.corpus_hardening_numbers` -- numbers out of every range in credentials, JWT headers and payloads (item 2);
- :mod:`.corpus_hardening_jose` -- one JOSE strictness rule set for vc+jwt, vc-jwt, JAdES and jws-2020 (item 4);
- :mod:`.corpus_hardening_jsonld` -- context bombs (item 3), non-compact member names (item 6), proof sets and bare
  did:key verification methods (item 5);
- :mod:`.corpus_hardening_status` -- fetched status lists with calendar-edge dates and out-of-range numbers;
- :mod:`.corpus_hardening_wrapped` -- context entries that wrap their definitions in ``@context`` (item 5).

Every class has positive controls (cases named ``control-...``) next to its attacks.
"""

from __future__ import annotations

from .corpus import Corpus
from .corpus_hardening_dates import date_cases
from .corpus_hardening_jose import jose_cases
from .corpus_hardening_jsonld import jsonld_cases
from .corpus_hardening_numbers import number_cases
from .corpus_hardening_proofs import proof_cases
from .corpus_hardening_status import status_cases
from .corpus_hardening_wrapped import wrapped_context_cases
from .corpus_kit import Keys


def hardening_cases(c: Corpus, keys: Keys) -> None:
    date_cases(c, keys)
    number_cases(c, keys)
    jose_cases(c, keys)
    jsonld_cases(c, keys)
    proof_cases(c, keys)
    wrapped_context_cases(c, keys)
    status_cases(c, keys)
