"""`journalgen serve`: build, serve the site on loopback, rebuild on save, reload open pages.

Only files inside the output folder are served; a request for anything else, a `..` path or a
symlink leading out gets 404, a foreign Host header 403 (DNS rebinding). The live-reload script
and any error banner are added to pages as they are sent, never written into the site.
"""

from __future__ import annotations

import contextlib
import errno
import html
import ipaddress
import os
import queue
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from journalgen.build import BuildState, build
from journalgen.config import CONFIG_NAME, Config, load_config
from journalgen.errors import JournalError
from journalgen.lock.cipher import SiteKey
from journalgen.source.html import url_parts
from journalgen.source.scan import is_ignored

EVENTS_PATH = "/__journalgen/events"
SCRIPT_PATH = "/__journalgen/reload.js"
STYLE_PATH = "/__journalgen/reload.css"
DEBOUNCE_SECONDS = 0.05
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}

RELOAD_JS = b"""// journalgen serve: reload this page after each rebuild, keeping the scroll position.
(function () {
  var key = "journalgen-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener("load", function () { window.scrollTo(0, parseInt(saved, 10) || 0); });
  }
  var source = new EventSource("/__journalgen/events");
  source.addEventListener("rebuilt", function () {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  });
})();
"""

RELOAD_CSS = b""".journalgen-error {
  margin: 0; padding: 1rem 1.25rem; background: #fdf0e1; color: #3b2a16;
  border-bottom: 2px solid #b4690e; font: 0.95rem/1.45 system-ui, sans-serif;
}
.journalgen-error pre { white-space: pre-wrap; margin: 0.5rem 0 0; font-size: 0.9rem; }
@media (prefers-color-scheme: dark) {
  .journalgen-error { background: #3a2c1c; color: #f6e7d3; border-color: #e0a45c; }
}
"""


@dataclass
class ServeState:
    """What the server knows of the latest build, shared between threads."""

    problems: list[str] = field(default_factory=list)
    generation: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    listeners: list[queue.Queue[int]] = field(default_factory=list)

    def publish(self, problems: list[str]) -> None:
        with self.lock:
            self.problems = problems
            self.generation += 1
            for listener in self.listeners:
                listener.put(self.generation)

    def subscribe(self) -> queue.Queue[int]:
        listener: queue.Queue[int] = queue.Queue()
        with self.lock:
            self.listeners.append(listener)
        return listener

    def unsubscribe(self, listener: queue.Queue[int]) -> None:
        with self.lock:
            if listener in self.listeners:
                self.listeners.remove(listener)


def is_loopback_host(host: str) -> bool:
    """True for localhost and loopback addresses (what may be bound without --allow-network)."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _host_name(header: str) -> str:
    header = header.strip().lower()
    if header.startswith("["):
        return header[: header.find("]") + 1] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def resolve_request_path(root: Path, raw_path: str) -> Path | None:
    """The file a URL path names inside root, or None: no `..`, no escape through symlinks."""
    parts = url_parts(raw_path)
    if parts is None:
        return None
    path = unquote(parts.path)
    if "\0" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    target = root.joinpath(*parts)
    try:
        real = target.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    base = root.resolve()
    if real != base and base not in real.parents:
        return None
    if real.is_dir():
        real = real / "index.html"
        if not real.is_file():
            return None
    if any(p.startswith(".") for p in parts):
        return None
    return real if real.is_file() else None


_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
}


def make_handler(output: Path, state: ServeState, allowed_hosts: set[str]) -> type[BaseHTTPRequestHandler]:
    """A request handler serving `output` only, with live reload added to HTML pages."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "journalgen"
        sys_version = ""

        def version_string(self) -> str:
            return "journalgen"

        def log_message(self, format: str, *args: object) -> None:
            pass  # a quiet terminal: only builds and errors are worth saying

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _refuse(self, status: HTTPStatus, text: str) -> None:
            self._send(status, f"{status.value} {text}\n".encode(), "text/plain; charset=utf-8")

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            if _host_name(self.headers.get("Host", "")) not in allowed_hosts:
                self._refuse(HTTPStatus.FORBIDDEN, "Forbidden: this journal answers only on its own address")
                return
            parts = url_parts(self.path)
            if parts is None:
                self._refuse(HTTPStatus.BAD_REQUEST, "Bad request")
                return
            path = parts.path
            if path == EVENTS_PATH:
                self._events()
                return
            if path == SCRIPT_PATH:
                self._send(200, RELOAD_JS, _TYPES[".js"])
                return
            if path == STYLE_PATH:
                self._send(200, RELOAD_CSS, _TYPES[".css"])
                return
            if ".." in unquote(path).split("/"):
                self._refuse(HTTPStatus.BAD_REQUEST, "Bad request")
                return
            target = resolve_request_path(output, self.path) if output.is_dir() else None
            if target is None:
                with state.lock:
                    broken = bool(state.problems)
                if broken and path.endswith((".html", "/")):
                    page = b"<!DOCTYPE html><html><head><title>Not built</title></head><body></body></html>"
                    self._send(404, self._decorate(page), _TYPES[".html"])
                else:
                    self._refuse(HTTPStatus.NOT_FOUND, "Not found")
                return
            try:
                body = target.read_bytes()
            except OSError:
                self._refuse(HTTPStatus.NOT_FOUND, "Not found")
                return
            kind = _TYPES.get(target.suffix.lower(), "application/octet-stream")
            if target.suffix.lower() == ".html":
                body = self._decorate(body)
            self._send(200, body, kind)

        def _decorate(self, page: bytes) -> bytes:
            with state.lock:
                problems = list(state.problems)
            head = f'<link rel="stylesheet" href="{STYLE_PATH}">'.encode()
            tail = f'<script src="{SCRIPT_PATH}"></script>'.encode()
            page = page.replace(b"</head>", head + b"</head>", 1)
            if problems:
                items = html.escape("\n".join(problems))
                banner = (
                    '<div class="journalgen-error" role="alert"><strong>The last save could not be '
                    "built.</strong> This page is the last good version; fix the entry and save "
                    f"again.<pre>{items}</pre></div>"
                ).encode()
                page = page.replace(b"<body>", b"<body>" + banner, 1)
            return page.replace(b"</body>", tail + b"</body>", 1)

        def _events(self) -> None:
            listener = state.subscribe()
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(b"retry: 500\n\n")
                self.wfile.flush()
                while not getattr(self.server, "stopping", False):
                    try:
                        generation = listener.get(timeout=15)
                    except queue.Empty:
                        self.wfile.write(b": keep-alive\n\n")
                    else:
                        self.wfile.write(f"event: rebuilt\ndata: {generation}\n\n".encode())
                    self.wfile.flush()
            except OSError:
                pass  # the page went away
            finally:
                state.unsubscribe(listener)

    return Handler


