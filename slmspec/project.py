"""Find a project, collect its source files and turn them into typed resources.

Nothing outside the project folder is read: a symbolic link that leads out of
it is reported, not followed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, Location, Severity, define
from .loader import Document, read_source
from .loading_codes import OUTSIDE_PROJECT, UNREADABLE
from .model import KINDS, Resource, validate_document

SETTINGS_FILE = "slmspec.yaml"
DEFAULT_SOURCES = ("contracts.d", "sla.d", "matrices")

DUPLICATE_NAME = define("SLM206", "duplicate-name", Severity.ERROR, """
    Two documents of the same kind have the same name.

    Why: the name is the id that references, event ids and calendar UIDs are
    built from; it must be unique per kind across all files.

    Fail:
        # contracts.d/a.yaml and contracts.d/b.yaml both have
        metadata: {name: sup-ricoh-print, ...}
    Pass:
        metadata: {name: sup-ricoh-print-2024, ...}
""")
SETTINGS_PLACEMENT = define("SLM511", "settings-placement", Severity.ERROR, """
    Settings are missing from slmspec.yaml, or a Settings document appears elsewhere.

    Why: a project has exactly one Settings document, in slmspec.yaml at its root.

    Fail:
        # contracts.d/extra.yaml
        kind: Settings
    Pass:
        # slmspec.yaml
        kind: Settings
""")
MISSING_SOURCE_FOLDER = define("SLM512", "missing-source-folder", Severity.WARNING, """
    A folder listed in ``spec.sources`` does not exist.

    Why: a misspelt folder means its files are never read, and their contracts
    vanish from feeds and reminders without an error.

    Fail:
        sources: [contracts.d, slas.d]     # the folder is called sla.d
    Pass:
        sources: [contracts.d, sla.d]
