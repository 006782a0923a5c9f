"""The JSON Schemas: in sync, draft-07, described, and agreeing with an independent validator."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from slmspec import schema as schemas
from slmspec.loader import read_source

from .conftest import REPO


def _files(pattern: str) -> list[str]:
    return sorted(p.relative_to(REPO).as_posix() for p in REPO.glob(pattern))


KIND_FILES = {
    "settings.schema.json": ["slmspec.yaml"],
    "contract.schema.json": _files("contracts.d/**/*.yaml"),
    "sla.schema.json": _files("sla.d/*.yaml"),
    "servicewindow.schema.json": _files("sla.d/windows/**/*.yaml"),
    "prioritymatrix.schema.json": _files("matrices/**/*.yaml"),
}
EXAMPLE_FILES = [f for files in KIND_FILES.values() for f in files]
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def check_jsonschema(schema: Path, *files: Path | str, cwd: Path = REPO):
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), *map(str, files)],
        cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def load(name: str) -> dict:
    return json.loads((REPO / "schemas" / name).read_text(encoding="utf-8"))


def walk(node, path="$"):
    """Every subschema with its path, following the keywords that hold schemas."""
    if not isinstance(node, dict):
        return
    yield path, node
    for key in ("properties", "patternProperties", "definitions"):
        for name, sub in node.get(key, {}).items():
            yield from walk(sub, f"{path}.{key}.{name}")
    for key in ("items", "additionalProperties", "propertyNames", "not", "if", "then", "else"):
        yield from walk(node.get(key), f"{path}.{key}")
    for key in ("anyOf", "allOf", "oneOf"):
        for i, sub in enumerate(node.get(key, [])):
            yield from walk(sub, f"{path}.{key}[{i}]")


def test_every_example_file_is_covered() -> None:
    """Each example source is checked against exactly one kind's schema."""
    every = {"slmspec.yaml"} | {
        str(p.relative_to(REPO)) for d in ("contracts.d", "sla.d", "matrices")
        for p in (REPO / d).rglob("*.y*ml")}
    assert sorted(every) == sorted(EXAMPLE_FILES)
    assert all(KIND_FILES.values())


def test_committed_schemas_are_in_sync(run) -> None:
    result = run("-C", str(REPO), "schema", "--check")
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output


@pytest.mark.parametrize("schema_name", sorted(KIND_FILES))
def test_check_jsonschema_accepts_every_example_file(schema_name: str) -> None:
    result = check_jsonschema(REPO / "schemas" / schema_name, *KIND_FILES[schema_name])
    assert result.returncode == 0, result.stdout + result.stderr


def modeline_target(rel: str) -> Path:
    first = (REPO / rel).read_text(encoding="utf-8").splitlines()[0]
    match = MODELINE.match(first)
    assert match, f"{rel} does not start with a yaml-language-server modeline"
    return ((REPO / rel).parent / match.group(1)).resolve()


@pytest.mark.parametrize("rel", EXAMPLE_FILES)
def test_modeline_names_the_schema_of_the_documents_kind(rel: str) -> None:
    target = modeline_target(rel)
    loaded = read_source(REPO / rel, rel)
    kinds = {doc.data["kind"] for doc in loaded.documents}
    assert len(kinds) == 1
    assert target == REPO / "schemas" / schemas.FILE_NAMES[kinds.pop()]


def test_check_jsonschema_accepts_every_file_by_its_modeline() -> None:
    """What an editor does: check each file against the schema its first line names."""
    groups: dict[Path, list[str]] = {}
    for rel in EXAMPLE_FILES:
        groups.setdefault(modeline_target(rel), []).append(rel)
    assert len(groups) == len(KIND_FILES)
    for target, files in sorted(groups.items()):
        result = check_jsonschema(target, *files)
        assert result.returncode == 0, result.stdout + result.stderr


