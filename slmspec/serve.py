"""A small static HTTP server for the built folder, made for calendar subscriptions.

Calendar clients poll feeds for years, so the server answers conditional
requests (strong ``ETag`` from the content, ``Last-Modified``, ``304``) and
never shows more than the built folder: no directory listings, no dot-files,
no ``..`` (plain or percent-encoded), no symbolic link that leads out.  Only
GET and HEAD are allowed.  It binds to loopback unless told otherwise.
"""

from __future__ import annotations

import hashlib
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import __version__

CONTENT_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
}
ALLOWED = "GET, HEAD"


def content_type(path: Path) -> str:
    return CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")


def resolve_request(folder: Path, target: str) -> Path | None:
    """The file a request target names inside ``folder``, or None (→ 404).

    ``target`` is the raw request target; it is decoded once and must not
    contain ``..``, ``.`` or dot-file segments, backslashes or NUL.  The
    result is checked again after symbolic links are resolved.
    """
    raw = urlsplit(target).path
    try:
        decoded = unquote(raw, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\\" in decoded or "\0" in decoded or not decoded.startswith("/"):
        return None
    segments = [s for s in decoded.split("/") if s]
    if any(s.startswith(".") for s in segments):
        return None
    try:
        root = folder.resolve(strict=True)
        path = root.joinpath(*segments).resolve(strict=True)
        path.relative_to(root)
    except (OSError, ValueError, RuntimeError):
        return None
    if path.is_dir():
        index = path / "index.html"
        return index if index.is_file() else None
    return path if path.is_file() else None


def entity_tag(data: bytes) -> str:
    """A strong validator: the same bytes always give the same tag, on every machine."""
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


def not_modified(headers, etag: str, modified: datetime) -> bool:
    """RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since counts only without it."""
    none_match = headers.get("If-None-Match")
    if none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in none_match.split(",")}
        return "*" in tags or etag in tags
    since = headers.get("If-Modified-Since")
    if since is None:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError, IndexError):
        return False
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return modified.replace(microsecond=0) <= when


class FeedRequestHandler(BaseHTTPRequestHandler):
    """Serves ``self.server.folder``; every other method gets 405 with ``Allow``."""

    server_version = f"slmspec/{__version__}"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._serve(body=True)

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def __getattr__(self, name: str):
        if name.startswith("do_"):
            return self._not_allowed
        raise AttributeError(name)

    def version_string(self) -> str:
        return self.server_version

    def _not_allowed(self) -> None:
        self.close_connection = True  # an unread request body must not be taken for a request
        self._plain(HTTPStatus.METHOD_NOT_ALLOWED, "Method not allowed\n", {"Allow": ALLOWED})

    def _serve(self, body: bool) -> None:
        path = resolve_request(self.server.folder, self.path)
        if path is None:
            self._plain(HTTPStatus.NOT_FOUND, "Not found\n", body=body)
            return
        try:
            data = path.read_bytes()
            modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        except OSError:
            self._plain(HTTPStatus.NOT_FOUND, "Not found\n", body=body)
            return
        etag = entity_tag(data)
        headers = {
            "ETag": etag,
            "Last-Modified": formatdate(modified.timestamp(), usegmt=True),
            "Cache-Control": "no-cache",
        }
        if not_modified(self.headers, etag, modified):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self._headers(headers)
            return
        self.send_response(HTTPStatus.OK)
        headers["Content-Type"] = content_type(path)
        headers["Content-Length"] = str(len(data))
        self._headers(headers)
        if body:
            self.wfile.write(data)

    def _plain(self, status: HTTPStatus, text: str, extra: dict[str, str] | None = None,
               body: bool = True) -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self._headers({**(extra or {}), "Content-Type": "text/plain; charset=utf-8",
                       "Content-Length": str(len(data))})
        if body:
            self.wfile.write(data)

    def _headers(self, headers: dict[str, str]) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def log_message(self, format: str, *args) -> None:
        log = self.server.log
        if log is not None:
            log(f"{self.address_string()} {format % args}")


class FeedServer(ThreadingHTTPServer):
    """A threading HTTP server that knows its folder and where to log requests."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], folder: Path,
                 log: Callable[[str], None] | None = None) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.folder = folder
        self.log = log
        super().__init__(address, FeedRequestHandler)

    def handle_error(self, request, client_address) -> None:
        """A client that hangs up is normal; anything else is one log line, not a traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError) or self.log is None:
            return
        self.log(f"{client_address[0]} request failed: {type(error).__name__}: {error}")


@dataclass
class RunningServer:
    """A server answering in a background thread; ``port`` is the one actually bound."""

    server: FeedServer
    thread: threading.Thread

    @property
    def host(self) -> str:
        return self.server.server_address[0]

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def start(folder: Path, host: str = "127.0.0.1", port: int = 0,
          log: Callable[[str], None] | None = None) -> RunningServer:
    """Listen on ``host:port`` (0 = any free port) and answer in a daemon thread."""
    server = FeedServer((host, port), folder, log)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              name="slmspec-serve", daemon=True)
    thread.start()
    return RunningServer(server, thread)


def public_host(host: str) -> str:
    """The host name to put in URLs: the machine's name for a wildcard bind."""
    if host in ("", "0.0.0.0", "::"):
        return socket.getfqdn()
    return f"[{host}]" if ":" in host else host


def subscription_urls(folder: Path, host: str, port: int) -> list[str]:
    """``webcal://`` URLs of every feed in the built folder, sorted."""
    feeds = folder / "feeds"
    if not feeds.is_dir():
        return []
    name = public_host(host)
    paths = sorted(path.relative_to(folder).as_posix() for path in feeds.rglob("*.ics"))
    return [f"webcal://{name}:{port}/{rel}" for rel in paths
            if resolve_request(folder, "/" + rel) is not None]
