"""The HTTP server for subscriptions: types, validators, 304, methods, and nothing outside."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from email.utils import formatdate
from pathlib import Path

import pytest

from slmspec import serve
from slmspec.build import BuildResult, build_once
from slmspec.watch import fingerprint, source_folders, watch

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "dist"
    (root / "feeds/people").mkdir(parents=True)
    (root / "feeds/all.ics").write_bytes(ICS)
    (root / "feeds/people/anna.ics").write_bytes(ICS)
    (root / "catalog.json").write_text("{}\n")
    (root / "reminders.csv").write_text("id\n")
    (root / "index.html").write_text("<!doctype html><title>x</title>\n")
    (root / ".hidden").write_text("secret\n")
    (tmp_path / "secret.txt").write_text("outside\n")
    (root / "feeds/escape.ics").symlink_to(tmp_path / "secret.txt")
    (root / "feeds/escape-dir").symlink_to(tmp_path)
    return root


@pytest.fixture
def server(site: Path):
    running = serve.start(site, "127.0.0.1", 0)
    yield running
    running.stop()


def request(server, method: str, path: str, headers: dict[str, str] | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    connection.request(method, path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def raw_request(server, target: str) -> bytes:
    """Send a request target byte for byte, without any client-side normalisation."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return data


@pytest.mark.parametrize(("path", "kind"), [
    ("/feeds/all.ics", "text/calendar; charset=utf-8"),
    ("/catalog.json", "application/json"),
    ("/reminders.csv", "text/csv; charset=utf-8"),
    ("/", "text/html; charset=utf-8"),
    ("/index.html", "text/html; charset=utf-8"),
])
def test_content_types(server, path: str, kind: str) -> None:
    """Each output is served with its media type; feeds as text/calendar in UTF-8."""
    response, _ = request(server, "GET", path)
    assert response.status == 200
    assert response.getheader("Content-Type") == kind
    assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_get_and_head_carry_validators(server) -> None:
    """A strong ETag from the content and Last-Modified; HEAD has the headers, no body."""
    response, body = request(server, "GET", "/feeds/all.ics")
    assert body == ICS
    etag = response.getheader("ETag")
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert response.getheader("Last-Modified").endswith(" GMT")
    assert response.getheader("Content-Length") == str(len(ICS))
    head, head_body = request(server, "HEAD", "/feeds/all.ics")
    assert head.status == 200
    assert head_body == b""
    assert head.getheader("ETag") == etag
    assert request(server, "GET", "/feeds/people/anna.ics")[0].getheader("ETag") == etag


def test_conditional_requests_get_304(server, site: Path) -> None:
    """If-None-Match and If-Modified-Since answer 304; a changed file answers 200 again."""
    first, _ = request(server, "GET", "/feeds/all.ics")
    etag, modified = first.getheader("ETag"), first.getheader("Last-Modified")
    again, body = request(server, "GET", "/feeds/all.ics", {"If-None-Match": etag})
    assert (again.status, body) == (304, b"")
    assert again.getheader("ETag") == etag
    assert request(server, "GET", "/feeds/all.ics",
                   {"If-None-Match": f'"other", W/{etag}'})[0].status == 304
    since = {"If-Modified-Since": modified}
    assert request(server, "GET", "/feeds/all.ics", since)[0].status == 304
    old = formatdate(0, usegmt=True)
    assert request(server, "GET", "/feeds/all.ics", {"If-Modified-Since": old})[0].status == 200
    assert request(server, "GET", "/feeds/all.ics",
                   {"If-None-Match": '"other"', "If-Modified-Since": modified})[0].status == 200
    (site / "feeds/all.ics").write_bytes(ICS.replace(b"2.0", b"2.0\r\nX-A:b"))
    changed, body = request(server, "GET", "/feeds/all.ics", {"If-None-Match": etag})
    assert changed.status == 200
    assert changed.getheader("ETag") != etag
    assert b"X-A:b" in body


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"])
def test_other_methods_get_405_with_allow(server, method: str) -> None:
    """Only GET and HEAD: everything else is 405 and says what is allowed."""
    response, _ = request(server, method, "/feeds/all.ics")
    assert response.status == 405
    assert response.getheader("Allow") == "GET, HEAD"


@pytest.mark.parametrize("target", [
    "/../secret.txt",
    "/feeds/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/feeds/%2E%2E/%2e%2e/secret.txt",
    "/feeds/..%2f..%2fsecret.txt",
    "/feeds/%2e%2e%5c%2e%2e%5csecret.txt",
    "/..%5csecret.txt",
    "//etc/passwd",
    "/feeds/escape.ics",
    "/feeds/escape-dir/secret.txt",
    "/.hidden",
    "/feeds/%00all.ics",
    "/feeds/%ff.ics",
    "/feeds/",
    "/feeds/people",
    "/missing.ics",
    "http://evil.example/../secret.txt",
])
def test_nothing_outside_the_folder_and_no_listings(server, target: str) -> None:
    """Traversal (plain, encoded, backslash, symlinks), dot-files and folders all give 404."""
    answer = raw_request(server, target)
    assert answer.startswith(b"HTTP/1.1 404 "), answer[:80]
    assert b"outside" not in answer
    assert b"root:" not in answer


