"""The live-reload server in-process: a folder of files served on a free loopback port, no build."""

from __future__ import annotations

import contextlib
import http.client
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from journalgen.livereload import LOOPBACK_NAMES, RELOAD_JS, LiveServer, LiveState, bind
from journalgen.watch import Rebuilder, Saved

SECRET = "secret-setting-never-served"
PAGE = "<!DOCTYPE html><html><head><title>Walk</title></head><body><p>Leaves everywhere.</p></body></html>"


@dataclass
class Running:
    """A LiveServer answering on a thread, its shared state and a small HTTP client."""

    server: LiveServer
    state: LiveState
    folder: Path

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def connect(self, path: str, host: str | None = None, *more: str) -> http.client.HTTPConnection:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", f"127.0.0.1:{self.port}" if host is None else host)
        for header in more:
            conn.putheader("Host", header)
        conn.endheaders()
        return conn

    def get(self, path: str, host: str | None = None, *more: str) -> tuple[int, dict[str, str], str]:
        conn = self.connect(path, host, *more)
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        conn.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A built site in tmp_path/site, with a secret beside it and a hidden marker inside it."""
    (tmp_path / "journal.toml").write_text(f'title = "Served"\n# {SECRET}\n', encoding="utf-8")
    folder = tmp_path / "site"
    (folder / "entries/2026").mkdir(parents=True)
    (folder / "index.html").write_text(PAGE.replace("Walk", "Served journal"), encoding="utf-8")
    (folder / "entries/2026/2026-11-05-walk.html").write_text(PAGE, encoding="utf-8")
    (folder / "style.css").write_text("body { color: #333; } /* </head></body> */\n", encoding="utf-8")
    (folder / ".journalgen-site").write_text(SECRET, encoding="utf-8")
    return folder


@contextlib.contextmanager
def serving(folder: Path, hosts: set[str], marker: str | None = None) -> Iterator[Running]:
    """Serve folder to hosts on a free loopback port, on a thread, until the block ends."""
    state = LiveState()
    said: list[str] = []
    server = bind("127.0.0.1", 0, folder, hosts, state, said.append, marker)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Running(server, state, folder)
    finally:
        server.stopping = True
        server.shutdown()
        server.server_close()
        thread.join(timeout=60)
    assert said == []  # an ephemeral port is never busy


@pytest.fixture
def running(site: Path) -> Iterator[Running]:
    with serving(site, set(LOOPBACK_NAMES)) as server:
        yield server


def test_serves_pages_with_no_store_and_no_sniffing(running):
    status, headers, body = running.get("/index.html")
    assert status == 200
    assert headers["cache-control"] == "no-store"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert "Served journal" in body
    assert running.get("/")[2] == body
    assert running.get("/missing.html")[1]["cache-control"] == "no-store"


def test_the_reload_script_is_added_to_html_as_it_is_sent(running, site):
    on_disk = (site / "entries/2026/2026-11-05-walk.html").read_bytes()
    status, _, body = running.get("/entries/2026/2026-11-05-walk.html")
    assert status == 200
    assert '<link rel="stylesheet" href="/__journalgen/reload.css"></head>' in body
    assert '<script src="/__journalgen/reload.js"></script></body>' in body
    assert (site / "entries/2026/2026-11-05-walk.html").read_bytes() == on_disk
    assert "__journalgen" not in running.get("/style.css")[2]  # only HTML pages get it
    status, headers, script = running.get("/__journalgen/reload.js")
    assert (status, headers["content-type"]) == (200, "text/javascript; charset=utf-8")
    assert script == RELOAD_JS.decode()
    assert running.get("/__journalgen/reload.css")[0] == 200


def test_the_last_builds_problems_show_as_an_escaped_banner(running):
    running.state.publish(["entries/2026/a.md:3: mood must be <= 10"])
    body = running.get("/index.html")[2]
    assert '<div class="journalgen-error" role="alert">' in body
    assert "entries/2026/a.md:3: mood must be &lt;= 10" in body
    assert "Served journal" in body  # the last good page, under the banner
    status, _, missing = running.get("/entries/2026/never-built.html")
    assert status == 404 and "mood must be" in missing
    running.state.publish([])
    assert "journalgen-error" not in running.get("/index.html")[2]


@pytest.mark.parametrize(
    "path",
    [
        "/../journal.toml",
        "/%2e%2e/journal.toml",
        "/%2E%2E/journal.toml",
        "/..%2fjournal.toml",
        "/%2e%2e%2fjournal.toml",
        "/entries/../../journal.toml",
        "/entries/%2e%2e/%2e%2e/journal.toml",
        "/....//journal.toml",
        "/.journalgen-site",
        "/%00",
        "//[not-an-address]/index.html",
    ],
)
def test_nothing_outside_the_output_is_served(running, path):
    status, _, body = running.get(path)
    assert status in (400, 404)
    assert SECRET not in body


def test_symlinks_out_of_the_site_are_not_followed(running, site):
    (site / "leak.toml").symlink_to(site.parent / "journal.toml")
    (site / "leakdir").symlink_to(site.parent)
    assert running.get("/leak.toml")[0] == 404
    assert running.get("/leakdir/journal.toml")[0] == 404


def test_a_folder_without_the_marker_of_a_built_site_is_not_served(site):
    with serving(site, set(LOOPBACK_NAMES), marker=".journalgen-site") as running:
        assert running.get("/index.html")[0] == 200
        (site / ".journalgen-site").unlink()  # e.g. the journal's own folder, or one never built
        status, _, body = running.get("/index.html")
        assert status == 404 and "Served journal" not in body
        assert running.get("/entries/2026/2026-11-05-walk.html")[0] == 404


def test_no_directory_listing(running):
    status, _, body = running.get("/entries/")
    assert status == 404
    assert "2026-11-05-walk" not in body


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:8000",
        "192.168.1.10",
        "",
        "127.0.0.1:{port}@evil.example",
        "127.0.0.1@evil.example",
        "[::1]evil.example",
        "[::1]:{port}evil.example",
        "localhost:{port}:{port}",
        "localhost evil.example",
        "localhost.evil.example",
        "localhost:x",
        "user@localhost",
    ],
)
def test_a_foreign_host_header_is_refused(running, host):
    status, _, body = running.get("/index.html", host=host.format(port=running.port))
    assert status == 403
    assert "Served journal" not in body


def test_a_second_host_header_is_refused(running):
    own = f"127.0.0.1:{running.port}"
    for hosts in ((own, "evil.example"), ("evil.example", own), (own, own)):
        status, _, body = running.get("/index.html", *hosts)
        assert status == 403, hosts
        assert "Served journal" not in body


@pytest.mark.parametrize(
    "target",
    [
        "http://evil.example/index.html",
        "http://evil.example:{port}/index.html",
        "http://127.0.0.1:{port}@evil.example/index.html",
        "https://127.0.0.1:{port}/index.html",
        "ftp://127.0.0.1/index.html",
        "index.html",
        "*",
    ],
)
def test_a_request_addressed_to_another_host_is_refused(running, target):
    status, _, body = running.get(target.format(port=running.port))
    assert status == 403
    assert "Served journal" not in body


def test_a_request_addressed_to_this_host_is_answered(running):
    status, _, body = running.get(f"http://127.0.0.1:{running.port}/index.html")
    assert status == 200 and "Served journal" in body


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]"])
def test_loopback_host_names_are_served(running, host):
    assert running.get("/index.html", host=f"{host}:{running.port}")[0] == 200


def test_only_the_given_host_names_are_answered(site):
    with serving(site, {"journal.lan"}) as running:
        assert running.get("/index.html", host=f"journal.lan:{running.port}")[0] == 200
        assert running.get("/index.html", host=f"localhost:{running.port}")[0] == 403


def test_a_rebuilt_event_arrives_after_a_publish(running):
    conn = running.connect("/__journalgen/events")
    try:
        response = conn.getresponse()
        assert response.status == 200
        assert response.getheader("Content-Type") == "text/event-stream"
        assert response.readline() == b"retry: 500\n"  # sent once the page is subscribed
        running.state.publish([])
        lines = [response.readline() for _ in range(3)]
        assert lines == [b"\n", b"event: rebuilt\n", b"data: 1\n"]
    finally:
        conn.close()


def eventually(done: Callable[[], bool], timeout: float = 10) -> bool:
    """Whether done() comes true within timeout seconds (polled, so a busy machine only waits longer)."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_a_crashed_rebuild_is_shown_and_the_next_change_builds_again():
    outcomes: list[Exception | None] = [RuntimeError("disk on fire"), None]
    said: list[str] = []

    def rebuild(saved: Saved) -> list[str]:
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome
        return []

    state = LiveState()
    rebuilder = Rebuilder(rebuild, state.publish, said.append)
    rebuilder.start()
    try:
        rebuilder.changed()
        assert eventually(lambda: state.generation == 1)
        assert state.problems == ["journalgen: internal error while building (RuntimeError: disk on fire)"]
        assert said == state.problems
        rebuilder.changed()
        assert eventually(lambda: state.generation == 2)
        assert state.problems == []
    finally:
        rebuilder.stop()


