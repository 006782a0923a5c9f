"""Schema-stage codes (SLM1xx) and the mapping of pydantic's errors back to YAML positions.

pydantic reports an error at a location path; the loader kept the line and
column of every node, so each error is pointed at the node the user wrote,
with a did-you-mean hint for unknown fields.
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from ..diagnostics import Diagnostic, Severity, define, did_you_mean
from ..loader import Document

NOT_A_MAPPING = define("SLM101", "not-a-mapping", Severity.ERROR, """
    A document is not a mapping with apiVersion, kind, metadata and spec.

    Why: every document has the same envelope, so its kind and name can be read
    before anything else; a list or a bare value has neither.

    Fail:
        - just a list
    Pass:
        apiVersion: slmspec/v1
        kind: Contract
        metadata: {name: sup-ricoh-print, displayName: Skrivarleasing Ricoh}
        spec: {...}
""")
UNKNOWN_KIND = define("SLM102", "unknown-kind", Severity.ERROR, """
    ``kind`` is missing or not one of Settings, Contract, SLA, ServiceWindow, PriorityMatrix.

    Why: the kind decides how a document is read; folders are only a convention.

    Fail:
        kind: Contrakt
    Pass:
        kind: Contract
""")
API_VERSION_CODE = define("SLM103", "api-version", Severity.ERROR, """
    ``apiVersion`` is missing or not ``slmspec/v1``.

    Why: the version names the language the file is written in, so that a later
    version of the language can be told apart.

    Fail:
        apiVersion: v1
    Pass:
        apiVersion: slmspec/v1
""")
UNKNOWN_FIELD = define("SLM104", "unknown-field", Severity.ERROR, """
    A field that the kind does not have.

    Why: a misspelt field is silently ignored by most tools; here it is an
    error, with the nearest known field as a hint.

    Fail:
        spec:
          notise: P3M
    Pass:
        spec:
          notice: P3M
""")
MISSING_FIELD = define("SLM105", "missing-field", Severity.ERROR, """
    A required field is missing.

    Why: without it the document cannot be compiled (a contract without a start
    has no terms); a default would hide the omission.

    Fail:
        metadata: {name: sup-ricoh-print}
    Pass:
        metadata: {name: sup-ricoh-print, displayName: Skrivarleasing Ricoh}
""")
INVALID_VALUE = define("SLM106", "invalid-value", Severity.ERROR, """
    A value has the wrong type or is not one of the allowed values.

    Why: values feed date arithmetic, feeds and mails; a value that is almost
    right (``vendor`` for ``supplier``) would otherwise be guessed at.

    Fail:
        type: vendor
        renewal: {mode: automatic, term: P1Y, max: many}
    Pass:
        type: supplier
        renewal: {mode: automatic, term: P1Y, max: 3}
""")
INVALID_NAME = define("SLM107", "invalid-name", Severity.ERROR, """
    A name is not a valid identifier.

    Why: names become file names, event ids and calendar UIDs, so they are kept to
    lowercase letters, digits and '-' (at most 63, like Kubernetes names).

    Fail:
        metadata: {name: Sup_Ricoh}
    Pass:
        metadata: {name: sup-ricoh}
""")
INVALID_DURATION = define("SLM108", "invalid-duration", Severity.ERROR, """
    A duration is not ISO 8601 or uses a unit the field does not allow.

    Why: a contract's notice counts calendar time (years, months, weeks, days), an
    SLA target counts window time (hours and minutes): ``PT4H`` as a notice or
    ``P1D`` as a target is a mistake.

    Fail:
        notice: 3 months
        targets: {P1: {response: P1D, resolution: PT4H}}
    Pass:
        notice: P3M
        targets: {P1: {response: PT30M, resolution: PT4H}}
""")
INVALID_DATE = define("SLM109", "invalid-date", Severity.ERROR, """
    A date or time is not written as YYYY-MM-DD or HH:MM, or does not exist.

    Why: ``31.12.2026`` or ``12/01/2026`` mean different days to different
    readers; ISO 8601 means one.  A date that does not exist (2026-02-30) is a
    typo that would move a deadline.

    Fail:
        end: 2026-02-30
        end: 31.12.2026
    Pass:
        end: 2026-12-31
""")
INVALID_TIMEZONE = define("SLM110", "invalid-timezone", Severity.ERROR, """
    A time zone is not an IANA name.

    Why: opening hours and "today" depend on the zone's daylight-saving rules,
    which only IANA names (Europe/Stockholm) carry; offsets like CET+1 do not.

    Fail:
        timezone: CET+1
    Pass:
        timezone: Europe/Stockholm
