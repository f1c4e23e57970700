"""Generate the adversarial corpus (cases, status lists, manifest.json) deterministically.

    cd /work/main && python -m tests.adversarial.make_corpus          # (re)write tests/adversarial/{cases,lists}
    python -m tests.adversarial.make_corpus --check                   # exit 1 if the committed files differ

Inputs: the fixed test keys in ``tests/data/keys``, attacker keys derived from fixed seeds, the signing instant
``corpus_kit.SIGNED_AT``. Ed25519 and RSASSA-PKCS1-v1_5 signatures are deterministic; ECDSA is deterministic where
``cryptography`` signs with RFC 6979 (OpenSSL 3.2+, cryptography 43+). ``tests/adversarial/test_regenerate.py``
checks that regenerating gives the committed bytes.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from .corpus import Corpus
from .corpus_data_integrity import data_integrity_cases
from .corpus_hardening import hardening_cases
from .corpus_jades import jades_cases
from .corpus_kit import HERE, Keys
from .corpus_vc_jose_cose import vc_jose_cose_cases
from .corpus_vc_jwt import vc_jwt_cases

#: Folders the generator owns (removed and rewritten).
GENERATED_DIRS = ("cases", "lists")


def build_corpus() -> Corpus:
    corpus = Corpus()
    keys = Keys()
    data_integrity_cases(corpus, keys)
    vc_jose_cose_cases(corpus, keys)
    vc_jwt_cases(corpus, keys)
    jades_cases(corpus, keys)
    hardening_cases(corpus, keys)
    return corpus


def committed_files(root: Path = HERE) -> dict[str, bytes]:
    out = (
        {"manifest.json": (root / "manifest.json").read_bytes()} if (root / "manifest.json").exists() else {}
    )
    for folder in GENERATED_DIRS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                out[path.relative_to(root).as_posix()] = path.read_bytes()
    return out


def write(files: dict[str, bytes], root: Path = HERE) -> None:
    for folder in GENERATED_DIRS:
        shutil.rmtree(root / folder, ignore_errors=True)
    for relative, data in sorted(files.items()):
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="compare with the committed files, write nothing"
    )
    args = parser.parse_args(argv)
    files = build_corpus().files()
    if args.check:
        committed = committed_files()
        differ = sorted(p for p in files.keys() | committed.keys() if files.get(p) != committed.get(p))
        for path in differ:
            print(f"differs: {path}")
        return 1 if differ else 0
    write(files)
    print(f"wrote {len(files)} files to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
