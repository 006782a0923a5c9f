"""Field tables of docs/language.md, rendered from the models' types and descriptions.

The tables sit between ``<!-- BEGIN fields X -->`` and ``<!-- END fields X -->``
markers, so the prose around them is written by hand while every field,
type and default comes from the one place that enforces them.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..model import types as t
from ..model.contract import ContractSpec
from ..model.document import Metadata
from ..model.service import PriorityMatrixSpec, ServiceWindowSpec, SLASpec
from ..model.settings import SettingsSpec

SECTIONS: dict[str, tuple[str, type[BaseModel]]] = {
    "Metadata": ("metadata", Metadata),
    "Settings": ("spec", SettingsSpec),
    "Contract": ("spec", ContractSpec),
    "ServiceWindow": ("spec", ServiceWindowSpec),
    "PriorityMatrix": ("spec", PriorityMatrixSpec),
    "SLA": ("spec", SLASpec),
}
_ALIASES: tuple[tuple[Any, str], ...] = (
    (t.Name, "name"),
    (t.Key, "key"),
    (t.Email, "e-mail address"),
    (t.IsoDate, "date `YYYY-MM-DD`"),
    (t.Bool, "`true` \\| `false`"),
    (t.Timezone, "IANA time zone"),
    (t.ClockTime, "time `HH:MM`"),
    (t.CalendarPeriod, "duration: Y, M, W, D"),
    (t.DayPeriod, "duration: W, D"),
    (t.TargetDuration, "duration: `PT` H, M"),
    (t.RefreshDuration, "duration: D, `T` H, M"),
)
_DURATION_EXAMPLES = {
    "Y, M, W, D": "`P3M`, `P1Y`, `P2W`, `P90D`",
    "W, D": "`P14D`, `P2W`",
    "`PT` H, M": "`PT30M`, `PT4H`, `PT1H30M`",
    "D, `T` H, M": "`PT12H`, `P1D`",
}
_PLAIN = {str: "text", int: "integer", float: "number", Decimal: "number", bool: "boolean"}
_MARKERS = re.compile(
    r"(<!-- BEGIN fields (?P<name>\w+) -->\n).*?(<!-- END fields (?P=name) -->)", re.DOTALL)


def render_section(name: str) -> str:
    """Markdown tables for one kind: its spec (or metadata) and every object inside it."""
    if name == "Durations":
        return render_durations()
    path, model = SECTIONS[name]
    chunks = []
    for where, sub in _models(path, model, set()):
        rows = ["| field | type | default | meaning |", "|---|---|---|---|"]
        for field_name, info in sub.model_fields.items():
            rows.append("| `{}` | {} | {} | {} |".format(
                info.alias or field_name, _type_of(info, where, info.alias or field_name),
                _default(info), _cell(info.description or "")))
        chunks.append(f"`{where}`:\n\n" + "\n".join(rows))
    return "\n\n".join(chunks) + "\n"


def render_durations() -> str:
    """Every duration field of every kind with the units it allows."""
    rows = ["| kind | field | units | example |", "|---|---|---|---|"]
    for kind, (path, model) in SECTIONS.items():
        for where, sub in _models(path, model, set()):
            for field_name, info in sub.model_fields.items():
                label = _type_of(info, where, info.alias or field_name)
                if label.startswith("duration") or "of duration" in label:
                    units = label.removeprefix("list of ").removeprefix("duration: ")
                    rows.append(f"| {kind} | `{where}.{info.alias or field_name}` | {units} "
                                f"| {_DURATION_EXAMPLES[units]} |")
    return "\n".join(rows) + "\n"


def update(text: str) -> str:
    """``text`` with every marked block replaced by freshly rendered tables."""
    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in SECTIONS and name != "Durations":
            return match.group(0)
        return match.group(1) + "\n" + render_section(name) + "\n" + match.group(3)
    return _MARKERS.sub(replace, text)


def marked_sections(text: str) -> list[str]:
    return [m.group("name") for m in _MARKERS.finditer(text)]


def _models(path: str, model: type[BaseModel], seen: set[type]) -> Iterator[
        tuple[str, type[BaseModel]]]:
    """``model`` and, depth first, every model nested in its fields, with their paths."""
    seen.add(model)
    yield path, model
    for field_name, info in model.model_fields.items():
        for suffix, nested in _nested(info.annotation, ""):
            if nested not in seen:
                yield from _models(f"{path}.{info.alias or field_name}{suffix}", nested, seen)


def _nested(tp: Any, suffix: str) -> Iterator[tuple[str, type[BaseModel]]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        yield suffix, tp
        return
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        yield from _nested(args[0], suffix)
    elif origin in (typing.Union, types.UnionType):
        for arg in args:
            yield from _nested(arg, suffix)
    elif origin is list:
        yield from _nested(args[0], suffix + "[]")
    elif origin is dict:
        yield from _nested(args[1], suffix + ".<key>")


def _type_of(info: FieldInfo, where: str, name: str) -> str:
    for alias, label in _ALIASES:
        wanted = typing.get_args(alias)[1:]
        if wanted and all(any(m is w for m in info.metadata) for w in wanted):
            return label
    return _describe(info.annotation, f"{where}.{name}")


def _describe(tp: Any, path: str) -> str:
    for alias, label in _ALIASES:
        if tp == alias:
            return label
    if tp in _PLAIN:
        return _PLAIN[tp]
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return f"object (`{path}`)"
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_describe(a, path) for a in args if a is not type(None))
    if origin is list:
        return f"list of {_describe(args[0], path + '[]')}"
    if origin is dict:
        return f"map {_describe(args[0], path)} → {_describe(args[1], path + '.<key>')}"
    if origin is typing.Annotated:
        return _describe(args[0], path)
    return _cell(getattr(tp, "__name__", str(tp)))


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "required"
    value = info.default_factory() if info.default_factory is not None else info.default
    if value is None:
        return "—"
    if isinstance(value, BaseModel):
        return "see below"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, list):
        return "`[" + ", ".join(map(str, value)) + "]`"
    if isinstance(value, dict):
        return "`{}`"
    return f"`{getattr(value, 'text', value)}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