""")

_ERROR_CODES = {
    "missing": MISSING_FIELD,
    "extra_forbidden": UNKNOWN_FIELD,
    "slm_name": INVALID_NAME,
    "slm_duration": INVALID_DURATION,
    "slm_date": INVALID_DATE,
    "slm_time": INVALID_DATE,
    "slm_timezone": INVALID_TIMEZONE,
}


def dedupe(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[object, ...]] = set()
    unique = []
    for diagnostic in diagnostics:
        key = (diagnostic.line, diagnostic.column, diagnostic.code, diagnostic.message)
        if key not in seen:
            seen.add(key)
            unique.append(diagnostic)
    return unique


def _is_union_tag(step: object) -> bool:
    """pydantic names the member of a union that failed (``literal['always']``, ``list[str]``)."""
    return isinstance(step, str) and ("[" in step and step != "[key]")


def _relevant_errors(err: ValidationError) -> list[Any]:
    """Drop the errors of union members that plainly do not apply to the value written.

    For ``hours: {monday: …}`` pydantic reports both "should be 'always'" and the
    mapping's own problem; the user wrote a mapping, so only the latter helps.
    """
    errors = err.errors(include_url=False)
    kept = []
    for error in errors:
        tags = [i for i, step in enumerate(error["loc"]) if _is_union_tag(step)]
        if tags and error["type"] == "literal_error" and len(error["loc"]) == tags[0] + 1:
            prefix = error["loc"][: tags[0]]
            others = [e for e in errors if e is not error and e["loc"][: tags[0]] == prefix]
            if others:
                continue
        kept.append(error)
    return kept


def map_errors(doc: Document, model: type[BaseModel], err: ValidationError) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for error in _relevant_errors(err):
        loc = [step for step in error["loc"] if isinstance(step, int | str)
               and not _is_union_tag(step)]
        if error["type"] == "literal_error" and loc[-1:] == ["kind"]:
            continue  # already reported by kind dispatch
        if loc[-1:] == ["apiVersion"]:
            continue  # reported above with a better message
        keys, on_key = _raw_path(doc.data, loc)
        code = _ERROR_CODES.get(error["type"], INVALID_VALUE)
        hint = None
        if error["type"] == "extra_forbidden":
            field = str(loc[-1])
            allowed = _fields_at(model, loc[:-1])
            hint = did_you_mean(field, allowed)
            message = f"unknown field '{field}'"
            if allowed and hint is None:
                message += " (allowed: " + ", ".join(sorted(allowed)) + ")"
            where = doc.locate(*keys, key=True)
        elif error["type"] == "missing":
            message = f"missing required field '{loc[-1]}'"
            where = doc.locate(*keys[:-1], key=True) if keys[:-1] else doc.locate()
        elif on_key:
            parent = next((str(s) for s in reversed(loc[: loc.index("[key]") - 1])
                           if isinstance(s, str)), "")
            value = error.get("input")
            expected = re.findall(r"'([^']*)'", str((error.get("ctx") or {}).get("expected", "")))
            message = f"{parent}: '{value}' is not allowed here"
            message += f"; use one of {', '.join(expected)}" if expected else f": {error['msg']}"
            hint = did_you_mean(str(value), expected) if expected else None
            where = doc.locate(*keys, key=True)
        else:
            message = _message(error, loc)
            where = doc.locate(*keys, key=on_key)
        out.append(code.at(where, message, hint=hint))
    return out


def _message(error: Any, loc: list[Any]) -> str:
    msg = error["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    msg = re.sub(r" or instance of \w+", "", msg)  # Python class names mean nothing to users
    msg = msg.replace("valid dictionary", "mapping").replace("valid list", "list")
    field = next((str(step) for step in reversed(loc) if isinstance(step, str)), "")
    if error["type"] in {"slm_name", "slm_duration", "slm_date", "slm_time", "slm_timezone",
                         "slm_key", "slm_email", "slm_bool"}:
        return f"{field}: {msg}" if field else msg
    value = error.get("input")
    shown = f" (got '{value}')" if isinstance(value, str) and len(value) < 80 else ""
    return f"{field}: {msg[0].lower() + msg[1:]}{shown}" if field else msg


def _raw_path(data: object, loc: list[Any]) -> tuple[list[str | int], bool]:
    """Follow pydantic's error location through the raw tree, skipping union tags."""
    keys: list[str | int] = []
    node = data
    on_key = False
    for step in loc:
        if step == "[key]":
            on_key = True
            break
        in_map = isinstance(node, dict) and step in node
        in_list = isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
        if in_map or in_list:
            keys.append(step)
            node = node[step]
        elif isinstance(node, dict) and isinstance(step, str) and step not in node:
            keys.append(step)  # missing/unknown leaf: locate() stops at the parent
            break
    return keys, on_key


def _fields_at(model: type[BaseModel], loc: list[Any]) -> list[str]:
    """Field names allowed at ``loc`` inside ``model``, for did-you-mean hints."""
    current: Any = model
    for step in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(step) if isinstance(step, str) else None
            if field is None:
                field = next((f for f in current.model_fields.values() if f.alias == step), None)
            if field is None:
                return []
            current = field.annotation
        elif typing.get_origin(current) in (list, dict):
            current = typing.get_args(current)[-1]
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _unwrap(tp: Any) -> Any:
    """Strip Optional and Annotated so the model class (or container) remains."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            tp = models[0] if models else args[-1]
        else:
            return tp
