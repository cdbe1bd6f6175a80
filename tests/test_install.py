"""Installing journalgen as a person would, in fresh virtual environments with a fresh HOME.

- The README's first screen, word for word: pipx (installed into a fresh venv), `pipx install .`,
  `journalgen init ~/journal --git`, `cd ~/journal`, `journalgen new intention`,
  `journalgen serve --open`, and the page it opens, read in Chromium.
- The README's venv line, word for word, then a build of another journal from anywhere.
- A wheel and an sdist built from a clean copy: what they hold, and that each installs and works
  (`init`, `new`, `build`, `serve`, `export`, `theme`, `completion`) without the checkout.

Slow (each makes venvs and installs the dependencies, ~30-90 s). pip uses this machine's cache
(PIP_CACHE_DIR), which changes what is downloaded, not what is installed.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import shutil
import signal
import stat
import subprocess
import sys
import tarfile
import threading
import time
import urllib.request
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import KEEP_EVENTS, REPO, copy_sample, entry, wait_until_listening
from helpers import first_screen, page, shell_blocks, text

if TYPE_CHECKING:
    from playwright.sync_api import Browser

README = (REPO / "README.md").read_text(encoding="utf-8")
PIP_CACHE = os.environ.get("PIP_CACHE_DIR") or str(Path.home() / ".cache/pip")


def run(
    *args: str | Path, cwd: Path, env: Mapping[str, str], timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=dict(env), capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def fresh_env(home: Path, *bin_dirs: Path) -> dict[str, str]:
    """A person's environment on a fresh machine: a new HOME, these folders first on the PATH."""
    home.mkdir(parents=True, exist_ok=True)
    keep = (
        "LANG",
        "LC_ALL",
        "TMPDIR",
        "PIP_CONFIG_FILE",
        "PIP_FIND_LINKS",
        "PIP_CERT",
        "PIP_DEFAULT_TIMEOUT",
    )
    env = {name: os.environ[name] for name in keep if name in os.environ}
    path = [*map(str, bin_dirs), str(home / ".local/bin"), "/usr/local/bin", "/usr/bin", "/bin"]
    return {**env, "HOME": str(home), "PATH": os.pathsep.join(path), "PIP_CACHE_DIR": PIP_CACHE}


def clean_copy(target: Path) -> Path:
    """The journalgen folder as a clone has it: without .venv, .tools, .git, caches or a built site."""
    leftovers = shutil.ignore_patterns(
        ".venv", ".tools", ".git", "*.egg-info", "__pycache__", ".*cache", "dist"
    )

    def ignore(folder: str, names: list[str]) -> set[str]:
        top = {"site"} & set(names) if Path(folder) == REPO else set()  # the built site, not journalgen/site
        return set(leftovers(folder, names)) | top

    shutil.copytree(REPO, target, ignore=ignore)
    return target


def new_venv(where: Path, env: Mapping[str, str]) -> Path:
    """A virtual environment of its own (no system site-packages); returns its bin folder."""
    run(sys.executable, "-m", "venv", where, cwd=where.parent, env=env)
    assert "include-system-site-packages = false" in (where / "pyvenv.cfg").read_text()
    return where / "bin"


def wait_for(path: Path, process: subprocess.Popen[str], timeout: float) -> None:
    """Wait until path exists, failing early when the process has ended."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            raise AssertionError(f"ended with {process.returncode} before {path} appeared:\n{output}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} never appeared")
        time.sleep(0.2)


def line_with(process: subprocess.Popen[str], wanted: str, timeout: float) -> str:
    """The first line of the process's output holding `wanted`, read without ever blocking past timeout."""
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout or ()], daemon=True).start()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(queue.Empty):
            line = lines.get(timeout=0.2)
            if wanted in line:
                return line
    raise AssertionError(f"never printed {wanted!r}")


