"""A real subscription client: vdirsyncer pulls from `slmspec serve`, khal lists what arrived.

vdirsyncer's ``http`` storage reads a subscribed feed as calendar clients do,
splits it into items and stores them in a folder; khal reads that folder.
vdirsyncer's http storage always replaces UIDs with a hash of the item's
content, so events are matched on (date, summary), and the UID is checked on
the feed as served.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.request
from collections import Counter
from pathlib import Path

import icalendar
import pytest

ENV = {**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1796342400"}
TODAY = "2026-12-04"


@pytest.fixture
def served(example: Path):
    """`slmspec serve` on a free loopback port, as a separate process; yields its port."""
    process = subprocess.Popen(
        [sys.executable, "-m", "slmspec", "serve", "--port", "0", "--today", TODAY],
        cwd=example, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=ENV)
    port = None
    for line in process.stdout:
        match = re.search(r"at http://127\.0\.0\.1:(\d+)/", line)
        if match:
            port = int(match.group(1))
            break
    assert port, "slmspec serve printed no address"
    yield port
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=10)
    assert process.returncode == 0


def client_configs(tmp: Path, port: int) -> tuple[Path, Path, Path]:
    store = tmp / "vdir"
    store.mkdir()
    vdirsyncer = tmp / "vdirsyncer.conf"
    vdirsyncer.write_text(f"""
[general]
status_path = "{tmp / 'status'}"

[pair deadlines]
a = "deadlines_remote"
b = "deadlines_local"
collections = null
conflict_resolution = "a wins"

[storage deadlines_remote]
type = "http"
url = "http://127.0.0.1:{port}/feeds/all.ics"

[storage deadlines_local]
type = "filesystem"
path = "{store}"
fileext = ".ics"
""")
    khal = tmp / "khal.conf"
    khal.write_text(f"""
[calendars]
[[deadlines]]
path = {store}
type = calendar
readonly = True

[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = Europe/Stockholm
default_timezone = Europe/Stockholm

[sqlite]
path = {tmp / 'khal.db'}
""")
    return vdirsyncer, khal, store


def sync(config: Path, home: Path) -> None:
    env = {**ENV, "HOME": str(home)}
    for args in (["discover"], ["sync"]):
        done = subprocess.run(["vdirsyncer", "-c", str(config), *args], env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0, done.stdout + done.stderr


def khal_list(config: Path, home: Path) -> Counter[tuple[str, str]]:
    done = subprocess.run(
        ["khal", "-c", str(config), "list", "--format", "{start-date}\t{title}",
         "--day-format", "", "2000-01-01", "20000d"],
        env={**ENV, "HOME": str(home)}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return Counter(tuple(line.split("\t", 1)) for line in done.stdout.splitlines() if line)


def feed_entries(path: Path) -> Counter[tuple[str, str]]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return Counter((e["DTSTART"].dt.isoformat(), str(e["SUMMARY"]))
                   for e in calendar.walk("VEVENT"))


def served_event(port: int, uid: str) -> icalendar.Event:
    """The VEVENT with ``uid`` in all.ics as the server hands it out."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/feeds/all.ics", timeout=10) as answer:
        assert answer.headers["Content-Type"] == "text/calendar; charset=utf-8"
        calendar = icalendar.Calendar.from_ical(answer.read())
    [event] = [e for e in calendar.walk("VEVENT") if e["UID"] == uid]
    return event


def item_for(store: Path, summary: str) -> tuple[str, str]:
    """(file name, start date) of the one stored item with ``summary``."""
    found = []
    for path in sorted(store.glob("*.ics")):
        for vevent in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            if vevent["SUMMARY"] == summary:
                found.append((path.name, vevent["DTSTART"].dt.isoformat()))
    assert len(found) == 1, found
    return found[0]


def test_vdirsyncer_and_khal_receive_every_event_and_follow_a_change(
        served: int, example: Path, tmp_path: Path, run) -> None:
    """Every event arrives; after an end date moves, the same item moves and nothing doubles."""
    vdirsyncer, khal, store = client_configs(tmp_path, served)
    sync(vdirsyncer, tmp_path)
    wanted = feed_entries(example / "dist/feeds/all.ics")
    assert len(wanted) > 100
    assert khal_list(khal, tmp_path) == wanted
    assert len(list(store.glob("*.ics"))) == sum(wanted.values())
    summary = "Avtalet upphör: GIS och bygglov, Samhällsbyggnadsförvaltningen"
    assert summary in {s for _, s in wanted}
    assert item_for(store, summary)[1] == "2027-12-31"
    uid = "cus-sbf-gis/end/0@norrvik-it"
    served_before = served_event(served, uid)

    contract = example / "contracts.d/cus-sbf-gis.yaml"
    contract.write_text(contract.read_text().replace("end: 2027-12-31", "end: 2028-03-31"))
    result = run("-C", str(example), "build", "--today", TODAY, env={"SOURCE_DATE_EPOCH":
                                                                     ENV["SOURCE_DATE_EPOCH"]})
    assert result.exit_code == 0, result.output
    sync(vdirsyncer, tmp_path)

    assert item_for(store, summary)[1] == "2028-03-31"
    served_after = served_event(served, uid)
    assert served_before["DTSTART"].dt.isoformat() == "2027-12-31"
    assert served_after["DTSTART"].dt.isoformat() == "2028-03-31"
    assert int(served_after["SEQUENCE"]) >= int(served_before["SEQUENCE"])
    changed = feed_entries(example / "dist/feeds/all.ics")
    assert khal_list(khal, tmp_path) == changed
    assert ("2028-03-31", summary) in changed
    assert ("2027-12-31", summary) not in changed
    assert len(list(store.glob("*.ics"))) == sum(changed.values())