INVALID = {
    "unknown-field": ("contract.schema.json", "contracts.d/sup-ricoh-print.yaml",
                      "notice: P3M", "notise: P3M", "'notise' was unexpected"),
    "bad-enum": ("contract.schema.json", "contracts.d/sup-ricoh-print.yaml",
                 "type: supplier", "type: vendor", "'vendor' is not one of"),
    "unknown-choice": ("contract.schema.json", "contracts.d/sup-ricoh-print.yaml",
                       "category: hardware", "category: hardwear", "'hardwear' is not one of"),
    "inactive-field": ("contract.schema.json", "contracts.d/sup-ricoh-print.yaml",
                       'procurementRef: "UH-2023-007"', 'legacyRef: "A-1"', "legacyRef"),
    "field-pattern": ("contract.schema.json", "contracts.d/sup-ricoh-print.yaml",
                      'costCenter: "4410"', 'costCenter: "441"', "does not match"),
    "unknown-person": ("contract.schema.json", "contracts.d/sup-ricoh-print.yaml",
                       "owner: erik", "owner: nobody", "'nobody' is not one of"),
    "notice-unit": ("contract.schema.json", "contracts.d/sup-ricoh-print.yaml",
                    "notice: P3M", "notice: PT3H", "does not match"),
    "bad-date": ("contract.schema.json", "contracts.d/sup-ricoh-print.yaml",
                 "start: 2024-01-01", "start: 2024-02-30", "is not a 'date'"),
    "missing-required-by-type": ("contract.schema.json", "contracts.d/sup-ricoh-print.yaml",
                                 "  documents:\n", "  links:\n", "'documents' is a required"),
    "weekday": ("servicewindow.schema.json", "sla.d/windows/office-hours.yaml",
                "    mon:", "    monday:", "monday"),
    "interval": ("servicewindow.schema.json", "sla.d/windows/office-hours.yaml",
                 '["08:00-17:00"]', '["8-17"]', "does not match"),
    "settings-unknown": ("settings.schema.json", "slmspec.yaml",
                         "  locale: sv", "  language: sv", "'language' was unexpected"),
    "settings-locale": ("settings.schema.json", "slmspec.yaml",
                        "  locale: sv", "  locale: de", "'de' is not one of"),
    "sla-target-unit": ("sla.schema.json", "sla.d/sla-workplace.yaml",
                        "response: PT30M", "response: P1D", "does not match"),
    "matrix-kind": ("prioritymatrix.schema.json", "matrices/standard.yaml",
                    "kind: PriorityMatrix", "kind: Matrix", "'PriorityMatrix' was expected"),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_check_jsonschema_rejects_invalid_documents(case: str, tmp_path: Path) -> None:
    schema_name, source, old, new, expected = INVALID[case]
    text = (REPO / source).read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / Path(source).name
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = check_jsonschema(REPO / "schemas" / schema_name, broken)
    assert result.returncode == 1, result.stdout + result.stderr
    assert expected in result.stdout + result.stderr


@pytest.mark.parametrize("schema_name", sorted(KIND_FILES))
def test_schema_is_valid_draft_07(schema_name: str) -> None:
    document = load(schema_name)
    assert document["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(document)
    assert document["title"].startswith("slmspec ")
    assert document["description"]


@pytest.mark.parametrize("schema_name", sorted(KIND_FILES))
def test_every_property_has_a_description(schema_name: str) -> None:
    missing = [f"{path}.properties.{name}"
               for path, node in walk(load(schema_name))
               for name, sub in node.get("properties", {}).items()
               if not (isinstance(sub, dict) and sub.get("description"))]
    assert missing == []


@pytest.mark.parametrize("schema_name", sorted(KIND_FILES))
def test_schema_is_self_contained(schema_name: str) -> None:
    """Every $ref points into the document's own definitions; nothing is fetched."""
    document = load(schema_name)
    text = json.dumps(document)
    assert "$defs" not in text
    assert "$id" not in text
    refs = [node["$ref"] for _, node in walk(document) if "$ref" in node]
    assert refs
    for ref in refs:
        assert ref.startswith("#/definitions/")
        assert ref.removeprefix("#/definitions/") in document["definitions"]
    for path, node in walk(document):
        assert not ("$ref" in node and len(node) > 1), f"{path}: $ref with siblings"


def test_models_that_forbid_extras_forbid_them_in_the_schema() -> None:
    """Every object with declared properties is closed (conditions under ``if`` only test)."""
    for name in KIND_FILES:
        objects = [(path, node) for path, node in walk(load(name))
                   if "properties" in node and ".if" not in path]
        assert objects
        open_objects = [path for path, node in objects
                        if node.get("additionalProperties") is not False]
        assert open_objects == []


def test_generation_is_deterministic_and_sorted() -> None:
    settings, problems = schemas.read_settings(REPO)
    assert problems == []
    assert settings is not None
    first, second = schemas.generate(settings), schemas.generate(settings)
    assert first == second
    assert sorted(first) == sorted(KIND_FILES)
    for text in first.values():
        assert text.endswith("}\n")
        assert text == json.dumps(json.loads(text), indent=2, sort_keys=True,
                                  ensure_ascii=False) + "\n"


def test_schema_writes_then_check_passes(example: Path, run) -> None:
    result = run("-C", str(example), "schema", "--check")
    assert result.exit_code == 1
    assert "schemas/contract.schema.json is missing" in result.output
    result = run("-C", str(example), "schema")
    assert result.exit_code == 0, result.output
    assert "wrote schemas/settings.schema.json" in result.output
    assert run("-C", str(example), "schema", "--check").exit_code == 0
    again = run("-C", str(example), "schema")
    assert again.exit_code == 0
    assert "up to date" in again.output
    for name in KIND_FILES:
        assert (example / "schemas" / name).read_bytes() == (REPO / "schemas" / name).read_bytes()


def test_check_fails_when_a_new_dropdown_value_is_not_in_the_schema(example: Path, run) -> None:
    assert run("-C", str(example), "schema").exit_code == 0
    settings = example / "slmspec.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "services, cloud]", "services, cloud, consulting]"), encoding="utf-8")
    result = run("-C", str(example), "schema", "--check")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "schemas/contract.schema.json is out of date; run 'slmspec schema' and commit it")
    run("-C", str(example), "schema")
    contract = json.loads((example / "schemas/contract.schema.json").read_text(encoding="utf-8"))
    fields = contract["definitions"]["ContractSpec"]["properties"]["fields"]
    assert "consulting" in fields["properties"]["category"]["enum"]