def test_resolve_request_stays_inside(site: Path) -> None:
    """The path check alone: inside files resolve, everything else is None."""
    assert serve.resolve_request(site, "/feeds/all.ics") == (site / "feeds/all.ics").resolve()
    assert serve.resolve_request(site, "/feeds/all.ics?x=1#y") is not None
    assert serve.resolve_request(site, "/") == (site / "index.html").resolve()
    assert serve.resolve_request(site, "/feeds/escape.ics") is None
    assert serve.resolve_request(site, "/a/../../secret.txt") is None


def test_subscription_urls(site: Path) -> None:
    """webcal:// URLs of every feed that would be served, sorted, with the bound host and port."""
    assert serve.subscription_urls(site, "127.0.0.1", 8080) == [
        "webcal://127.0.0.1:8080/feeds/all.ics",
        "webcal://127.0.0.1:8080/feeds/people/anna.ics",
    ]
    urls = serve.subscription_urls(site, "::1", 9)
    assert "webcal://[::1]:9/feeds/all.ics" in urls


def test_watch_rebuilds_and_keeps_the_last_good_output(example: Path, tmp_path: Path) -> None:
    """A source change rebuilds; a change with errors keeps the previous output."""
    out = tmp_path / "out"
    baseline = fingerprint(example, source_folders(None))
    first = build_once(example, out, None)
    assert first.written
    results: list[BuildResult] = []
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(example, out, None, results.append, stop),
                              kwargs={"interval": 0.05, "last": first, "baseline": baseline})
    thread.start()
    try:
        contract = example / "contracts.d/sup-ricoh-print.yaml"
        contract.write_text(contract.read_text().replace("Skrivarleasing Ricoh", "Skrivare Ricoh"))
        wait_for(lambda: len(results) == 1)
        assert results[0].written
        assert "Skrivare Ricoh" in (out / "feeds/all.ics").read_text(encoding="utf-8")
        contract.write_text(contract.read_text().replace("owner: erik", "owner: nobody"))
        wait_for(lambda: len(results) == 2)
        assert not results[1].written
        assert any(d.code == "SLM201" or "nobody" in d.message
                   for d in results[1].compilation.diagnostics)
        assert "Skrivare Ricoh" in (out / "feeds/all.ics").read_text(encoding="utf-8")
    finally:
        stop.set()
        thread.join(timeout=5)


def wait_for(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def start_cli(*args: str, cwd: Path) -> tuple[subprocess.Popen, int, list[str]]:
    """Run `slmspec serve` as a user would and read the port it printed."""
    process = subprocess.Popen(
        [sys.executable, "-m", "slmspec", "serve", "--port", "0", *args], cwd=cwd,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1796342400"})
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line.rstrip("\n"))
        match = re.search(r"at http://127\.0\.0\.1:(\d+)/", line)
        if match:
            return process, int(match.group(1)), lines
    process.kill()
    raise AssertionError("no address printed:\n" + "\n".join(lines) + process.stderr.read())


def test_cli_builds_first_prints_webcal_urls_and_stops_cleanly(example: Path) -> None:
    """Without dist/ it builds, prints webcal:// URLs, serves; Ctrl-C ends it without a trace."""
    process, port, _ = start_cli("--today", "2026-12-04", cwd=example)
    try:
        lines = [process.stdout.readline().rstrip("\n") for _ in range(3)]
        assert lines[0] == "Subscribe in your calendar:"
        assert lines[1] == f"  webcal://127.0.0.1:{port}/feeds/all.ics"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/feeds/all.ics")
        response = connection.getresponse()
        assert response.status == 200
        assert b"Skrivarleasing Ricoh" in response.read()
        connection.close()
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "Traceback" not in out + err
    assert out.rstrip().endswith("Stopped.")
    assert (example / "dist/feeds/all.ics").is_file()


def test_cli_refuses_a_busy_port(example: Path, run) -> None:
    """A port in use is a usage error (exit 2) with one line, not a traceback."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert run("-C", str(example), "build", "--today", "2026-12-04").exit_code == 0
        result = run("-C", str(example), "serve", "--port", str(port))
    assert result.exit_code == 2
    assert "cannot listen on 127.0.0.1:" in result.output


def test_cli_with_errors_and_nothing_built_exits_1(example: Path, run) -> None:
    """Nothing to serve when the first build fails: the diagnostics and exit 1, no server."""
    contract = example / "contracts.d/sup-ricoh-print.yaml"
    contract.write_text(contract.read_text().replace("owner: erik", "owner: nobody"))
    result = run("-C", str(example), "serve", "--port", "0", "--today", "2026-12-04")
    assert result.exit_code == 1
    assert "sup-ricoh-print.yaml" in result.output
    assert "Nothing to serve" in result.output
    assert not (example / "dist").exists()


def test_fingerprint_sees_sources_and_survives_link_loops(example: Path) -> None:
    """Every source file counts once; a folder link back to its parent does not loop."""
    (example / "contracts.d/loop").symlink_to(example / "contracts.d")
    prints = fingerprint(example, ["contracts.d", "sla.d", "matrices"])
    names = [Path(p).name for p, _, _ in prints]
    assert "slmspec.yaml" in names
    assert "sup-ricoh-print.yaml" in names
    assert len(names) == len(set(names))
    (example / "matrices/standard.yaml").write_text("changed: true\n")
    assert fingerprint(example, ["contracts.d", "sla.d", "matrices"]) != prints