def stop(process: subprocess.Popen[str]) -> str:
    """Stop a process group started with start_new_session as Ctrl-C would; return its output."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.stdout.read() if process.stdout else ""


@pytest.mark.browser
def test_the_readme_first_screen_word_for_word(tmp_path: Path, browser: Browser) -> None:
    install, start = shell_blocks(first_screen(README))[:2]
    assert install == ["pipx install ."] and start[-1].startswith("journalgen serve --open")
    home = tmp_path / "home"
    source = clean_copy(tmp_path / "journalgen")
    env = fresh_env(home)
    tools = new_venv(tmp_path / "venv", env)
    run(tools / "python", "-m", "pip", "install", "--quiet", "pipx", cwd=tmp_path, env=env)
    env = fresh_env(home, tools)
    opened = tmp_path / "opened-url"
    browser_script = tmp_path / "browser"
    browser_script.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {opened}\n', encoding="utf-8")
    browser_script.chmod(0o700)
    env["BROWSER"] = str(browser_script)  # the person's browser: here one that hands the address over

    shell = subprocess.Popen(
        ["bash", "-e", "-c", "\n".join([*install, *start])],
        cwd=source,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        wait_for(opened, shell, timeout=900)
        url = opened.read_text()
        assert re.fullmatch(r"http://localhost:\d+/index\.html", url), url
        journal = home / "journal"
        intention = next((journal / "entries").rglob("*-intention.md"))
        assert stat.S_IMODE(intention.stat().st_mode) == 0o600
        assert (journal / ".git/hooks/pre-commit").is_file()
        assert Path(shutil.which("journalgen", path=env["PATH"]) or "").is_relative_to(home / ".local/bin")

        tab = browser.new_page()
        try:
            tab.add_init_script(KEEP_EVENTS)  # so the test can see the page's live-reload connection
            tab.goto(url)
            assert tab.locator("h1").inner_text() == "My KAP journal"
            waiting = tab.locator(".waiting-list code").all_inner_texts()  # only questions in it yet
            assert waiting == [intention.relative_to(journal).as_posix()]
            wait_until_listening(tab)
            # As the README says: answer a question in any editor and save; the page changes by itself.
            written = intention.read_text(encoding="utf-8")
            intention.write_text(
                written + "\nTo be gentle with myself, whatever comes up.\n", encoding="utf-8"
            )
            tab.get_by_role("link", name="Intention for session #1").first.wait_for(timeout=120_000)
            tab.get_by_role("link", name="Intention for session #1").first.click()
            tab.wait_for_url(re.compile(r"/entries/\d{4}/\d{4}-\d\d-\d\d-intention\.html$"))
            assert tab.locator("h1").inner_text() == "Intention for session #1"
        finally:
            tab.close()
    finally:
        output = stop(shell)
    assert "Serving " in output and "Traceback" not in output, output


def test_the_readme_venv_line_word_for_word_then_build_another_journal(tmp_path: Path) -> None:
    found = re.search(r"`(python3 -m venv [^`]+)`", first_screen(README))
    assert found is not None
    line = found.group(1)
    home = tmp_path / "home"
    env = fresh_env(home)
    source = clean_copy(tmp_path / "journalgen")
    run("bash", "-e", "-c", line, cwd=source, env=env)
    shutil.rmtree(source)  # the installed package must not need the checkout any more
    journalgen = home / ".journalgen/bin/journalgen"

    where = run(
        home / ".journalgen/bin/python",
        "-c",
        "import journalgen, journalgen.site.theme as t; "
        "print(journalgen.__file__); print(t.default_theme_dir())",
        cwd=tmp_path,
        env=env,
    ).stdout.split()
    assert all(Path(p).resolve().is_relative_to((home / ".journalgen/lib").resolve()) for p in where), where

    journal = copy_sample(tmp_path / "some/other/journal")
    (journal / "entries/2026/2026-12-01-extra.md").write_text(entry("title: Installed elsewhere"))
    cwd = tmp_path / "somewhere-else"
    cwd.mkdir()
    result = run(journalgen, "build", "--root", journal, cwd=cwd, env=env)
    assert result.stdout.startswith("Built ")
    assert list(cwd.iterdir()) == []
    site = journal / "site"
    assert (site / "assets/style.css").read_bytes() == (REPO / "templates/static/style.css").read_bytes()
    soup = page(site / "entries/2026/2026-12-01-extra.html")
    assert soup.find("link", rel="stylesheet")["href"] == "../../assets/style.css"
    assert text(soup.find("h1")) == "Installed elsewhere"
    assert run(journalgen, "-V", cwd=cwd, env=env).stdout.startswith("journalgen ")


def test_the_wheel_and_the_sdist_install_and_work_on_their_own(tmp_path: Path) -> None:
    source = clean_copy(tmp_path / "journalgen")
    dist = tmp_path / "dist"
    run(
        sys.executable,
        "-m",
        "build",
        "--sdist",
        "--wheel",
        "--outdir",
        dist,
        source,
        cwd=tmp_path,
        env=os.environ,
    )
    shutil.rmtree(source)
    (wheel,) = dist.glob("journalgen-*.whl")
    (sdist,) = dist.glob("journalgen-*.tar.gz")
    with zipfile.ZipFile(wheel) as packed:
        in_wheel = set(packed.namelist())
    assert {
        "journalgen/cli.py",
        "journalgen/templates/base.html",
        "journalgen/templates/prompts/session.md",
    } <= in_wheel
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in in_wheel)
    top = sdist.name.removesuffix(".tar.gz")
    with tarfile.open(sdist) as packed:
        in_sdist = {name.removeprefix(top + "/") for name in packed.getnames()}
    assert {"LICENSE", "CHANGELOG.md", "README.md", "pyproject.toml", "templates/base.html"} <= in_sdist
    assert not any(name.startswith(("entries/", "tests/", "site/")) for name in in_sdist)
    assert tarfile.is_tarfile(sdist)

    for package in (wheel, sdist):
        home = tmp_path / f"home-{package.suffix}"
        env = fresh_env(home)
        bin_dir = new_venv(tmp_path / f"venv-{package.suffix}", env)
        if package == sdist:
            # pip before 26.1 takes a .tar.gz for a zip file when its compressed bytes happen to
            # hold a zip's end-of-directory mark, as this sdist's did once (pypa/pip#13867).
            run(bin_dir / "python", "-m", "pip", "install", "--quiet", "pip>=26.1", cwd=tmp_path, env=env)
        run(bin_dir / "python", "-m", "pip", "install", "--quiet", package, cwd=tmp_path, env=env)
        works_on_its_own(bin_dir / "journalgen", home, {**env, "JOURNALGEN_TODAY": "2026-11-20"})


def works_on_its_own(journalgen: Path, home: Path, env: dict[str, str]) -> None:
    """init, new, build, serve, export, theme and completion from an installed journalgen."""
    journal = home / "journal"
    run(journalgen, "init", journal, "--git", cwd=home, env=env)
    made = run(journalgen, "new", "session", "--route", "iv", cwd=journal, env=env).stdout.strip()
    assert made == "entries/2026/2026-11-20-session.md"
    with (journal / made).open("a", encoding="utf-8") as answer:  # a session is published once answered
        answer.write("\nQuiet, and then warm.\n")
    assert run(journalgen, "build", cwd=journal, env=env).stdout.startswith("Built 1 entry into ")
    assert (journal / "site/entries/2026/2026-11-20-session.html").is_file()
    out = run(journalgen, "export", "--session", "1", "-o", home / "session.html", cwd=journal, env=env)
    assert out.stdout.startswith("Exported 1 entry to ")
    assert "<h1" in (home / "session.html").read_text(encoding="utf-8")
    assert "base.html" in run(journalgen, "theme", "list", "-q", cwd=journal, env=env).stdout.split()
    assert "_shtab_journalgen" in run(journalgen, "completion", "bash", cwd=journal, env=env).stdout

    serving = subprocess.Popen(
        [journalgen, "serve", "--port", "0"],
        cwd=journal,
        env={**env, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        found = re.search(r" at (http://\S+) ", line_with(serving, "Serving ", timeout=120))
        assert found
        with urllib.request.urlopen(found.group(1), timeout=30) as answer:
            assert answer.status == 200 and b"My KAP journal" in answer.read()
    finally:
        output = stop(serving)
    assert "Traceback" not in output
