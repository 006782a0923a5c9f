"""Load YAML files into plain trees that remember where every node came from.

Events from libyaml's C parser are assembled here, without PyYAML's
constructors, so nothing is ever executed, no scalar is implicitly typed
(``NO``, ``on``, ``22:30`` and ``010`` stay strings until a model parses
them) and every mapping and sequence keeps the line and column of its
entries.  Every way a file can be malformed becomes a diagnostic.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import yaml
from yaml.cyaml import CParser
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from .diagnostics import Diagnostic, Location
from .loading_codes import (
    ALIAS_EXPANSION,
    COMPLEX_KEY,
    CONTROL_CHARACTER,
    DUPLICATE_KEY,
    EMPTY_FILE,
    FILE_TOO_LARGE,
    INVALID_ENCODING,
    TOO_DEEP,
    UNREADABLE,
    UNSUPPORTED_TAG,
    YAML_SYNTAX,
)

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_ALIAS_EXPANSION = 10_000

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_CORE = "tag:yaml.org,2002:"
_CORE_TAGS = frozenset(_CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq"))

class YMap(dict):
    """A mapping that remembers its own position and that of every key and value."""

    __slots__ = ("column", "line", "marks")

    def __init__(self, line: int, column: int) -> None:
        super().__init__()
        self.line = line
        self.column = column
        self.marks: dict[str, tuple[int, int, int, int]] = {}


class YSeq(list):
    """A sequence that remembers its own position and that of every item."""

    __slots__ = ("column", "line", "marks")

    def __init__(self, line: int, column: int) -> None:
        super().__init__()
        self.line = line
        self.column = column
        self.marks: list[tuple[int, int]] = []


@dataclass(frozen=True)
class Document:
    """One YAML document of a source file."""

    path: str
    index: int
    data: object
    line: int
    column: int

    def locate(self, *keys: str | int, key: bool = False) -> Location:
        """The position of the node at ``keys`` (or of the deepest ancestor that exists).

        With ``key=True`` a mapping entry points at its key instead of its value.
        """
        line, column = self.line, self.column
        node: object = self.data
        json_path = "$"
        for step in keys:
            if isinstance(node, YMap) and isinstance(step, str) and step in node.marks:
                kl, kc, vl, vc = node.marks[step]
                line, column = (kl, kc) if key else (vl, vc)
                node = node[step]
                json_path += f".{step}"
            elif isinstance(node, YSeq) and isinstance(step, int) and 0 <= step < len(node):
                line, column = node.marks[step]
                node = node[step]
                json_path += f"[{step}]"
            else:
                break
        return Location(self.path, line, column, json_path)


@dataclass
class LoadedFile:
    path: str
    documents: list[Document] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


class _Abort(Exception):
    """The rest of the file cannot be read; the diagnostic is already recorded."""


def read_source(path: str | os.PathLike[str], rel: str) -> LoadedFile:
    """Read and parse one file; never raises for bad content."""
    result = LoadedFile(rel)
    try:
        raw = _read_limited(path, MAX_FILE_BYTES + 1)
    except OSError as err:
        result.diagnostics.append(UNREADABLE.at(Location(rel), f"cannot read file: {err.strerror}"))
        return result
    if len(raw) > MAX_FILE_BYTES:
        result.diagnostics.append(
            FILE_TOO_LARGE.at(Location(rel), f"file is larger than {MAX_FILE_BYTES} bytes")
        )
        return result
    return parse_bytes(raw, rel)


def _read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """At most ``limit`` bytes of the file.

    The first read is sized by the file's length, so a small file does not pay for
    a ``limit``-sized buffer (a megabyte allocated and released per file); files
    that report no size (pipes, devices) or grow meanwhile are read on in chunks.
    """
    with open(path, "rb", buffering=0) as handle:
        want = min(os.fstat(handle.fileno()).st_size, limit - 1) + 1
        chunks: list[bytes] = []
        total = 0
        while total < limit:
            chunk = handle.read(min(want, limit - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = 65536
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def parse_bytes(raw: bytes, rel: str) -> LoadedFile:
    """Parse a YAML stream given as bytes into documents and diagnostics."""
    result = LoadedFile(rel)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = _line_col(raw[: err.start].decode("utf-8", "replace"), None)
        result.diagnostics.append(INVALID_ENCODING.at(
            Location(rel, line, column),
            f"invalid UTF-8 byte 0x{raw[err.start]:02x}; save the file as UTF-8",
        ))
        return result
    nul = text.find("\x00")
    if nul >= 0:
        line, column = _line_col(text, nul)
        result.diagnostics.append(CONTROL_CHARACTER.at(Location(rel, line, column), "NUL byte"))
        return result
    _Composer(text, result).run()
    if not result.documents and not result.diagnostics:
        result.diagnostics.append(
            EMPTY_FILE.at(Location(rel), "file is empty or holds only comments"))
    return result


def _line_col(text: str, index: int | None) -> tuple[int, int]:
    """1-based line and column of ``index`` in ``text`` (end of text when None)."""
    if index is None:
        index = len(text)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


class _Composer:
    """Assemble parser events into YMap/YSeq/str/None trees, guarding every limit."""

    def __init__(self, text: str, result: LoadedFile) -> None:
        self.text = text
        self.result = result
        self.rel = result.path

    def run(self) -> None:
        try:
            self._compose(CParser(self.text))
        except _Abort:
            pass
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            message = " ".join(p for p in (err.context, err.problem) if p) or "invalid YAML"
            start = err.context_mark
            if start is not None and mark is not None and start.line != mark.line:
                message += f" (the construct started on line {start.line + 1}, " \
                           f"column {start.column + 1})"
            self._error(YAML_SYNTAX, line, column, message)
        except yaml.reader.ReaderError as err:
            line, column = _line_col(self.text, min(err.position, len(self.text)))
            self._error(CONTROL_CHARACTER, line, column, f"{err.reason} (#x{err.character:04x})")
        except yaml.YAMLError as err:
            self._error(YAML_SYNTAX, 1, 1, str(err).splitlines()[0] if str(err) else "invalid YAML")

    def _error(self, code, line: int, column: int, message: str) -> None:
        self.result.diagnostics.append(code.at(Location(self.rel, line, column), message))

    def _compose(self, parser: CParser) -> None:
        stack: list[list] = []
        anchors: dict[str, tuple[object, int]] = {}
        open_anchors: set[str] = set()
        expanded = 0
        aliased = 0
        root: object = None
        doc_mark = (1, 1)
        get_event = parser.get_event
        while True:
            event = get_event()
            if event is None:
                return
            cls = event.__class__
            if cls is ScalarEvent and stack and event.tag is None and event.anchor is None:
                # Fast path for the bulk of every file: an untagged, unanchored scalar
                # inside a collection.  Same result as the general path below.
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                frame = stack[-1]
                node = frame[1]
                value = event.value
                expanded += 1
                if frame[0] == "seq":
                    if not event.style and value in _NULLS:
                        value = None
                    node.append(value)
                    node.marks.append((line, column))
                    continue
                key = frame[2]
                if key is None:
                    if value in node.marks:
                        self._attach(frame, value, line, column)  # reports the duplicate
                    else:
                        frame[2], frame[3] = value, (line, column)
                    continue
                if not event.style and value in _NULLS:
                    value = None
                if key is not _SKIP:
                    node[key] = value
                    node.marks[key] = (*frame[3], line, column)
                frame[2] = frame[3] = None
                continue
            if (cls is MappingEndEvent or cls is SequenceEndEvent) and len(stack) > 1 \
                    and stack[-1][4] is None:
                # Fast path: an unanchored collection ends inside another one.
                value = stack.pop()[1]
                frame = stack[-1]
                node = frame[1]
                if frame[0] == "seq":
                    node.append(value)
                    node.marks.append((value.line, value.column))
                    continue
                key = frame[2]
                if key is None:  # a mapping or sequence used as a key
                    self._attach(frame, value, value.line, value.column)
                    continue
                if key is not _SKIP:
                    node[key] = value
                    node.marks[key] = (*frame[3], value.line, value.column)
                frame[2] = frame[3] = None
                continue
            mark = event.start_mark
            line, column = mark.line + 1, mark.column + 1
            if cls is ScalarEvent:
                self._check_tag(event.tag, line, column)
                if stack and stack[-1][0] == "map" and stack[-1][2] is None:
                    value: object = event.value
                elif event.tag == _CORE + "null" or (not event.style and event.value in _NULLS):
                    value = None
                else:
                    value = event.value
                expanded += 1
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                if event.tag is not None:
                    self._check_tag(event.tag, line, column)
                if len(stack) >= MAX_DEPTH:
                    self._error(TOO_DEEP, line, column, f"nesting deeper than {MAX_DEPTH} levels")
                    raise _Abort
                if cls is MappingStartEvent:
                    stack.append(["map", YMap(line, column), None, None, event.anchor, expanded])
                else:
                    stack.append(["seq", YSeq(line, column), None, None, event.anchor, expanded])
                if event.anchor is not None:
                    open_anchors.add(event.anchor)
                expanded += 1
                continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                frame = stack.pop()
                value = frame[1]
                line, column = value.line, value.column
                if frame[4] is not None:
                    anchors[frame[4]] = (value, expanded - frame[5])
                    open_anchors.discard(frame[4])
            elif cls is AliasEvent:
                if event.anchor in open_anchors:
                    self._error(ALIAS_EXPANSION, line, column,
                                f"alias *{event.anchor} refers to itself")
                    raise _Abort
                if event.anchor not in anchors:
                    self._error(ALIAS_EXPANSION, line, column,
                                f"alias *{event.anchor} has no anchor")
                    raise _Abort
                value, size = anchors[event.anchor]
                expanded += size
                aliased += size
                if aliased > MAX_ALIAS_EXPANSION:
                    self._error(
                        ALIAS_EXPANSION, line, column,
                        f"aliases expand to more than {MAX_ALIAS_EXPANSION} nodes",
                    )
                    raise _Abort
                if stack and stack[-1][0] == "map" and stack[-1][2] is None and not isinstance(
                    value, str
                ):
                    self._error(COMPLEX_KEY, line, column, "a mapping key must be a plain string")
                    raise _Abort
            elif cls is DocumentStartEvent:
                anchors.clear()
                open_anchors.clear()
                expanded = aliased = 0
                root = _NOTHING
                doc_mark = (line, column)
                continue
            elif cls is DocumentEndEvent:
                if root is not _NOTHING and root is not None:
                    self.result.documents.append(Document(
                        self.rel, len(self.result.documents), root, *doc_mark
                    ))
                continue
            else:  # stream start / end
                continue
            if not stack:
                root = value
                doc_mark = (line, column)
                continue
            self._attach(stack[-1], value, line, column)

    def _attach(self, frame: list, value: object, line: int, column: int) -> None:
        kind, node = frame[0], frame[1]
        if kind == "seq":
            node.append(value)
            node.marks.append((line, column))
            return
        key = frame[2]
        if key is None:
            if not isinstance(value, str):
                self._error(COMPLEX_KEY, line, column, "a mapping key must be a plain string")
                frame[2], frame[3] = _SKIP, None
                return
            if value in node.marks:
                first = node.marks[value][0]
                self._error(
                    DUPLICATE_KEY, line, column,
                    f"duplicate key '{value}' (first defined on line {first})",
                )
                frame[2], frame[3] = _SKIP, None
                return
            frame[2], frame[3] = value, (line, column)
            return
        if key is not _SKIP:
            node[key] = value
            node.marks[key] = (*frame[3], line, column)
        frame[2] = frame[3] = None

    def _check_tag(self, tag: str | None, line: int, column: int) -> None:
        if tag is None or tag == "!" or tag in _CORE_TAGS:
            return
        self._error(UNSUPPORTED_TAG, line, column, f"tag {tag} is not supported")
        raise _Abort


class _Sentinel:
    __slots__ = ()


_NOTHING = _Sentinel()
_SKIP = "\x00skip"
