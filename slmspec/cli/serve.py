"""``slmspec serve``: serve the built folder so calendars can subscribe to its feeds."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import click

from ..build import BuildResult, build_once
from ..report import render
from ..serve import start, subscription_urls
from ..watch import Fingerprint, fingerprint, source_folders, watch
from .common import EXIT_PROJECT_ERRORS, EXIT_USAGE, TODAY, project_root, use_color

LOOPBACK = ("127.0.0.1", "::1", "localhost")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback serves the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True,
              help="Port to listen on (0 picks a free one).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to serve (default: dist/ in the project); built first if missing.")
@click.option("--watch", is_flag=True,
              help="Build now and again whenever a source file changes.")
@TODAY
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, out: Path | None, watch: bool,
          today) -> None:
    """Serve the built output (feeds, catalog, reminders) over HTTP for subscription.

    Calendar clients get text/calendar with ETag and Last-Modified, so they
    refresh cheaply.  Only GET and HEAD; nothing outside the folder is served.
    A rebuild that finds errors keeps the previous output online.  Ctrl-C stops.

    \b
    Example:
      slmspec build && slmspec serve
      slmspec serve --watch --port 8000
    """
    root = project_root(ctx)
    target = out if out is not None else root / "dist"
    last: BuildResult | None = None
    baseline = fingerprint(root, source_folders(None)) if watch else None
    if watch or not target.is_dir():
        last = build_once(root, target, today)
        _report(last, target)
        if not target.is_dir():
            ctx.exit(EXIT_PROJECT_ERRORS)
    try:
        running = start(target, host, port, log=lambda line: click.echo(line, err=True))
    except OSError as err:
        click.echo(f"slmspec: cannot listen on {host}:{port}: {err.strerror or err}", err=True)
        ctx.exit(EXIT_USAGE)
    click.echo(f"Serving {target} at http://{_url_host(host)}:{running.port}/ (Ctrl-C stops)")
    if host not in LOOPBACK:
        click.echo(f"Note: listening on {host}, reachable from other machines.")
    urls = subscription_urls(target, host, running.port)
    if urls:
        click.echo("Subscribe in your calendar:")
        for url in urls:
            click.echo(f"  {url}")
    stop = threading.Event()
    previous = _stop_on_sigterm(stop)
    try:
        if watch:
            watch_loop(root, target, today, stop, last, baseline)
        else:
            while not stop.wait(3600):
                pass
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        running.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    click.echo("Stopped.")


def watch_loop(root: Path, target: Path, today, stop: threading.Event,
               last: BuildResult | None, baseline: Fingerprint | None) -> None:
    click.echo("Watching the sources for changes.")
    watch(root, target, today, lambda result: _report(result, target), stop, last=last,
          baseline=baseline)


def _stop_on_sigterm(stop: threading.Event):
    """``kill`` (SIGTERM) stops as cleanly as Ctrl-C does; returns the handler it replaced."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, lambda *_: stop.set())


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _report(result: BuildResult, target: Path) -> None:
    """Print a build's diagnostics and what became of the output."""
    if result.compilation is not None and result.compilation.diagnostics:
        text = render("text", result.compilation.diagnostics, color=use_color())
        click.echo(text, nl=not text.endswith("\n"))
    if result.error:
        click.echo(f"slmspec: {result.error}", err=True)
    if result.written:
        click.echo(f"Built {target}")
    elif target.is_dir():
        click.echo("Build failed: still serving the previous output.", err=True)
    else:
        click.echo("Nothing to serve: fix the errors above first.", err=True)
