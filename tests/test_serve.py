"""`journalgen serve` as a user meets it: a real server in a subprocess on a free loopback port."""

from __future__ import annotations

import contextlib
import http.client
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, KEEP_EVENTS, entry, journalgen_exe, wait_until_listening


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A running `journalgen serve`, its output lines and a small HTTP client."""

    def __init__(self, root: Path, port: int, *extra: str, env: dict[str, str | None] | None = None) -> None:
        self.root = root
        self.port = port
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.proc = subprocess.Popen(
            [journalgen_exe(), "serve", "--root", str(root), "--port", str(port), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={
                k: v
                for k, v in {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}.items()
                if v is not None
            },
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"never printed {text!r}; output so far: {self.seen}")

    def drain(self, seconds: float) -> list[str]:
        end = time.monotonic() + seconds
        got = []
        while time.monotonic() < end:
            with contextlib.suppress(queue.Empty):
                got.append(self.lines.get(timeout=0.05))
        self.seen.extend(got)
        return got

    def get(self, path: str, host: str | None = None) -> tuple[int, dict[str, str], str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", f"127.0.0.1:{self.port}" if host is None else host)
        conn.endheaders()
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        conn.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body

    def poll_page(self, path: str, want: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        body = ""
        while time.monotonic() < deadline:
            status, _, body = self.get(path)
            if status == 200 and want in body:
                return body
            time.sleep(0.05)
        raise AssertionError(f"{path} never showed {want!r}")

    def stop(self) -> tuple[int, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                raise
        self.drain(0.2)
        return self.proc.returncode, "\n".join(self.seen)


@pytest.fixture
def journal(make_journal):
    return make_journal(
        {
            "2026/2026-11-01-first.md": entry(
                "title: First infusion\nkind: session\nroute: iv\ntags: [family]", "The first words.\n"
            ),
            "2026/2026-11-02-after.md": entry("title: The day after\nkind: follow-up", "Calmer today.\n"),
            "2026/2026-11-05-walk.md": entry("title: A walk\ntags: [nature]", "Leaves everywhere.\n"),
        },
        config='title = "Served journal"\n',
    )


@pytest.fixture
def server(journal) -> Iterator[Server]:
    running = Server(journal, free_port())
    running.wait_for("Serving")
    yield running
    code, output = running.stop()
    assert code == 0, output
    assert "Traceback" not in output
    assert not [p.name for p in journal.iterdir() if ".tmp-" in p.name or ".old-" in p.name]


def test_serves_the_site_folder_with_live_reload_and_nothing_beside_it(server):
    status, _, body = server.get("/")
    assert status == 200 and "Served journal" in body and "/__journalgen/reload.js" in body
    assert server.get("/journal.toml")[0] == 404  # the journal's root is not what is served


def test_build_output_has_no_live_reload(server, journal):
    for page in (journal / "site").rglob("*.html"):
        assert "__journalgen" not in page.read_text(encoding="utf-8")


def test_editing_an_entry_changes_the_served_page(server, journal):
    page = "/entries/2026/2026-11-05-walk.html"
    server.poll_page(page, "Leaves everywhere.")
    (journal / "entries/2026/2026-11-05-walk.md").write_text(
        entry("title: A walk\ntags: [nature]", "Frost on the leaves this morning.\n"), encoding="utf-8"
    )
    server.poll_page(page, "Frost on the leaves")


def test_a_new_entry_appears_and_a_deleted_one_disappears(server, journal):
    new = journal / "entries/2026/2026-11-06-rain.md"
    new.write_text(entry("title: Rain all day"), encoding="utf-8")
    server.poll_page("/index.html", "Rain all day")
    server.poll_page("/entries/2026/2026-11-06-rain.html", "Rain all day")
    new.unlink()
    deadline = time.monotonic() + 60
    while "Rain all day" in server.get("/index.html")[2]:
        assert time.monotonic() < deadline, "deleted entry still listed"
        time.sleep(0.05)
    assert server.get("/entries/2026/2026-11-06-rain.html")[0] == 404


def test_an_edited_template_shows_after_the_rebuild(make_journal):
    # The server keeps compiled templates between rebuilds only while the theme is unchanged.
    macros = (Path(__file__).resolve().parent.parent / "templates/_macros.html").read_text(encoding="utf-8")
    root = make_journal(
        {"2026/2026-11-05-walk.md": entry("title: A walk\ntags: [nature]"), "/templates/_macros.html": macros}
    )
    running = Server(root, free_port())
    try:
        running.wait_for("Serving")
        for mark in ("one", "two"):
            (root / "templates/_macros.html").write_text(
                macros.replace('<li class="entry-item', f'<li data-mark="{mark}" class="entry-item'),
                encoding="utf-8",
            )
            running.poll_page("/tags/nature.html", f'data-mark="{mark}"')
    finally:
        code, output = running.stop()
    assert code == 0, output


def test_a_templates_folder_made_while_serving_is_watched(server, journal):
    macros = (Path(__file__).resolve().parent.parent / "templates/_macros.html").read_text(encoding="utf-8")
    assert not (journal / "templates").exists()
    for mark in ("one", "two"):  # the folder appears (a rebuild), then a file in it changes
        folder = journal / "templates"
        folder.mkdir(exist_ok=True)
        (folder / "_macros.html").write_text(
            macros.replace('<li class="entry-item', f'<li data-mark="{mark}" class="entry-item'),
            encoding="utf-8",
        )
        server.poll_page("/tags/nature.html", f'data-mark="{mark}"')
    shutil.rmtree(journal / "templates")  # back to the default theme
    deadline = time.monotonic() + 60
    while "data-mark" in server.get("/tags/nature.html")[2]:
        assert time.monotonic() < deadline, "the removed template is still used"
        time.sleep(0.05)


def test_vim_style_save_rebuilds_once(server, journal):
    server.drain(0.5)
    start = len(server.seen)
    folder = journal / "entries/2026"
    target = folder / "2026-11-05-walk.md"
    # What vim does with default settings: probe file, backup by rename, write anew, drop backup.
    probe = folder / "4913"
    probe.write_text("")
    probe.unlink()
    backup = folder / "2026-11-05-walk.md~"
    os.rename(target, backup)
    target.write_text(entry("title: A walk\ntags: [nature]", "Saved like vim saves.\n"), encoding="utf-8")
    (folder / ".2026-11-05-walk.md.swp").write_text("swap")
    backup.unlink()
    server.poll_page("/entries/2026/2026-11-05-walk.html", "Saved like vim saves.")
    later = server.drain(1.0)
    rebuilds = [line for line in server.seen[start:] if line.startswith("Rebuilt")]
    assert len(rebuilds) == 1, later


def test_editor_leftovers_alone_never_rebuild(server, journal):
    server.drain(0.5)
    folder = journal / "entries/2026"
    for name in ("4913", "x.md~", ".x.md.swp", "#x.md#", ".#x.md"):
        (folder / name).write_text("leftover")
    (journal / "site" / "stray.txt").write_text("in the output")
    assert not [line for line in server.drain(1.0) if line.startswith("Rebuilt")]


def test_a_broken_entry_keeps_the_server_up_and_shows_the_error(server, journal):
    path = journal / "entries/2026/2026-11-05-walk.md"
    path.write_text("---\ntitle: A walk\nmood: 12\n---\nBroken.\n", encoding="utf-8")
    line = server.wait_for("entries/2026/2026-11-05-walk.md:3:")
    assert "mood" in line
    body = server.poll_page("/index.html", "journalgen-error")
    assert "entries/2026/2026-11-05-walk.md:3:" in body
    assert "Leaves everywhere." in server.get("/entries/2026/2026-11-05-walk.html")[2]  # last good page
    path.write_text(entry("title: A walk", "Mended.\n"), encoding="utf-8")
    server.poll_page("/entries/2026/2026-11-05-walk.html", "Mended.")
    deadline = time.monotonic() + 60  # the page is in place a moment before the build is over
    while "journalgen-error" in server.get("/index.html")[2]:
        assert time.monotonic() < deadline, "the banner stayed after a good build"
        time.sleep(0.05)


def test_a_busy_port_moves_to_the_next_free_one(journal):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        running = Server(journal, port)
        try:
            busy_line = running.wait_for(f"Port {port} is busy")
            serving = running.wait_for("Serving")
            found = re.search(r"^Serving .* at http://localhost:(\d+)/index\.html ", serving)
            assert found is not None, serving
            announced = int(found[1])
            assert announced != port
            assert busy_line == f"Port {port} is busy; using {announced} instead."
            running.port = announced  # where it says it serves
            status, _, body = running.get("/index.html")
            assert status == 200 and "Served journal" in body
        finally:
            code, output = running.stop()
    assert code == 0, output


def test_a_network_host_needs_an_explicit_flag(journal, cli):
    result = cli("serve", "--root", journal, "--host", "0.0.0.0", "--port", str(free_port()), timeout=30)
    assert result.returncode == 1
    assert "--allow-network" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("output", ["/", "{root}", "{root}/entries/site"])
def test_serve_refuses_what_build_refuses_and_serves_nothing(journal, cli, output):
    output = output.format(root=journal)
    refused = cli("build", "--root", journal, "--output", output)
    assert refused.returncode == 1 and "refusing to build here" in refused.stderr
    done = cli("serve", "--root", journal, "--output", output, "--port", str(free_port()), timeout=60)
    assert done.returncode == 1
    assert done.stderr == refused.stderr
    assert "Serving" not in done.stdout and "Traceback" not in done.stderr


@pytest.mark.parametrize("port", ["70000", "65536", "-1"])
def test_a_port_that_cannot_be_is_a_clear_error(journal, cli, port):
    done = cli("serve", "--root", journal, "--port", port, timeout=60)
    assert done.returncode == 1
    assert (
        f"--port: {port} is not a port; choose one from 1024 to 65535 (or 0 for any free one)" in done.stderr
    )
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert not (journal / "site").exists()  # refused before building


def test_an_output_folder_that_is_a_mount_point_is_refused_up_front(journal, monkeypatch):
    from journalgen.build import build
    from journalgen.config import load_config
    from journalgen.errors import JournalError
    from journalgen.serve import serve

    out = journal / "site"
    out.mkdir()  # empty, as a freshly mounted disk
    ismount = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda path: Path(path) == out or ismount(path))
    config = load_config(journal)
    for run in (lambda: build(config), lambda: serve(config, port=free_port())):
        with pytest.raises(JournalError) as refused:
            run()
        assert str(refused.value) == (
            "site: refusing to build here: it is a mount point (a disk of its own), which a build cannot "
            f"replace whole; build into a folder inside it, such as {out / 'site'}; choose another --output"
        )
    assert sorted(p.name for p in journal.iterdir()) == ["entries", "journal.toml", "site"]
    assert list(out.iterdir()) == []


def test_a_locked_site_shows_nothing_of_a_broken_entry_before_the_password(journal):
    running = Server(
        journal, free_port(), "--encrypt", env={"JOURNALGEN_PASSWORD": "a quiet harbour at seven"}
    )
    try:
        running.wait_for("Serving")
        path = journal / "entries/2026/2026-11-05-walk.md"
        path.write_text("---\ntitle: Sunflower field\nmood: 12\n---\nBroken.\n", encoding="utf-8")
        assert "mood" in running.wait_for("entries/2026/2026-11-05-walk.md:3:")  # the terminal says it all
        body = running.poll_page("/index.html", "journalgen-error")
        for secret in ("2026-11-05", "walk", "mood", "Sunflower", "entries/"):
            assert secret not in body, secret
        assert "terminal" in body
        missing = running.get("/entries/2026/2026-11-05-walk.html")[2]
        assert "walk.md" not in missing and "mood" not in missing
    finally:
        code, output = running.stop()
    assert code == 0, output
    assert "Traceback" not in output


def test_ctrl_c_deletes_nothing(journal):
    before = sorted(p.relative_to(journal) for p in (journal / "entries").rglob("*"))
    running = Server(journal, free_port())
    running.wait_for("Serving")
    code, output = running.stop()
    assert code == 0
    assert "Traceback" not in output
    assert sorted(p.relative_to(journal) for p in (journal / "entries").rglob("*")) == before
    assert (journal / "site" / "index.html").is_file()


@pytest.mark.browser
def test_an_open_page_reloads_by_itself_after_a_save(server, journal):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.add_init_script(KEEP_EVENTS)
            page.goto(f"http://127.0.0.1:{server.port}/entries/2026/2026-11-05-walk.html")
            assert "Leaves everywhere." in page.inner_text("main")
            wait_until_listening(page)  # the page has subscribed to rebuild events
            (journal / "entries/2026/2026-11-05-walk.md").write_text(
                entry("title: A walk\ntags: [nature]", "The page changed by itself.\n"), encoding="utf-8"
            )
            page.get_by_text("The page changed by itself.").wait_for(timeout=10_000)
            assert errors == []
        finally:
            browser.close()


def test_falls_back_to_polling_at_the_inotify_limit(make_journal, monkeypatch):
    import errno

    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    from journalgen.config import load_config
    from journalgen.serve import relevant, watched
    from journalgen.watch import start_watching

    def no_watches(self):
        raise OSError(errno.ENOSPC, "inotify watch limit reached")

    monkeypatch.setattr(Observer, "start", no_watches)
    root = make_journal({"a.md": entry("date: 2026-11-01")})
    said: list[str] = []
    changed: list[str] = []
    config = load_config(root)
    observer = start_watching(watched(config), lambda p: relevant(p, config), changed.append, said.append)
    try:
        assert isinstance(observer, PollingObserver)
        assert len(said) == 1 and "polling" in said[0]
        (root / "entries" / "b.md").write_text(entry("date: 2026-11-02"), encoding="utf-8")
        deadline = time.monotonic() + 5
        while not changed and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any(p.endswith("b.md") for p in changed)
    finally:
        observer.stop()
        observer.join()


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("entries/2026/a.md", True),
        ("entries/2026/images/x.png", True),
        ("templates/base.html", True),
        ("journal.toml", True),
        ("entries/2026/a.md~", False),
        ("entries/2026/.a.md.swp", False),
        ("entries/2026/4913", False),
        ("entries/2026/#a.md#", False),
        ("site/index.html", False),
        ("README.md", False),
        (".git/index", False),
    ],
)
def test_which_changes_matter(make_journal, rel, expected):
    from journalgen.config import load_config
    from journalgen.serve import relevant

    root = make_journal()
    assert relevant(str(root / rel), load_config(root)) is expected


def test_a_rebuild_after_one_edit_rewrites_only_the_pages_it_affects(server, journal):
    site = journal / "site"
    server.poll_page("/index.html", "A walk")
    server.drain(0.5)
    before = {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    start = len(server.seen)
    (journal / "entries/2026/2026-11-02-after.md").write_text(
        entry("title: The day after\nkind: follow-up", "Calmer today, and lighter.\n"), encoding="utf-8"
    )
    server.poll_page("/entries/2026/2026-11-02-after.html", "lighter")
    server.drain(0.5)
    after = {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    assert after.keys() == before.keys()
    changed = sorted(rel for rel in after if after[rel] != before[rel])
    # the body changed, not the title: the entry's own page and the search index, nothing else
    assert changed == ["assets/search/2026-11.js", "entries/2026/2026-11-02-after.html"]
    rebuilds = [line for line in server.seen[start:] if line.startswith("Rebuilt")]
    assert len(rebuilds) == 1 and "(2 files written)" in rebuilds[0]
    untouched = set(before) - set(changed)
    assert {"index.html", "timeline.html", "entries/2026/2026-11-05-walk.html"} <= untouched


def test_what_a_serve_build_keeps_is_set_aside_from_the_collector(tmp_path: Path) -> None:
    """serve keeps every entry, body and page key between saves: after each build that state is
    frozen (gc.freeze), so the collector does not go through it again on every later save."""
    import gc

    from journalgen.config import load_config
    from journalgen.serve import JournalBuild
    from journalgen.watch import Saved

    root = tmp_path / "journal"
    (root / "entries").mkdir(parents=True)
    (root / "entries/2026-11-08-day.md").write_text(entry("date: 2026-11-08", "A day.\n"), encoding="utf-8")
    gc.unfreeze()
    try:
        rebuild = JournalBuild(load_config(root), None, lambda _line: None)
        assert rebuild(Saved(None, lambda: None)) == []
        frozen = gc.get_freeze_count()
        assert frozen > 0 and rebuild.state.index is not None
        assert all(obj is not rebuild.state for obj in gc.get_objects())  # the collector's lists: not in them
    finally:
        gc.unfreeze()
