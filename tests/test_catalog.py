"""``catalog.json``: the golden file of the example organisation, determinism, and its content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden" / "catalog.json"
STAMP = {"SOURCE_DATE_EPOCH": "1796342400"}   # 2026-12-04T00:00:00Z


def build_catalog(run, project: Path, out: Path, today: str = "2026-12-04") -> str:
    result = run("-C", str(project), "build", "--today", today, "--out", str(out), env=STAMP)
    assert result.exit_code == 0, result.output
    return (out / "catalog.json").read_text(encoding="utf-8")


@pytest.fixture
def catalog(example: Path, run, tmp_path: Path) -> dict:
    return json.loads(build_catalog(run, example, tmp_path / "dist"))


def by_name(items: list[dict], name: str) -> dict:
    return next(item for item in items if item["name"] == name)


def test_golden_catalog_of_the_example_organisation(example: Path, run, tmp_path: Path,
                                                    update_goldens: bool) -> None:
    produced = build_catalog(run, example, tmp_path / "dist")
    if update_goldens:
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(produced, encoding="utf-8")
    assert produced == GOLDEN.read_text(encoding="utf-8")


def test_same_inputs_give_the_same_bytes(example: Path, run, tmp_path: Path) -> None:
    first = build_catalog(run, example, tmp_path / "a")
    second = build_catalog(run, example, tmp_path / "b")
    assert first == second


def test_header(catalog: dict) -> None:
    assert catalog["schemaVersion"] == 1
    assert catalog["generatedAt"] == "2026-12-04T00:00:00Z"
    assert catalog["today"] == "2026-12-04"
    assert catalog["settings"] == {
        "name": "norrvik-it", "displayName": "Norrvik kommun IT",
        "timezone": "Europe/Stockholm", "locale": "sv", "horizon": "P3Y",
        "repoUrl": "https://git.norrvik.se/it/avtal"}


def test_everything_is_sorted_by_name(catalog: dict) -> None:
    for key in ("contracts", "slas", "windows", "matrices"):
        names = [item["name"] for item in catalog[key]]
        assert names == sorted(names)
        assert names
    for contract in catalog["contracts"]:
        keys = [(e["date"], e["id"]) for e in contract["events"]]
        assert [k[0] for k in keys] == sorted(k[0] for k in keys)


def test_derived_dates_of_contracts(catalog: dict) -> None:
    dustin = by_name(catalog["contracts"], "sup-dustin-cisco")
    assert dustin["nextNoticeDeadline"] == "2027-01-29"
    assert dustin["terms"][1] == {
        "index": 1, "start": "2026-05-01", "end": "2027-04-30",
        "noticeDeadline": "2027-01-29", "nominalNoticeDeadline": "2027-01-30",
        "decision": None}
    visma = by_name(catalog["contracts"], "sup-visma-ekonomi")
    assert visma["effectiveEnd"] == "2027-02-28"
    assert visma["terms"][-1]["decision"]["action"] == "terminate"
    assert visma["nextNoticeDeadline"] is None
    assert by_name(catalog["contracts"], "sup-atea-klienter")["effectiveEnd"] == "2027-03-31"
    unit4 = by_name(catalog["contracts"], "sup-unit4-ekonomi")
    assert (unit4["status"], unit4["phase"]) == ("draft", "preliminary")
    tieto = by_name(catalog["contracts"], "sup-tietoevry-lifecare")
    assert tieto["effectiveEnd"] is None
    assert tieto["terms"] == [{"index": 0, "start": "2019-01-01", "end": None,
                               "noticeDeadline": None, "nominalNoticeDeadline": None,
                               "decision": None}]


def test_contract_facts_are_carried_over(catalog: dict) -> None:
    ricoh = by_name(catalog["contracts"], "sup-ricoh-print")
    assert ricoh["value"] == {"amount": 480000, "currency": "SEK", "per": "year"}
    assert ricoh["renewal"] == {"mode": "automatic", "term": "P1Y", "max": 2}
    assert ricoh["fields"]["costCenter"] == "4410"
    assert ricoh["covers"][0] == {"asset": "PRN-0001", "type": "printer"}
    assert ricoh["source"] == "contracts.d/sup-ricoh-print.yaml"
    event = next(e for e in ricoh["events"] if e["kind"] == "noticeDeadline")
    assert event == {"id": "sup-ricoh-print/noticeDeadline/0", "kind": "noticeDeadline",
                     "index": 0, "date": "2026-09-30", "decided": True}


def test_slas_carry_their_resolved_window_and_matrix(catalog: dict) -> None:
    sla = by_name(catalog["slas"], "sla-infrastructure")
    assert sla["window"] == {"name": "extended-hours", "displayName": "Utökad tid",
                             "timezone": "Europe/Stockholm"}
    matrix = sla["matrix"]
    assert matrix["name"] == "infrastructure"
    assert list(matrix["grid"]) == matrix["impact"]
    assert list(sla["targets"]) == [p for p in matrix["priorities"] if p in sla["targets"]]
    assert sla["targets"]["P1"]["response"].startswith("PT")


def test_catalog_is_not_written_when_the_project_has_errors(example: Path, run,
                                                            tmp_path: Path) -> None:
    contract = example / "contracts.d" / "sup-ricoh-print.yaml"
    contract.write_text(contract.read_text().replace("end: 2026-12-31", "end: 2023-12-31"))
    result = run("-C", str(example), "build", "--today", "2026-12-04",
                 "--out", str(tmp_path / "dist"))
    assert result.exit_code == 1
    assert "SLM301 end-before-start" in result.output
    assert not (tmp_path / "dist").exists()
