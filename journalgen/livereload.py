"""A loopback web server for one folder, with live reload: rebuild on change, reload open pages.

Only files inside the folder are served; a `..` path, a hidden name or a symlink leading out gets
400 or 404, a foreign Host header 403 (DNS rebinding). The reload script and any error banner are
added to pages as they are sent, never written to disk. It knows nothing of what it serves: it is
given the folder, the host names, the paths to watch, which changes matter and how to rebuild.
"""

from __future__ import annotations

import contextlib
import errno
import html
import os
import queue
import socket
import threading
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from journalgen.errors import JournalError

if TYPE_CHECKING:
    from watchdog.observers.api import BaseObserver, ObservedWatch

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
_ASSETS = {SCRIPT_PATH: (RELOAD_JS, _TYPES[".js"]), STYLE_PATH: (RELOAD_CSS, _TYPES[".css"])}


class LiveState:
    """What the server knows of the latest build (its problems, its number), shared between threads."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.generation = 0
        self.lock = threading.Lock()
        self.listeners: list[queue.Queue[int]] = []

    def publish(self, problems: list[str]) -> None:
        """Record a finished build and tell every open page."""
        with self.lock:
            self.problems = list(problems)
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


def _host_name(header: str) -> str:
    header = header.strip().lower()
    if header.startswith("["):
        return header[: header.find("]") + 1] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _url_path(raw: str) -> str | None:
    """The path of a request target, or None for one urllib cannot read (`//[not-an-address]/`)."""
    try:
        return urlsplit(raw).path
    except ValueError:
        return None


def resolve_request_path(root: Path, url_path: str) -> Path | None:
    """The file a URL's (quoted) path names inside root, or None: no `..`, no escape through symlinks."""
    path = unquote(url_path)
    if "\0" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    try:
        real = root.joinpath(*parts).resolve(strict=True)
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


class Handler(BaseHTTPRequestHandler):
    """Serve the server's folder only, to its host names only, with live reload added to HTML."""

    server: LiveServer

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
        if _host_name(self.headers.get("Host", "")) not in self.server.hosts:
            self._refuse(HTTPStatus.FORBIDDEN, "Forbidden: this journal answers only on its own address")
            return
        path = _url_path(self.path)
        if path is None:
            self._refuse(HTTPStatus.BAD_REQUEST, "Bad request")
            return
        if path == EVENTS_PATH:
            self._events()
            return
        if path in _ASSETS:
            self._send(200, *_ASSETS[path])
            return
        if ".." in unquote(path).split("/"):
            self._refuse(HTTPStatus.BAD_REQUEST, "Bad request")
            return
        folder = self.server.folder
        target = resolve_request_path(folder, path) if folder.is_dir() else None
        if target is None:
            if self.server.state.problems and path.endswith((".html", "/")):
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
        """Add the reload script, its style and the last build's problems (if any) to a page."""
        problems = self.server.state.problems
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
        """Stream a `rebuilt` event after each build until the page goes away or the server stops."""
        state = self.server.state
        listener = state.subscribe()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while not self.server.stopping:
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


class LiveServer(ThreadingHTTPServer):
    """Serve `folder` to `hosts` only, a thread per request; `stopping` ends the event streams."""

    allow_reuse_address = False
    daemon_threads = True

    def __init__(self, address: tuple[str, int], folder: Path, hosts: set[str], state: LiveState) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.folder, self.hosts, self.state = folder, hosts, state
        self.stopping = False
        super().__init__(address, Handler)


def bind(
    host: str, port: int, folder: Path, hosts: set[str], state: LiveState, say: Callable[[str], None]
) -> LiveServer:
    """Bind host:port, or the next free port after a busy one (said on the terminal)."""
    for candidate in range(port, port + 50):
        try:
            server = LiveServer((host.strip("[]"), candidate), folder, hosts, state)
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