def test_invalid_settings_write_nothing(example: Path, run) -> None:
    settings = example / "slmspec.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "timezone: Europe/Stockholm", "timezone: Mars/Olympus"), encoding="utf-8")
    result = run("-C", str(example), "schema")
    assert result.exit_code == 1
    assert "slmspec.yaml:" in result.output
    assert "SLM110" in result.output
    assert "no schema was written" in result.output
    assert not (example / "schemas").exists()


def test_organisation_fields_become_schema_properties() -> None:
    fields = load("contract.schema.json")["definitions"]["ContractSpec"]["properties"]["fields"]
    assert fields["properties"]["category"]["enum"] == [
        "hardware", "software", "telecom", "facilities", "services", "cloud"]
    assert fields["properties"]["costCenter"]["pattern"] == "^[0-9]{4}$"
    assert fields["properties"]["legacyRef"]["not"] == {}
    assert fields["required"] == ["category"]
    assert fields["additionalProperties"] is False


@pytest.mark.parametrize(("pattern", "anchored"), [
    ("^[0-9]{4}$", "^[0-9]{4}$"),
    ("[0-9]{4}", "^(?:[0-9]{4})$"),
    ("^a|b$", "^(?:^a|b$)$"),
    ("^a\\$", "^(?:^a\\$)$"),
])
def test_field_patterns_match_in_full(pattern: str, anchored: str) -> None:
    """JSON Schema searches; slmspec matches in full, so the schema anchors the pattern."""
    assert schemas._anchored(pattern) == anchored
    for sample in ("0000", "x0000", "a", "ab", "xb", "a$"):
        assert bool(re.search(anchored, sample)) == bool(re.fullmatch(pattern, sample))


def test_field_types_become_schemas_a_typed_reader_accepts() -> None:
    """number, date, choice with pattern: what check-jsonschema reads from YAML passes."""
    from slmspec.model.settings import FieldDefinition

    def accepts(definition: FieldDefinition, value: object) -> bool:
        validator = jsonschema.Draft7Validator(
            schemas._field_schema("f", definition), format_checker=jsonschema.FormatChecker())
        return validator.is_valid(value)

    number = FieldDefinition(type="number")
    assert accepts(number, 12.5)
    assert accepts(number, "12.5")
    assert not accepts(number, "twelve")
    day = FieldDefinition(type="date")
    assert accepts(day, "2026-12-31")
    assert not accepts(day, "2026-02-30")
    choice = FieldDefinition(type="choice", values=["A1", "B22"], pattern="[A-Z][0-9]")
    assert accepts(choice, "A1")
    assert not accepts(choice, "B22")  # on the list, but the pattern must match in full
    assert not accepts(choice, "C3")
    broken = FieldDefinition(type="text", pattern="([")
    assert accepts(broken, "anything")  # an invalid pattern is reported by SLM507, not here
    off = FieldDefinition(type="text", active=False, required=True)
    assert not accepts(off, "x")
    assert "Required" not in schemas._field_schema("f", off)["description"]


def test_unwritable_schema_folder_is_a_clear_error(example: Path, run) -> None:
    (example / "schemas").write_text("not a folder", encoding="utf-8")
    result = run("-C", str(example), "schema")
    assert result.exit_code == 2
    assert result.output.startswith("slmspec: cannot write schemas/:")
    assert "Traceback" not in result.output
