"""Check names and check codes: every value a :class:`~microcred.verification.results.Check` can carry.

:class:`CheckName` is the concern a check is about (one per concern, plus the presentation concerns);
:class:`CheckCode` the stable code saying what was found. Both are ``StrEnum``: a member *is* its string, so JSON
output and comparisons with plain strings are unchanged. docs/verification.md documents every member
(tests/test_verification_doc.py reads these enums, not the source).

A check may also carry the ``code`` of the :class:`~microcred.errors.MicrocredError` that stopped it (e.g.
``JSON_PARSE_ERROR`` on ``format``): those codes belong to :mod:`microcred.errors`. A code in both places
must mean the same thing: :data:`FROM_ERRORS` names, for each shared code, the error class it reports, and
tests/verification/test_codes.py fails on any other overlap.

:class:`CheckName` lives in ``check_name.py``, :class:`CheckCode` in ``check_code.py``; import both from here.
Every layer may import this package (it imports only :mod:`microcred.errors`).
"""

from __future__ import annotations

from ...errors import (
    ContextLimitError,
    InputTooLargeError,
    JwsError,
    MicrocredError,
    SdJwtError,
    StackCircularError,
    StackDuplicatePartError,
    StackLearnerMismatchError,
    StackPartInvalidError,
    StackPartUnreadableError,
    StackRuleError,
    StackTooManyPartsError,
    StatusListTooLargeError,
    WorkLimitExceededError,
)
from .check_code import CheckCode
from .check_name import CheckName

#: Check codes that are also a MicrocredError code: the check reports exactly that error.
FROM_ERRORS: dict[CheckCode, type[MicrocredError]] = {
    CheckCode.INPUT_TOO_LARGE: InputTooLargeError,
    CheckCode.CANONICALIZATION_WORK_LIMIT: WorkLimitExceededError,
    CheckCode.STATUS_LIST_TOO_LARGE: StatusListTooLargeError,
    CheckCode.JWS_INVALID: JwsError,
    CheckCode.SD_JWT_INVALID: SdJwtError,
    CheckCode.JSONLD_CONTEXT_LIMIT: ContextLimitError,
    CheckCode.STACK_PART_INVALID: StackPartInvalidError,
    CheckCode.STACK_PART_UNREADABLE: StackPartUnreadableError,
    CheckCode.STACK_PART_DUPLICATE: StackDuplicatePartError,
    CheckCode.STACK_CIRCULAR: StackCircularError,
    CheckCode.STACK_TOO_MANY_PARTS: StackTooManyPartsError,
    CheckCode.STACK_LEARNER_MISMATCH: StackLearnerMismatchError,
    CheckCode.STACK_RULE_NOT_MET: StackRuleError,
}


__all__ = ["FROM_ERRORS", "CheckCode", "CheckName"]
