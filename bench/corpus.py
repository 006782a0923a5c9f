"""The benchmark's corpus: a generated project of N contracts that validates cleanly.

Besides the contracts: SLAs (N/50), service windows (N/1000, at least 3),
priority matrices (N/2000, at least 2) and a settings file with N/100 people
and the organisation's own fields.  Contracts cover both types, every renewal
mode, open-ended contracts, drafts, decisions, reviews and covered assets.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta

TODAY = date(2026, 12, 4)
PRIORITIES = ("P1", "P2", "P3", "P4", "P5")
CATEGORIES = ("hardware", "software", "telecom", "facilities", "services", "cloud")
BASE_MINUTES = {"P1": (30, 240), "P2": (60, 480), "P3": (240, 1440), "P4": (480, 2400),
                "P5": (960, 4800)}


def settings_text(people: int) -> str:
    lines = [
        "# yaml-language-server: $schema=schemas/settings.schema.json",
        "apiVersion: slmspec/v1", "kind: Settings",
        "metadata:", "  name: bench-org", '  displayName: "Benchmark kommun IT"',
        "spec:", "  timezone: Europe/Stockholm", "  locale: sv", "  horizon: P3Y", "  people:",
    ]
    for p in range(people):
        lines += [f"    person{p}:", f"      name: Person {p}",
                  f"      email: person{p}@bench.example.se"]
    lines += [
        "  roles:", "    moduleOwner: person0",
        "    customerContracts: [person1, person2]", "    supplierContracts: [person3, person4]",
        "  fields:",
        "    category:", "      type: choice", f"      values: [{', '.join(CATEGORIES)}]",
        "      required: true",
        "    costCenter:", "      type: text", '      pattern: "^[0-9]{4}$"',
        "    procurementRef:", "      type: text", '      pattern: "^UH-[0-9]{4}-[0-9]{3}$"',
        "    legacyRef:", "      type: text", "      active: false",
        "  required:", "    supplier: [value, documents]", "    customer: [slas]",
        "  reminders:", "    noticeDeadline: [P90D, P30D, P7D]", "    end: [P60D, P14D]",
        "    review: [P14D]", "    escalate: P7D",
        "  mail:", '    from: "Avtal <avtal@bench.example.se>"',
        "  sources: [contracts.d, sla.d, matrices]",
    ]
    return "\n".join(lines) + "\n"


def window_text(i: int) -> str:
    close = 16 + i % 4
    days = "\n".join(f'    {d}: ["08:00-12:00", "13:00-{close}:00"]'
                     for d in ("mon", "tue", "wed", "thu", "fri"))
    return f"""# yaml-language-server: $schema=../../schemas/servicewindow.schema.json
apiVersion: slmspec/v1
kind: ServiceWindow
metadata:
  name: window-{i}
  displayName: "Servicefönster {i}"
spec:
  timezone: Europe/Stockholm
  hours:
{days}
  holidays:
    country: SE
    categories: [public, de_facto]
    extra: [2027-01-05]
  exceptions:
    2026-12-23: ["08:00-12:00"]
"""


def matrix_text(i: int) -> str:
    return f"""# yaml-language-server: $schema=../schemas/prioritymatrix.schema.json
apiVersion: slmspec/v1
kind: PriorityMatrix
metadata:
  name: matrix-{i}
  displayName: "Matris {i}"
spec:
  impact: [organisation, department, group, person]
  urgency: [critical, high, normal, low]
  priorities: [P1, P2, P3, P4, P5]
  grid:
    organisation: [P1, P1, P2, P3]
    department: [P1, P2, P3, P4]
    group: [P2, P3, P4, P5]
    person: [P3, P4, P5, P5]
"""


def _minutes(value: int) -> str:
    hours, minutes = divmod(value, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")


def sla_text(i: int, windows: int, matrices: int) -> str:
    supplier = i % 2 == 0  # supplier SLAs are twice as fast, so they underpin the customer ones
    targets = "\n".join(
        f"    {p}: {{response: {_minutes(r // (2 if supplier else 1))}, "
        f"resolution: {_minutes(s // (2 if supplier else 1))}}}"
        for p, (r, s) in BASE_MINUTES.items())
    return f"""# yaml-language-server: $schema=../schemas/sla.schema.json
apiVersion: slmspec/v1
kind: SLA
metadata:
  name: sla-{i}
  displayName: "Servicenivå {i}"