class Rebuilder:
    """Runs builds on a background thread: debounced, one at a time, surviving every error."""

    def __init__(
        self, config: Config, state: ServeState, say: Callable[[str], None], key: SiteKey | None = None
    ) -> None:
        self.base_config = config
        self.key = key
        self.state = state
        self.say = say
        self._pending: set[str] = set()
        self._last_event = 0.0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="journalgen-rebuild")
        self.builds = 0
        self.build_state = BuildState()
        """What builds learned (entries, HTML, the site's manifest): a rebuild redoes only what changed."""

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join()

    def changed(self, path: str) -> None:
        with self.state.lock:
            self._pending.add(path)
            self._last_event = time.monotonic()
        self._wake.set()

    def build_once(self) -> bool:
        """Build now; print and publish the outcome. True when the build succeeded."""
        started = time.monotonic()
        try:
            config = replace(
                load_config(self.base_config.root),
                output=self.base_config.output,
                drafts=self.base_config.drafts,
            )
            if self.base_config.encrypt:
                config = replace(config, encrypt=True)
            report = build(config, self.key, state=self.build_state)
        except JournalError as exc:
            lines = [str(p) for p in exc.problems]
            for line in lines:
                self.say(line)
            self.say("The site still shows the last good build; fix the entry and save again.")
            self.state.publish(lines)
            return False
        except Exception as exc:  # a crash in one rebuild must not stop the server
            line = f"journalgen: internal error while building ({type(exc).__name__}: {exc})"
            self.say(line)
            self.state.publish([line])
            return False
        self.builds += 1
        took = time.monotonic() - started
        verb = "Built" if self.builds == 1 else "Rebuilt"
        self.say(f"{verb} {report.entries} entries in {took:.2f} s ({len(report.written)} files written).")
        self.state.publish([])
        return True

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait()
            self._wake.clear()
            while not self._stop.is_set():
                with self.state.lock:
                    quiet_for = time.monotonic() - self._last_event
                    ready = bool(self._pending) and quiet_for >= DEBOUNCE_SECONDS
                    if ready:
                        self._pending.clear()
                if ready:
                    self.build_once()
                    continue
                with self.state.lock:
                    if not self._pending:
                        break
                time.sleep(max(0.01, DEBOUNCE_SECONDS - quiet_for))


def relevant(path: str, config: Config) -> bool:
    """Whether a changed path can change the site (editor leftovers and the output cannot)."""
    p = Path(path)
    try:
        rel = p.resolve().relative_to(config.root.resolve())
    except ValueError:
        rel = None
    out = config.output_dir
    if p == out or out in p.parents:
        return False
    if rel is None:
        return False
    parts = rel.parts
    if not parts:
        return False
    if len(parts) == 1:
        return parts[0] == CONFIG_NAME
    if parts[0] not in ("entries", "templates"):
        return False
    return not any(is_ignored(part) for part in parts)


