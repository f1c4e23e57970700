"""The corpus as data: cases (a file + a manifest entry) and the status list documents they refer to."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .corpus_kit import NOW

#: Attack kinds (the manifest's ``kind``), in the order the report counts them.
KINDS: tuple[str, ...] = (
    "control",
    "tampered-claims",
    "tampered-proof",
    "swapped-key",
    "wrong-purpose",
    "proof-options",
    "context",
    "undefined-term",
    "full-iri",
    "relative-iri",
    "poison-graph",
    "oversized",
    "deep-nesting",
    "duplicate-keys",
    "jose-header",
    "jose-claims",
    "x509",
    "validity",
    "revoked",
    "status-list",
    "structure",
    # issue 11 (hardening): one kind per class, each with positive controls named control-<...>
    "calendar-edge",
    "number-range",
    "jose-strict",
    "context-bomb",
    "non-compact",
    "proof-set",
    "bare-did-key",
    "wrapped-context",
)


def expect(check: str, status: str, code: str) -> dict[str, Any]:
    """The runner asserts ``verified`` is False and that a check ``check`` has this status and code."""
    return {"verified": False, "check": check, "status": status, "code": code}


#: A positive control: the runner asserts ``verified`` is True.
VERIFIED: dict[str, Any] = {"verified": True}


@dataclass
class Case:
    fmt: str
    name: str
    kind: str
    note: str
    content: dict[str, Any] | str | None
    expect: dict[str, Any]
    options: dict[str, Any] = field(default_factory=dict)
    generate: dict[str, Any] | None = None

    @property
    def key(self) -> str:
        return f"{self.fmt}/{self.name}"

    @property
    def file(self) -> str | None:
        if self.content is None:
            return None
        is_json = isinstance(self.content, dict) or self.content.lstrip().startswith(("{", "["))
        return f"cases/{self.fmt}/{self.name}.{'json' if is_json else 'jwt'}"


def _serialize(content: dict[str, Any] | str) -> bytes:
    if isinstance(content, dict):
        return (json.dumps(content, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return (content if content.endswith("\n") else content + "\n").encode("utf-8")


class Corpus:
    """Collects cases and status lists; :meth:`files` renders them (and ``manifest.json``) as bytes."""

    def __init__(self) -> None:
        self.cases: dict[str, Case] = {}
        self.lists: dict[str, dict[str, Any] | str] = {}

    def add(
        self,
        fmt: str,
        name: str,
        kind: str,
        note: str,
        content: dict[str, Any] | str | None,
        expected: dict[str, Any],
        *,
        options: dict[str, Any] | None = None,
        generate: dict[str, Any] | None = None,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        case = Case(fmt, name, kind, note, content, expected, dict(options or {}), generate)
        if case.key in self.cases:
            raise ValueError(f"duplicate case {case.key}")
        if content is None and generate is None:
            raise ValueError(f"{case.key}: a case needs a file or a generator")
        self.cases[case.key] = case

    def status_list(self, fmt: str, name: str, content: dict[str, Any] | str) -> str:
        """Store a status list credential; returns its path (relative to tests/adversarial) for ``options``."""
        is_json = isinstance(content, dict) or content.lstrip("\ufeff \n").startswith(("{", "["))
        path = f"lists/{fmt}/{name}.{'json' if is_json else 'jwt'}"
        previous = self.lists.get(path)
        if previous is not None and previous != content:
            raise ValueError(f"two different status lists named {path}")
        self.lists[path] = content
        return path

    def manifest(self) -> dict[str, Any]:
        cases: dict[str, Any] = {}
        for key in sorted(self.cases):
            case = self.cases[key]
            entry: dict[str, Any] = {"kind": case.kind, "note": case.note}
            if case.file is not None:
                entry["file"] = case.file
            if case.generate is not None:
                entry["generate"] = case.generate
            entry["expect"] = case.expect
            entry["options"] = {"now": NOW, **case.options}
            cases[key] = entry
        return {
            "about": (
                "Adversarial verification corpus: one entry per case, keyed '<format>/<name>'. 'file' is the input "
                "(relative to tests/adversarial); 'generate' builds an input at test time (oversized inputs are not "
                "committed); 'expect' is the outcome (verified false and the named check with its status and code, "
                "or verified true for the positive controls); 'options' are verify() arguments: now, policy "
                "(VerificationPolicy fields), resolver.static (verification methods added before did:key/did:jwk), "
                "trust_anchors (files in tests/data/keys), status_lists (files in tests/adversarial/lists), "
                "status_fetch (URL -> file in tests/adversarial/lists, served as fetched bytes). "
                "Regenerate with: python -m tests.adversarial.make_corpus"
            ),
            "cases": cases,
        }

    def files(self) -> dict[str, bytes]:
        """Every generated file (relative to tests/adversarial) -> its bytes."""
        out: dict[str, bytes] = {}
        for case in self.cases.values():
            if case.file is not None and case.content is not None:
                out[case.file] = _serialize(case.content)
        for path, content in self.lists.items():
            out[path] = _serialize(content)
        out["manifest.json"] = _serialize(self.manifest())
        return out
