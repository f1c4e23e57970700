"""Is a value a :class:`~microcred.model.MicroCredential`? Answered without importing the model.

``issue()`` takes a MicroCredential or a JSON-LD dict. Importing the model to tell them apart would load pydantic
and every model class (~11,000 objects the cyclic garbage collector then walks on each full pass, and ~0.1 s of
start-up) into a process that only signs dicts or verifies. No value can be a MicroCredential unless the module
that defines the class has been imported, so that module being absent from ``sys.modules`` answers "no".
"""

from __future__ import annotations

import sys
from typing import Any

#: The module that defines :class:`~microcred.model.MicroCredential`.
MODEL_MODULE = "microcred.model.credential"


def is_micro_credential(value: Any) -> bool:
    """``isinstance(value, MicroCredential)``, without importing the model when it is not loaded."""
    module = sys.modules.get(MODEL_MODULE)
    return module is not None and isinstance(value, module.MicroCredential)
