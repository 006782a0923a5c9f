"""JSON Schemas for editors and other validators, generated from the models.

One draft-07 schema per kind (draft-07 is what the VS Code YAML extension and
older yaml-language-servers fully support), self-contained, with a
description on every property.  The Contract schema also carries the
organisation's own fields from ``slmspec.yaml`` (the dropdown lists become
enums) and its people, so editors can autocomplete them.

The schemas describe files as a *typed* YAML reader (an editor,
check-jsonschema) sees them: ``max: 3`` is an integer and ``late: true`` a
boolean there, while dates stay strings.  slmspec's own loader keeps every
scalar a string, so the schemas are an editor's approximation; ``slmspec
validate`` remains the authority.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic
from .loader import read_source
from .model import KINDS, validate_document
from .model.service import INTERVAL_PATTERN
from .model.settings import FieldDefinition, SettingsSpec

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SCHEMA_FOLDER = "schemas"
NUMBER_PATTERN = r"^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)$"
SETTINGS_FILE = "slmspec.yaml"

FILE_NAMES: dict[str, str] = {kind: f"{kind.lower()}.schema.json" for kind in KINDS}

_SCHEMA_MAPS = ("properties", "patternProperties", "definitions")
_SCHEMA_ONE = ("items", "additionalProperties", "propertyNames", "not", "if", "then", "else")
_SCHEMA_LISTS = ("anyOf", "allOf", "oneOf")
_DESCRIPTIONS = {
    "Settings": "Settings of an slmspec project (slmspec.yaml): people, roles, the "
                "organisation's own contract fields and defaults.",
    "Contract": "A customer or supplier contract with its terms, notice and decisions.",
    "SLA": "A service level agreement: response and resolution targets per priority.",
    "ServiceWindow": "A service window: opening hours, holidays and exceptions.",
    "PriorityMatrix": "A priority matrix: impact x urgency -> priority.",
}


def read_settings(root: Path) -> tuple[SettingsSpec | None, list[Diagnostic]]:
    """The settings of the project at ``root``, or the problems that stop them being read."""
    loaded = read_source(root / SETTINGS_FILE, SETTINGS_FILE)
    problems = list(loaded.diagnostics)
    settings: SettingsSpec | None = None
    for doc in loaded.documents:
        resource, errors = validate_document(doc)
        problems.extend(errors)
        if resource is not None and resource.kind == "Settings" and settings is None:
            settings = resource.spec
    return (settings if not problems else None), sorted(problems)


def generate(settings: SettingsSpec | None) -> dict[str, str]:
    """File name → schema text for every kind; the same settings give the same bytes."""
    out = {}
    for kind, model in KINDS.items():
        schema = model.model_json_schema(
            by_alias=True, mode="validation", ref_template="#/definitions/{model}")
        schema["definitions"] = schema.pop("$defs", {})
        schema = _tidy(schema)
        for name, definition in schema["definitions"].items():
            definition["title"] = name
        if kind == "ServiceWindow":
            _add_interval_pattern(schema["definitions"]["ServiceWindowSpec"])
        if kind == "Contract" and settings is not None:
            _add_organisation(schema["definitions"], settings)
        schema["$schema"] = DRAFT_07
        schema["title"] = f"slmspec {kind}"
        schema["description"] = _DESCRIPTIONS[kind]
        out[FILE_NAMES[kind]] = json.dumps(
            schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return out


def stale(root: Path, schemas: dict[str, str]) -> list[str]:
    """Paths (relative to ``root``) of committed schemas that differ from ``schemas``."""
    found = []
    for name, text in sorted(schemas.items()):
        path = root / SCHEMA_FOLDER / name
        try:
            current = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        if current != text:
            found.append(f"{SCHEMA_FOLDER}/{name}")
    return found


def write(root: Path, schemas: dict[str, str]) -> list[str]:
    """Write the schemas that changed; return their paths relative to ``root``."""
    changed = stale(root, schemas)
    (root / SCHEMA_FOLDER).mkdir(exist_ok=True)
    for rel in changed:
        target = root / rel
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_text(schemas[Path(rel).name], encoding="utf-8")
        temporary.replace(target)
    return changed


def _tidy(node: Any) -> Any:
    """Make pydantic's output plain draft-07: no generated titles, no ``$ref`` with siblings."""
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _SCHEMA_MAPS:
            out[key] = {name: _tidy(sub) for name, sub in value.items()}
        elif key in _SCHEMA_ONE or key in _SCHEMA_LISTS:
            out[key] = _tidy(value)
        elif key != "title":
            out[key] = value
    if "$ref" in out and len(out) > 1:
        out["allOf"] = [{"$ref": out.pop("$ref")}]
    if "patternProperties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False  # keys that do not match are invalid names
    return out


