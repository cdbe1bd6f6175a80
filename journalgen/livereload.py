"""A loopback web server for one folder, with live reload: rebuild on change, reload open pages.

Only files inside the folder are served, and only while it holds the marker file it is given (a
built site); a `..` path, a hidden name or a symlink leading out gets 400 or 404; a Host header
that is not exactly one of its own host names (and an optional port) 403 (DNS rebinding), as does
a request addressed to another host. The reload script and any error banner are
added to pages as they are sent, never written to disk. It knows nothing of what it serves: it is
given the folder, the host names, the paths to watch, which changes matter and how to rebuild.
"""

from __future__ import annotations

import errno
import html
import queue
import socket
import sys
import threading
from collections.abc import Callable, Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import unquote

from journalgen.access import host_name, request_path, resolve_request_path
from journalgen.errors import JournalError
from journalgen.watch import Rebuilder, Saved, start_watching

EVENTS_PATH = "/__journalgen/events"
SCRIPT_PATH = "/__journalgen/reload.js"
STYLE_PATH = "/__journalgen/reload.css"
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}

RELOAD_JS = (resources.files("journalgen") / "reload.js").read_bytes()
"""Added to every page served: reload it after each rebuild, keeping the scroll position."""
RELOAD_CSS = (resources.files("journalgen") / "reload.css").read_bytes()
"""The error banner's style."""

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
        named = self.headers.get_all("Host") or []
        if len(named) != 1 or host_name(named[0]) not in self.server.hosts:
            self._refuse(HTTPStatus.FORBIDDEN, "Forbidden: this journal answers only on its own address")
            return
        path = request_path(self.path, self.server.hosts)
        if path is None:
            self._refuse(HTTPStatus.FORBIDDEN, "Forbidden: this journal answers only on its own address")
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
        folder, marker = self.server.folder, self.server.marker
        built = folder.is_dir() and (marker is None or (folder / marker).is_file())
        target = resolve_request_path(folder, path) if built else None
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
    """Serve `folder` to `hosts` only, a thread per request; `stopping` ends the event streams.

    `marker`: a file the folder must hold to be served at all (None: any folder)."""

    allow_reuse_address = False
    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        folder: Path,
        hosts: set[str],
        state: LiveState,
        marker: str | None = None,
    ) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.folder, self.hosts, self.state, self.marker = folder, hosts, state, marker
        self.stopping = False
        super().__init__(address, Handler)

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        """Say nothing when a reader hangs up mid-answer (a reload, a closed tab); report the rest."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def bind(
    host: str,
    port: int,
    folder: Path,
    hosts: set[str],
    state: LiveState,
    say: Callable[[str], None],
    marker: str | None = None,
) -> LiveServer:
    """Bind host:port, or the next free port after a busy one (said on the terminal)."""
    for candidate in range(port, min(port + 50, 65536)):
        try:
            server = LiveServer((host.strip("[]"), candidate), folder, hosts, state, marker)
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


def run(
    folder: Path,
    host: str,
    port: int,
    *,
    hosts: set[str],
    marker: str | None = None,
    watch: Iterable[Path],
    matters: Callable[[str], bool],
    rebuild: Callable[[Saved], list[str]],
    say: Callable[[str], None],
    ready: Callable[[int], None],
) -> None:
    """Build, serve `folder` on host:port and rebuild on every change that matters, until Ctrl-C.

    `rebuild(saved)`: see watch.Rebuilder. `ready(port)` is called once the server answers, on the
    port it really got. `marker`: see LiveServer.
    """
    state = LiveState()
    rebuilder = Rebuilder(rebuild, state.publish, say)
    rebuilder.build_once()
    server = bind(host, port, folder, hosts, state, say, marker)
    observer = start_watching(watch, matters, rebuilder.changed, say)
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
