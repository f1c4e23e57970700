"""Score a verifier on a conformance kit: run it on every sample and compare with the manifest's verdict.

A verifier is microcred itself (in-process, offline, with the kit's status lists and trust anchors, at the kit's
time) or any command: ``--verifier 'COMMAND {file}'`` where ``{file}`` is the sample's path, ``{now}`` the kit's
time (ISO 8601) and ``{kit}`` the kit folder; exit status 0 means "verified", anything else "not verified".
"""

from __future__ import annotations

import shlex
import subprocess
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, UsageError
from ..jsonio import load_file
from .sample import VERIFIED

#: Seconds one verifier command may take on one sample.
COMMAND_TIMEOUT = 120
MAX_SAMPLES = 10_000


@dataclass(frozen=True)
class Outcome:
    """One sample's expectation and what the verifier said."""

    entry: dict[str, Any]
    verified: bool
    note: str = ""

    @property
    def holds(self) -> bool:
        """True when the verifier reached the expected verdict."""
        return self.verified is (self.entry["expect"] == VERIFIED)


def load_manifest(kit: Path) -> dict[str, Any]:
    """The kit's manifest, checked for what the runner needs."""
    manifest = load_file(kit / "manifest.json")
    samples = manifest.get("samples") if isinstance(manifest, dict) else None
    if not isinstance(samples, list) or not samples or len(samples) > MAX_SAMPLES:
        raise InputError(f"{kit / 'manifest.json'}: not a conformance kit manifest (no samples list)")
    for i, entry in enumerate(samples):
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("file"), str)
            or entry.get("expect") not in ("verified", "rejected")
        ):
            raise InputError(f"{kit / 'manifest.json'}: sample {i} lacks file or expect (verified/rejected)")
        if ".." in Path(entry["file"]).parts or Path(entry["file"]).is_absolute():
            raise InputError(f"{kit / 'manifest.json'}: sample {i} points outside the kit: {entry['file']}")
    return dict(manifest)


def microcred_verifier(kit: Path, manifest: dict[str, Any]) -> Callable[[Path], tuple[bool, str]]:
    """microcred, in-process, configured from the kit (time, status lists, trust anchors)."""
    from ..verification.verifier import Verifier

    verifier = Verifier(
        now=manifest["now"],
        status_lists=[load_file(kit / p) for p in manifest.get("statusLists", [])],
        trust_anchors=[str(kit / p) for p in manifest.get("trustAnchors", [])],
    )

    def run(path: Path) -> tuple[bool, str]:
        result = verifier.verify(path.read_bytes(), source=str(path))
        return result.verified, ",".join(c.code for c in result.errors)

    return run


def command_verifier(
    template: str, kit: Path, manifest: dict[str, Any]
) -> Callable[[Path], tuple[bool, str]]:
    """A verifier command: ``template`` split like a shell line, ``{file}``/``{now}``/``{kit}`` filled in."""
    words = shlex.split(template)
    if not words or not any("{file}" in w for w in words):
        raise UsageError("--verifier must name the sample as {file}, e.g. 'my-verifier {file}'")

    def run(path: Path) -> tuple[bool, str]:
        argv = [
            w.replace("{file}", str(path)).replace("{now}", manifest["now"]).replace("{kit}", str(kit))
            for w in words
        ]
        try:
            done = subprocess.run(argv, capture_output=True, timeout=COMMAND_TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return False, f"could not run: {exc}"
        tail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
        return done.returncode == 0, f"exit {done.returncode}" + (f": {tail[-1][:120]}" if tail else "")

    return run


def run_kit(
    kit: str | Path,
    *,
    verifier: str | None = None,
    formats: Iterable[str] = (),
    kinds: Iterable[str] = (),
    exclude_kinds: Iterable[str] = (),
    shapes: Iterable[str] = (),
) -> list[Outcome]:
    """Run a verifier (microcred when ``verifier`` is None) on the kit's samples, filtered by format, kind and
    shape (``elm``, ``model``, ``ob3``, ``clr``; a manifest without shapes is ELM)."""
    root = Path(kit)
    manifest = load_manifest(root)
    check = command_verifier(verifier, root, manifest) if verifier else microcred_verifier(root, manifest)
    formats, kinds, excluded, shapes = set(formats), set(kinds), set(exclude_kinds), set(shapes)
    outcomes = []
    for entry in manifest["samples"]:
        if (formats and entry.get("format") not in formats) or (kinds and entry.get("kind") not in kinds):
            continue
        if entry.get("kind") in excluded or (shapes and entry.get("shape", "elm") not in shapes):
            continue
        verified, note = check(root / entry["file"])
        outcomes.append(Outcome(entry, verified, note))
    if not outcomes:
        raise UsageError("no sample of the kit matches the filters")
    return outcomes


def score_table(outcomes: list[Outcome]) -> str:
    """The scored table: one line per sample, then the totals per format and overall."""
    lines = [f"{'':4} {'expect':<9} {'got':<9} sample"]
    for o in outcomes:
        got = "verified" if o.verified else "rejected"
        mark = "ok" if o.holds else "FAIL"
        note = "" if o.holds else f"  ({o.entry.get('reason', '')}; {o.note})"
        lines.append(f"{mark:<4} {o.entry['expect']:<9} {got:<9} {o.entry['file']}{note}")
    per_format: Counter[str] = Counter()
    held: Counter[str] = Counter()
    for o in outcomes:
        per_format[o.entry.get("format", "?")] += 1
        held[o.entry.get("format", "?")] += o.holds
    lines.append("")
    for fmt in sorted(per_format):
        lines.append(f"  {fmt:<18} {held[fmt]:>4} / {per_format[fmt]:<4}")
    total = sum(o.holds for o in outcomes)
    lines.append(f"{total} of {len(outcomes)} expectations hold")
    return "\n".join(lines)