def _add_interval_pattern(spec: dict[str, Any]) -> None:
    """Intervals are plain strings in the model (the window rules check them with positions)."""
    interval = {"pattern": INTERVAL_PATTERN, "type": "string"}
    for option in spec["properties"]["hours"]["anyOf"]:
        if option.get("type") == "object":
            option["additionalProperties"]["items"] = interval
    spec["properties"]["exceptions"]["additionalProperties"]["items"] = interval


def _add_organisation(definitions: dict[str, Any], settings: SettingsSpec) -> None:
    """The organisation's fields, people and per-type required fields, for autocompletion."""
    spec = definitions["ContractSpec"]
    fields = spec["properties"]["fields"]
    fields.pop("additionalProperties", None)
    fields["properties"] = {
        name: _field_schema(name, definition)
        for name, definition in sorted(settings.fields.items())
    }
    fields["additionalProperties"] = False
    required = sorted(
        name for name, d in settings.fields.items() if d.required and d.active)
    if required:
        fields["required"] = required
        spec["required"] = sorted({*spec.get("required", []), "fields"})
    people = sorted(settings.people)
    if people:
        spec["properties"]["owner"]["enum"] = people
        definitions["Decision"]["properties"]["by"]["enum"] = people
    per_type = [
        {"if": {"properties": {"type": {"const": kind, "description": f"A {kind} contract."}},
                "required": ["type"]},
         "then": {"required": sorted(names)}}
        for kind, names in (("supplier", settings.required.supplier),
                            ("customer", settings.required.customer))
        if names
    ]
    if per_type:
        spec["allOf"] = per_type


def _field_schema(name: str, definition: FieldDefinition) -> dict[str, Any]:
    text = definition.description or f"The organisation's own {definition.type} field '{name}'."
    if not definition.active:
        return {"description": f"{text} Switched off (active: false): remove it.", "not": {}}
    if definition.required:
        text += " Required."
    schema: dict[str, Any] = {"description": text, "type": "string"}
    patterns = []
    if definition.type == "choice" and definition.values:
        schema["enum"] = list(definition.values)
    elif definition.type == "number":
        schema["type"] = ["number", "string"]  # 12.5 is a number to a typed reader, "12.5" not
        patterns.append(NUMBER_PATTERN)
    elif definition.type == "date":
        schema["format"] = "date"
    if definition.pattern and _compiles(definition.pattern):
        patterns.append(_anchored(definition.pattern))
    if patterns:
        schema["pattern"] = patterns[0]
    if len(patterns) > 1:
        schema["allOf"] = [{"pattern": pattern} for pattern in patterns[1:]]
    return schema


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False  # reported by the fields rules; the schema just leaves it out
    return True


def _anchored(pattern: str) -> str:
    """slmspec matches a field pattern in full; JSON Schema searches, so anchor it."""
    simple = "|" not in pattern and not pattern.endswith("\\$")
    if simple and pattern.startswith("^") and pattern.endswith("$"):
        return pattern
    return f"^(?:{pattern})$"