def start_watching(config: Config, on_change: Callable[[str], None], say: Callable[[str], None]) -> object:
    """Watch entries/, templates/ and journal.toml; fall back to polling at the inotify limit."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    folders = {str(config.entries_dir), str(config.templates_dir)}
    watches: dict[str, Any] = {}
    lock = threading.Lock()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in ("opened", "closed_no_write"):
                return
            if event.is_directory and event.event_type == "modified":
                return
            for path in (event.src_path, getattr(event, "dest_path", "")):
                path = os.fsdecode(path)
                if event.is_directory and path in folders:
                    follow(path)  # templates/ (or entries/) made, moved or removed while serving
                elif path and relevant(path, config):
                    on_change(path)

    handler = Handler()

    def follow(folder: str) -> None:
        """Watch a folder that appeared since serve started (and forget one that went), then rebuild."""
        with lock:
            old = watches.pop(folder, None)
            if old is not None:
                with contextlib.suppress(KeyError, OSError):
                    observer.unschedule(old)
            if os.path.isdir(folder):
                watches[folder] = observer.schedule(handler, folder, recursive=True)
        on_change(folder)

    def schedule() -> None:
        observer.schedule(handler, str(config.root), recursive=False)
        for folder in sorted(folders):
            if os.path.isdir(folder):
                watches[folder] = observer.schedule(handler, folder, recursive=True)

    observer: Any = Observer()
    try:
        schedule()
        observer.start()
        return observer
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EMFILE):
            raise
        say("The system's file-watch limit is reached; watching by polling every second instead.")
    watches.clear()
    observer = PollingObserver(timeout=1)
    schedule()
    observer.start()
    return observer


def bind(
    host: str, port: int, handler: type[BaseHTTPRequestHandler], say: Callable[[str], None]
) -> ThreadingHTTPServer:
    """Bind host:port, or the next free port after a busy one (said on the terminal)."""
    ThreadingHTTPServer.allow_reuse_address = False
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET

    class Server(ThreadingHTTPServer):
        address_family = family
        daemon_threads = True
        stopping = False

    for candidate in range(port, port + 50):
        try:
            server = Server((host.strip("[]"), candidate), handler)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise JournalError.at(
                    f"{host}:{candidate}", None, f"cannot serve here: {exc.strerror}"
                ) from None
            continue
        if candidate != port:
            say(f"Port {port} is busy; using {candidate} instead.")
        return server
    raise JournalError.at(f"{host}:{port}", None, "ports are busy; pass --port with a free one")


def serve(
    config: Config,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    allow_network: bool = False,
    say: Callable[[str], None] | None = None,
    key: SiteKey | None = None,
) -> int:
    """Build, serve and rebuild on change until Ctrl-C. Returns the exit code.

    With a `key`, every build is locked (when the config asks for it) with that same key.
    """
    out = print if say is None else say

    def tell(line: str) -> None:
        out(line)
        sys.stdout.flush()

    if not is_loopback_host(host):
        if not allow_network:
            raise JournalError.at(
                host,
                None,
                "serving beyond this computer makes your journal reachable from the network; "
                "add --allow-network if you really mean it",
            )
        tell(f"Warning: serving on {host}: anyone on your network can read this journal.")

    state = ServeState()
    rebuilder = Rebuilder(config, state, tell, key)
    rebuilder.build_once()
    output = config.output_dir
    allowed = set(LOOPBACK_NAMES) | {host.lower()}
    server = bind(host, port, make_handler(output, state, allowed), tell)
    bound_port = server.server_address[1]
    shown_host = f"[{host.strip('[]')}]" if ":" in host else host
    url = (
        f"http://{'localhost' if host in ('127.0.0.1', 'localhost') else shown_host}:{bound_port}/index.html"
    )
    observer = start_watching(config, rebuilder.changed, tell)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    try:
        rebuilder.start()
        thread.start()
        tell(f"Serving {output} at {url} (Ctrl-C to stop).")
        if open_browser:
            import webbrowser

            webbrowser.open(url)
        while thread.is_alive():
            thread.join(0.5)
    except KeyboardInterrupt:
        tell("Stopping.")
    finally:
        server.stopping = True  # type: ignore[attr-defined]
        observer.stop()  # type: ignore[attr-defined]
        rebuilder.stop()
        if thread.is_alive():
            server.shutdown()
        server.server_close()
        observer.join(timeout=2)  # type: ignore[attr-defined]
    return 0