""")


class ProjectNotFound(Exception):
    """No slmspec.yaml in the folder or any folder above it."""


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds slmspec.yaml, like git."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    raise ProjectNotFound(f"no {SETTINGS_FILE} in {start} or any folder above it")


@dataclass
class Project:
    """All valid resources of a project, by kind and name."""

    root: Path
    settings: Resource[Any] | None = None
    contracts: dict[str, Resource[Any]] = field(default_factory=dict)
    slas: dict[str, Resource[Any]] = field(default_factory=dict)
    windows: dict[str, Resource[Any]] = field(default_factory=dict)
    matrices: dict[str, Resource[Any]] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    invalid: set[tuple[str, str]] = field(default_factory=set)

    def is_invalid(self, kind: str, name: str) -> bool:
        """A document of this kind and name exists but failed validation (already reported)."""
        return (kind, name) in self.invalid

    def by_kind(self, kind: str) -> dict[str, Resource[Any]]:
        return {
            "Contract": self.contracts, "SLA": self.slas,
            "ServiceWindow": self.windows, "PriorityMatrix": self.matrices,
        }[kind]


def load_project(root: Path) -> tuple[Project, list[Diagnostic]]:
    """Read slmspec.yaml and every source file; return the valid resources and all problems."""
    project = Project(root)
    diagnostics: list[Diagnostic] = []
    settings_file = read_source(root / SETTINGS_FILE, SETTINGS_FILE)
    diagnostics.extend(settings_file.diagnostics)
    project.files.append(SETTINGS_FILE)
    for doc in settings_file.documents:
        resource, problems = validate_document(doc)
        diagnostics.extend(problems)
        project.documents.append(doc)
        if resource is None:
            continue
        if resource.kind != "Settings" or project.settings is not None:
            diagnostics.append(SETTINGS_PLACEMENT.at(
                doc.locate("kind"), f"{SETTINGS_FILE} holds only the one Settings document"))
            continue
        project.settings = resource
    settings_errors = any(d.path == SETTINGS_FILE and d.severity is Severity.ERROR
                          for d in diagnostics)
    if project.settings is None and not settings_errors:
        diagnostics.append(SETTINGS_PLACEMENT.at(
            Location(SETTINGS_FILE), f"{SETTINGS_FILE} has no Settings document"))

    sources = _source_folders(project, settings_file.documents)
    settings_doc = settings_file.documents[0] if settings_file.documents else None

    def source_entry(i: int) -> Location:
        if settings_doc is None:
            return Location(SETTINGS_FILE)
        return settings_doc.locate("spec", "sources", i)

    paths, problems = collect_sources(root, sources, source_entry)
    diagnostics.extend(problems)
    base = os.fspath(root)
    for rel in paths:
        loaded = read_source(os.path.join(base, rel), rel)
        project.files.append(rel)
        diagnostics.extend(loaded.diagnostics)
        for doc in loaded.documents:
            project.documents.append(doc)
            resource, problems = validate_document(doc)
            diagnostics.extend(problems)
            if resource is not None:
                diagnostics.extend(_register(project, resource))
            else:
                _remember_invalid(project, doc)
    return project, diagnostics


def _source_folders(project: Project, settings_docs: list[Document]) -> list[str]:
    if project.settings is not None:
        return list(project.settings.spec.sources)
    for doc in settings_docs:  # settings invalid: still read the folders it names
        spec = doc.data.get("spec") if isinstance(doc.data, dict) else None
        sources = spec.get("sources") if isinstance(spec, dict) else None
        if isinstance(sources, list) and all(isinstance(s, str) for s in sources):
            return sources
    return list(DEFAULT_SOURCES)


def _remember_invalid(project: Project, doc: Document) -> None:
    """Note the kind and name of a document that failed, so references to it do not cascade."""
    data = doc.data
    if not isinstance(data, dict):
        return
    metadata = data.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    if isinstance(data.get("kind"), str) and isinstance(name, str):
        project.invalid.add((data["kind"], name))


def _register(project: Project, resource: Resource[Any]) -> list[Diagnostic]:
    if resource.kind == "Settings":
        return [SETTINGS_PLACEMENT.at(
            resource.at("kind"), f"Settings belong in {SETTINGS_FILE}, not in a source folder")]
    table = project.by_kind(resource.kind)
    first = table.get(resource.name)
    if first is not None:
        return [DUPLICATE_NAME.at(
            resource.at("metadata", "name"),
            f"{resource.kind} '{resource.name}' is already defined in "
            f"{first.path}:{first.at('metadata', 'name').line}",
        )]
    table[resource.name] = resource
    return []


def collect_sources(root: Path, folders: list[str],
                    entry: Callable[[int], Location] = lambda i: Location(SETTINGS_FILE),
                    ) -> tuple[list[str], list[Diagnostic]]:
    """Every *.yaml / *.yml below the source folders, sorted, links checked, dot-names skipped."""
    found: set[str] = set()
    problems: list[Diagnostic] = []
    real_root = root.resolve()
    for i, folder in enumerate(folders):
        base = root / folder
        if not _inside(real_root, base):
            problems.append(OUTSIDE_PROJECT.at(
                entry(i), f"source folder '{folder}' is outside the project"))
            continue
        if not base.is_dir():
            problems.append(MISSING_SOURCE_FOLDER.at(
                entry(i), f"source folder '{folder}' does not exist"))
            continue
        _walk(root, real_root, base, found, problems, set())
    return sorted(found), sorted(problems)


def _walk(root: Path, real_root: Path, folder: Path, found: set[str],
          problems: list[Diagnostic], seen: set[Path]) -> None:
    real = folder.resolve()
    if real in seen:
        return
    seen.add(real)
    folder_rel = folder.relative_to(root).as_posix()
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as err:
        problems.append(UNREADABLE.at(Location(folder_rel),
                                      f"cannot read folder: {err.strerror}"))
        return
    prefix = "" if folder_rel == "." else folder_rel + "/"
    for entry in entries:
        if entry.name.startswith("."):
            continue
        rel = prefix + entry.name  # what path.relative_to(root).as_posix() gives, cheaper
        if not entry.is_symlink() and not entry.is_dir():
            if entry.name.endswith((".yaml", ".yml")):
                found.add(rel)
            continue
        path = Path(entry.path)
        if entry.is_symlink():
            if not path.exists():
                problems.append(UNREADABLE.at(Location(rel), "broken symbolic link"))
                continue
            if not _inside(real_root, path):
                problems.append(OUTSIDE_PROJECT.at(
                    Location(rel), "symbolic link leads outside the project; not read"))
                continue
        if entry.is_dir():
            _walk(root, real_root, path, found, problems, seen)
        elif entry.name.endswith((".yaml", ".yml")):
            found.add(rel)


def _inside(real_root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(real_root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


__all__ = ["KINDS", "Project", "ProjectNotFound", "collect_sources", "find_root", "load_project"]
