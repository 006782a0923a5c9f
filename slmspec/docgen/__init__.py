"""Generated documentation: docs/codes.md and the field tables of docs/language.md.

Run ``python -m slmspec.docgen`` after adding a rule or changing a model;
``python -m slmspec.docgen --check`` (and the test suite) fails while the
committed files are stale.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from ..diagnostics import CODES
from . import codes, fields

CODES_FILE = "docs/codes.md"
LANGUAGE_FILE = "docs/language.md"


def register_all_codes() -> None:
    """Import every module of the package, so each code it defines is in the registry."""
    import slmspec

    for module in pkgutil.walk_packages(slmspec.__path__, "slmspec."):
        if module.name.rsplit(".", 1)[-1] != "__main__":
            importlib.import_module(module.name)


def expected(root: Path) -> dict[str, str]:
    """Path (relative to ``root``) → the text that file should have."""
    register_all_codes()
    out = {CODES_FILE: codes.render(CODES)}
    language = root / LANGUAGE_FILE
    if language.exists():
        out[LANGUAGE_FILE] = fields.update(language.read_text(encoding="utf-8"))
    return out


def stale(root: Path) -> list[str]:
    """The generated documentation files that differ from what they should be."""
    found = []
    for rel, text in expected(root).items():
        path = root / rel
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            found.append(rel)
    return found


def write(root: Path) -> list[str]:
    """Regenerate the documentation under ``root``; return the files that changed."""
    changed = stale(root)
    texts = expected(root)
    for rel in changed:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(texts[rel], encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m slmspec.docgen",
        description="Regenerate docs/codes.md and the field tables in docs/language.md.")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when a generated file is stale")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2],
                        help="repository root (default: the one this package lives in)")
    args = parser.parse_args(argv)
    changed = stale(args.root) if args.check else write(args.root)
    verb = "is out of date; run 'python -m slmspec.docgen'" if args.check else "written"
    for rel in changed:
        print(f"{rel} {verb}")
    if not changed:
        print("Documentation is up to date.")
    return 1 if args.check and changed else 0


__all__ = ["expected", "main", "register_all_codes", "stale", "write"]