spec:
  services: [service-{i // 2 % 20}]
  window: window-{i // 2 % windows}
  matrix: matrix-{i % matrices}
  targets:
{targets}
  objective: 0.95
  pauseOn: [waiting-for-customer]
  covers:
    assetTypes: [laptop, desktop]
"""


def _term_end(end: date, years: int, k: int) -> date:
    return end + timedelta(days=1) + relativedelta(years=years * k) - timedelta(days=1)


def contract_text(i: int, people: int, slas: int) -> str:
    supplier = i % 2 == 0
    kind = "sup" if supplier else "cus"
    owner = f"person{i % people}"
    start = date(2023, 1, 1) + timedelta(days=i % 700)
    variant = i % 5
    if variant == 2:  # no renewal: keep its one term running past today
        start += relativedelta(years=1)
    end = start + relativedelta(years=3) - timedelta(days=1)
    lines = [
        "# yaml-language-server: $schema=../schemas/contract.schema.json",
        "apiVersion: slmspec/v1", "kind: Contract", "metadata:",
        f"  name: {kind}-contract-{i}",
        f'  displayName: "Avtal nummer {i}"',
        f'  description: "Genererat avtal {i} för prestandamätning."',
        "  labels:", f"    area: area-{i % 7}",
        "spec:",
        f"  type: {'supplier' if supplier else 'customer'}",
        f'  counterparty: "Motpart {i} AB"',
        f"  owner: {owner}",
        f"  status: {'draft' if variant == 4 and i % 10 == 9 else 'active'}",
    ]
    decisions: list[str] = []
    if variant == 4 and i % 10 == 9:  # a draft that starts next year
        start = date(2027, 3, 1) + timedelta(days=i % 200)
        end = start + relativedelta(years=2) - timedelta(days=1)
    lines.append(f"  start: {start}")
    if variant == 3:  # open-ended
        lines += ["  notice: P3M"]
    else:
        lines += [f"  end: {end}", "  notice: P3M"]
        if variant in (0, 4):
            lines += ["  renewal:", "    mode: automatic", "    term: P1Y", "    max: 3"]
            if variant == 0 and i % 4 == 0:
                target = _term_end(end, 1, 1)
                given = min(TODAY, target - relativedelta(months=5))
                decisions.append(f"    - termEnd: {target}\n      action: terminate\n"
                                 f"      by: {owner}\n      on: {given}")
        elif variant == 1:
            lines += ["  renewal:", "    mode: option", "    term: P1Y", "    max: 2"]
            decisions.append(f"    - termEnd: {end}\n      action: renew\n      by: {owner}\n"
                             f"      on: {min(TODAY, end - relativedelta(months=4))}")
        else:
            lines += ["  renewal:", "    mode: none"]
    lines += ["  review: P1Y"]
    if supplier:
        lines += ["  value:", f"    amount: {10000 + i * 7}", "    currency: SEK", "    per: year",
                  "  documents:", f'    - "https://docs.bench.example.se/avtal/{i}.pdf"']
    sla = (i % slas) // 2 * 2 + (0 if supplier else 1)
    lines += [f"  slas: [sla-{sla % slas}]", f"  services: [service-{sla // 2 % 20}]",
              "  covers:"]
    lines += [f"    - asset: AST-{i:05d}-{k}\n      type: laptop" for k in range(3)]
    lines += ["  fields:", f"    category: {CATEGORIES[i % len(CATEGORIES)]}",
              f'    costCenter: "{4000 + i % 1000}"',
              f'    procurementRef: "UH-{2020 + i % 6}-{i % 1000:03d}"']
    if i % 3 == 0:
        lines += ["  reminders:", "    noticeDeadline: [P120D, P60D]",
                  "    to: [owner, moduleOwner]"]
    if decisions:
        lines += ["  decisions:", *decisions]
    return "\n".join(lines) + "\n"


def generate(root: Path, n: int) -> dict[str, list[Path]]:
    """Write the project; return its files by group."""
    people, slas = max(6, n // 100), max(2, n // 50)
    windows, matrices = max(3, n // 1000), max(2, n // 2000)
    for folder in ("contracts.d", "sla.d/windows", "matrices"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    files: dict[str, list[Path]] = {"settings": [root / "slmspec.yaml"], "contracts": [],
                                    "others": []}
    files["settings"][0].write_text(settings_text(people), encoding="utf-8")
    for i in range(windows):
        path = root / "sla.d/windows" / f"window-{i}.yaml"
        path.write_text(window_text(i), encoding="utf-8")
        files["others"].append(path)
    for i in range(matrices):
        path = root / "matrices" / f"matrix-{i}.yaml"
        path.write_text(matrix_text(i), encoding="utf-8")
        files["others"].append(path)
    for i in range(slas):
        path = root / "sla.d" / f"sla-{i}.yaml"
        path.write_text(sla_text(i, windows, matrices), encoding="utf-8")
        files["others"].append(path)
    for i in range(n):
        kind = "sup" if i % 2 == 0 else "cus"
        path = root / "contracts.d" / f"{kind}-contract-{i}.yaml"
        path.write_text(contract_text(i, people, slas), encoding="utf-8")
        files["contracts"].append(path)
    return files
