"""The example micro-credentials, bundled so the demo works from an installed wheel.

The data lives in ``vocab/examples/*.json`` (shipped as ``microcred/_data/vocab/examples``); the repository's
``examples/`` folder holds identical copies for people browsing the source.
"""

from __future__ import annotations

from .._resources import data_dir
from .credential import MicroCredential


def _load(name: str) -> MicroCredential:
    path = data_dir("vocab") / "examples" / f"{name}.json"
    return MicroCredential.from_json(path.read_bytes(), source=str(path))


def example_microcredential() -> MicroCredential:
    """A complete micro-credential: every element of the model is filled in."""
    return _load("microcredential")


def minimal_microcredential() -> MicroCredential:
    """A micro-credential with only the mandatory elements."""
    return _load("minimal")