def start_watching(
    paths: Iterable[Path],
    matters: Callable[[str], bool],
    on_change: Callable[[str], None],
    say: Callable[[str], None],
) -> BaseObserver:
    """Watch paths (folders whole, and each parent for a path made or removed); poll at the inotify limit.

    `on_change(path)` is called for each changed path that `matters`, and for a watched folder
    made, moved or removed while watching (then followed: its new files are watched too).
    """
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    targets = {str(p) for p in paths}
    parents = sorted({str(Path(p).parent) for p in targets})
    watches: dict[str, ObservedWatch] = {}
    lock = threading.Lock()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in ("opened", "closed_no_write"):
                return
            if event.is_directory and event.event_type == "modified":
                return
            for path in (event.src_path, getattr(event, "dest_path", "")):
                path = os.fsdecode(path)
                if event.is_directory and path in targets:
                    follow(path)
                elif path and matters(path):
                    on_change(path)

    handler = Handler()

    def follow(folder: str) -> None:
        """Watch a folder that appeared since watching started (and forget one that went)."""
        with lock:
            old = watches.pop(folder, None)
            if old is not None:
                with contextlib.suppress(KeyError, OSError):
                    observer.unschedule(old)
            if os.path.isdir(folder):
                watches[folder] = observer.schedule(handler, folder, recursive=True)
        on_change(folder)

    def schedule() -> None:
        for parent in parents:
            if os.path.isdir(parent):
                observer.schedule(handler, parent, recursive=False)
        for folder in sorted(targets):
            if os.path.isdir(folder):
                watches[folder] = observer.schedule(handler, folder, recursive=True)

    observer: BaseObserver = Observer()
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


class Rebuilder:
    """Runs `rebuild` on a background thread: debounced, one at a time, surviving every error.

    `rebuild()` builds, says how it went and returns the problems to show (none when it worked).
    """

    def __init__(
        self, rebuild: Callable[[], list[str]], state: LiveState, say: Callable[[str], None]
    ) -> None:
        self.rebuild = rebuild
        self.state = state
        self.say = say
        self._changed_at: float | None = None
        """When the last change not yet built came (monotonic seconds); None when all is built."""
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="journalgen-rebuild")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join()

    def changed(self) -> None:
        """Note that something changed: build once things have been quiet for a moment."""
        with self._lock:
            self._changed_at = time.monotonic()
        self._wake.set()

    def build_once(self) -> None:
        """Build now and publish the outcome to every open page."""
        try:
            problems = self.rebuild()
        except Exception as exc:  # a crash in one rebuild must not stop the server
            problems = [f"journalgen: internal error while building ({type(exc).__name__}: {exc})"]
            self.say(problems[0])
        self.state.publish(problems)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait()
            self._wake.clear()
            while not self._stop.is_set():
                with self._lock:
                    if self._changed_at is None:
                        break
                    quiet_for = time.monotonic() - self._changed_at
                    if quiet_for >= DEBOUNCE_SECONDS:
                        self._changed_at = None
                if quiet_for >= DEBOUNCE_SECONDS:
                    self.build_once()
                else:
                    self._stop.wait(max(0.01, DEBOUNCE_SECONDS - quiet_for))


def run(
    folder: Path,
    host: str,
    port: int,
    *,
    hosts: set[str],
    watch: Iterable[Path],
    matters: Callable[[str], bool],
    rebuild: Callable[[], list[str]],
    say: Callable[[str], None],
    ready: Callable[[int], None],
) -> None:
    """Build, serve `folder` on host:port and rebuild on every change that matters, until Ctrl-C.

    `ready(port)` is called once the server answers, on the port it really got.
    """
    state = LiveState()
    rebuilder = Rebuilder(rebuild, state, say)
    rebuilder.build_once()
    server = bind(host, port, folder, hosts, state, say)
    observer = start_watching(watch, matters, lambda _path: rebuilder.changed(), say)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    try:
        rebuilder.start()
        thread.start()
        ready(server.server_address[1])
        while thread.is_alive():
            thread.join(0.5)
    except KeyboardInterrupt:
        say("Stopping.")
    finally:
        server.stopping = True
        observer.stop()
        rebuilder.stop()
        if thread.is_alive():
            server.shutdown()
        server.server_close()
        observer.join(timeout=2)