def test_open_pages_hear_of_a_build_as_soon_as_it_has_written_the_site():
    """serve's builds call saved.written() once the site is written, before the cache is saved:
    the pages reload then, once, not when the build ends; the build is told what changed."""
    state = LiveState()
    heard: list[tuple[int, frozenset[str] | None]] = []

    def rebuild(saved: Saved) -> list[str]:
        saved.written()
        heard.append((state.generation, saved.paths))  # published already, before the build ends
        saved.written()
        return []

    rebuilder = Rebuilder(rebuild, state.publish, lambda line: None)
    rebuilder.build_once()  # the first build: what changed is not known
    rebuilder.start()
    try:
        rebuilder.changed("/journal/entries/a.md")
        rebuilder.changed("/journal/entries/b.md")
        assert eventually(lambda: state.generation == 2)
        rebuilder.changed("/journal/entries/a.md")
        rebuilder.changed(None)  # something the watcher cannot name
        assert eventually(lambda: state.generation == 3)
    finally:
        rebuilder.stop()
    assert heard == [(1, None), (2, frozenset({"/journal/entries/a.md", "/journal/entries/b.md"})), (3, None)]


def test_changes_during_a_build_make_one_more_build_never_two_at_once():
    started, release = threading.Event(), threading.Event()
    running_now, most, calls = 0, 0, 0
    lock = threading.Lock()

    def rebuild(saved: Saved) -> list[str]:
        nonlocal running_now, most, calls
        with lock:
            running_now, calls = running_now + 1, calls + 1
            most = max(most, running_now)
        started.set()
        release.wait(timeout=10)
        with lock:
            running_now -= 1
        return []

    state = LiveState()
    rebuilder = Rebuilder(rebuild, state.publish, lambda line: None)
    rebuilder.start()
    try:
        rebuilder.changed()
        assert started.wait(timeout=10)
        for _ in range(5):
            rebuilder.changed()
        eventually(lambda: calls > 1, timeout=0.5)  # time for a wrong, parallel second build to start
        release.set()
        assert eventually(lambda: state.generation == 2)
    finally:
        rebuilder.stop()
    assert (calls, most) == (2, 1)


