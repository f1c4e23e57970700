"""Stacks of micro-credentials (issue 16): parts that cannot be read or do not verify, learners that differ,
duplicates, cycles, limits and stacking rules."""

from __future__ import annotations

from .base import InputError


class StackError(InputError):
    """A stack of micro-credentials cannot be built or is wrong; ``details`` name the part (index, id)."""

    code = "STACK_INVALID"


class StackPartUnreadableError(StackError):
    """A part is not a readable secured micro-credential."""

    code = "STACK_PART_UNREADABLE"


class StackPartInvalidError(StackError):
    """A part does not verify (signature, status, validity)."""

    code = "STACK_PART_INVALID"


class StackLearnerMismatchError(StackError):
    """The parts do not all belong to the same learner."""

    code = "STACK_LEARNER_MISMATCH"


class StackDuplicatePartError(StackError):
    """The same part (same bytes or same credential id) is given twice."""

    code = "STACK_PART_DUPLICATE"


class StackCircularError(StackError):
    """A stack contains itself (through another stack)."""

    code = "STACK_CIRCULAR"


class StackTooManyPartsError(StackError):
    """More parts than the configured limit."""

    code = "STACK_TOO_MANY_PARTS"


class StackRuleError(StackError):
    """A stacking rule (required parts, minimum ECTS, maximum age, allowed issuers) is not met."""

    code = "STACK_RULE_NOT_MET"
