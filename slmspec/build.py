"""``build``: compile, then write every output into a fresh folder and swap it in whole.

An interrupted build leaves the previous output folder as it was; the same
sources, ``--today`` and ``SOURCE_DATE_EPOCH`` give byte-identical files.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from .compiler import Compilation, compile_project
from .diagnostics import has_errors


@dataclass(frozen=True)
class BuildContext:
    """What every emitter gets: the compiled project, where to write, and the build stamp."""

    compilation: Compilation
    out: Path
    stamp: datetime

    def write_text(self, rel: str, text: str) -> Path:
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return path

    def write_bytes(self, rel: str, data: bytes) -> Path:
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def write_json(self, rel: str, data: object) -> Path:
        return self.write_text(rel, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


Emitter = Callable[[BuildContext], None]

MARKER = ".slmspec-build"
"""A file in every output folder: only a folder holding it may be replaced by a build."""


class OutputRefused(OSError):
    """The output folder is not one a build may replace (the project, a file, someone's data)."""


def check_output_folder(out: Path, compilation: Compilation) -> None:
    """Refuse to swap away anything but an earlier build's output (or an empty folder)."""
    root = compilation.project.root.resolve()
    target = out.resolve()
    if target == root or target in root.parents:
        raise OutputRefused("it holds the project itself; choose a folder such as dist")
    sources = compilation.settings.sources if compilation.settings else ()
    for folder in sources:
        source = (root / folder).resolve()
        if target == source or source in target.parents or target in source.parents:
            raise OutputRefused(f"it overlaps the source folder {folder}")
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise OutputRefused("it exists and is not a folder")
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise OutputRefused(
            "it is not empty and was not written by slmspec build; "
            "choose a new or empty folder")


def build_stamp(compilation: Compilation) -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else midnight UTC of --today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.combine(compilation.today, time(0, 0), UTC)


def emitters() -> tuple[Emitter, ...]:
    from .emit import EMITTERS

    return EMITTERS


def write_outputs(compilation: Compilation, out: Path) -> None:
    """Run every emitter into a temporary sibling folder of ``out``, then swap it in.

    Builds into the same folder take turns (a lock file beside it), so a
    staging folder found there belongs to a build that was killed and is removed.
    """
    out = out.absolute()
    check_output_folder(out, compilation)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / f".{out.name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for stale in out.parent.glob(f".{out.name}.*.tmp"):
            shutil.rmtree(stale, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
        try:
            staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; outputs are published
            context = BuildContext(compilation, staging, build_stamp(compilation))
            context.write_text(MARKER, "Written by slmspec build; the folder is replaced whole "
                                       "by the next build.\n")
            for emit in emitters():
                emit(context)
            _fsync_tree(staging)
            _swap_in(staging, out)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_tree(root: Path) -> None:
    for folder, _, files in os.walk(root):
        for name in files:
            fd = os.open(os.path.join(folder, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


_RENAME_EXCHANGE = 2


def _swap_in(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging``: atomically where the kernel can exchange two paths."""
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging)  # now holds the previous output
        return
    previous = out.with_name(f".{out.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    os.rename(out, previous)
    os.rename(staging, out)
    shutil.rmtree(previous, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(RENAME_EXCHANGE) on Linux; False where unavailable."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


@dataclass
class BuildResult:
    """The outcome of one build: the compilation and whether the output was written."""

    compilation: Compilation | None
    written: bool
    error: str | None = None


def build_once(root: Path, out: Path, today: date | None, *,
               strict: bool = False) -> BuildResult:
    """Compile and, when there are no errors, write the outputs; never raises for bad input.

    With ``strict`` warnings stop it too.  ``build`` and ``serve --watch`` both run this.
    """
    try:
        compilation = compile_project(root, today)
    except OSError as err:
        return BuildResult(None, False, f"cannot read the project: {err.strerror or err}")
    if has_errors(compilation.diagnostics, strict=strict):
        return BuildResult(compilation, False)
    try:
        write_outputs(compilation, out)
    except OutputRefused as err:
        return BuildResult(compilation, False, f"cannot write {out}: {err}")
    except OSError as err:
        return BuildResult(compilation, False, f"cannot write {out}: {err.strerror or err}")
    return BuildResult(compilation, True)