def test_a_reader_who_hangs_up_is_not_reported_but_other_failures_are(running, capsys):
    for error, reported in (
        (BrokenPipeError(32, "Broken pipe"), False),
        (ConnectionResetError(), False),
        (ValueError("a real bug"), True),
    ):
        try:
            raise error
        except Exception:
            running.server.handle_error(None, ("127.0.0.1", 1))
        printed = capsys.readouterr().err
        assert ("Traceback" in printed) is reported, (error, printed)


def test_a_reader_who_hangs_up_mid_answer_leaves_no_trace_on_the_terminal(running, site, capfd):
    (site / "big.txt").write_bytes(b"leaves " * 2_000_000)  # more than the socket buffers hold
    handled = threading.Event()
    close = running.server.shutdown_request

    def shutdown_request(request: object) -> None:  # the last step of every request, after its errors
        close(request)
        handled.set()

    running.server.shutdown_request = shutdown_request  # type: ignore[method-assign]
    for _ in range(3):
        handled.clear()
        conn = socket.create_connection(("127.0.0.1", running.port), timeout=60)
        conn.sendall(f"GET /big.txt HTTP/1.1\r\nHost: 127.0.0.1:{running.port}\r\n\r\n".encode())
        assert conn.recv(64).startswith(b"HTTP/1.0 200")
        conn.setsockopt(
            socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
        )  # reset, as a tab closed
        conn.close()
        assert handled.wait(timeout=60)
    assert running.get("/index.html")[0] == 200
    printed = capfd.readouterr()
    assert "Traceback" not in printed.err + printed.out
    assert "Error" not in printed.err + printed.out
