"""Small helpers shared by the test modules: build through the API, read pages, compare trees, run
the same code in another interpreter that hashes differently, run git, count Markdown conversions."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from journalgen.build import build
from journalgen.check import check
from journalgen.config import load_config
from journalgen.errors import JournalError
from journalgen.source import markdown


def build_site(root: Path, *, drafts: bool = False, output: Path | None = None) -> Path:
    """Build the journal at root as `journalgen build` would; return the output folder."""
    overrides: dict[str, object] = {"drafts": drafts}
    if output is not None:
        overrides["output"] = output
    return build(load_config(root, overrides)).output


def build_problems(root: Path, *, drafts: bool = False) -> list[str]:
    """Build a journal that must fail; return its problems as `path:line: message` lines."""
    try:
        build_site(root, drafts=drafts)
    except JournalError as exc:
        return [str(p) for p in exc.problems]
    raise AssertionError(f"the build of {root} succeeded but was expected to fail")


def verdict(root: Path, today: dt.date = dt.date(2026, 11, 26)) -> list[str]:
    """The problems `build` refuses the journal with ([] when it builds), after asserting that
    `check` agrees: it has errors exactly when build refuses, and they include all of build's
    (build stops after the first step that finds any; check reports every step's)."""
    checked = sorted(str(p) for p in check(load_config(root), today).errors)
    try:
        build_site(root)
    except JournalError as exc:
        built = sorted(str(p) for p in exc.problems)
    else:
        built = []
    assert bool(checked) == bool(built) and set(built) <= set(checked), f"check: {checked}, build: {built}"
    return built


def page(path: Path) -> BeautifulSoup:
    """A built page, parsed as a browser would (html5lib)."""
    return BeautifulSoup(path.read_bytes(), "html5lib")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below folder (hidden ones too) by relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def text(node: object) -> str:
    """The visible text of a BeautifulSoup node with whitespace collapsed."""
    return " ".join(node.get_text(" ").split())  # type: ignore[attr-defined]


def other_hash_seed() -> str:
    """A PYTHONHASHSEED unlike the one of this process and of the commands it starts.

    Unset (or "random"), this process hashes with a random seed, and "1" is another; set, the
    variable's own value is the one to avoid. A process given it iterates sets of strings in
    another order, so output that depends on that order comes out different.
    """
    return "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"


def made_elsewhere(function: Callable[[], str | bytes]) -> bytes:
    """What `function()`, a module-level function of a test module, returns (as bytes) when a new
    interpreter with another PYTHONHASHSEED (other_hash_seed) imports its module and calls it."""
    code = (
        "import importlib, sys\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})\n"
        f"made = getattr(importlib.import_module({function.__module__!r}), {function.__name__!r})()\n"
        "sys.stdout.buffer.write(made if isinstance(made, bytes) else made.encode('utf-8'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONHASHSEED": other_hash_seed()},
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout


def first_screen(readme: str) -> str:
    """The README's first screen: from its title to the first `## ` heading."""
    return readme.split("\n## ", 1)[0] + "\n"


def shell_blocks(markdown: str) -> list[list[str]]:
    """The lines of each ```sh block, as written."""
    return [
        block.splitlines() for block in re.findall(r"^```sh\n(.*?)^```$", markdown, re.DOTALL | re.MULTILINE)
    ]


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run git in root as a person named Sam would, on 25 November 2026 (for the hook's check)."""
    env = {
        **os.environ,
        "HOME": str(root.parent),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Sam",
        "GIT_AUTHOR_EMAIL": "sam@example.invalid",
        "GIT_COMMITTER_NAME": "Sam",
        "GIT_COMMITTER_EMAIL": "sam@example.invalid",
        "JOURNALGEN_TODAY": "2026-11-25",
    }
    return subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=check)


class Conversions:
    """Counts the entry bodies converted from Markdown in this process (from now on)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        convert = markdown.Renderer.__call__

        def counted(renderer: markdown.Renderer, *args: object, **kwargs: object) -> markdown.Rendered:
            self.count += 1
            return convert(renderer, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(markdown.Renderer, "__call__", counted)


VNU_JAR = Path(__file__).resolve().parent.parent / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"
"""The Nu HTML checker, npm's vnu-jar, which `make test` installs into .tools/."""


def nu_errors(pages: list[str]) -> list[str]:
    """What the Nu HTML checker finds wrong in these pages, one line each (a missing checker or
    Java is a failure, never a skip)."""
    java = shutil.which("java")
    assert java, "Java is missing: run `make system-deps` (installs default-jre-headless)"
    assert VNU_JAR.is_file(), (
        f"the Nu HTML checker is missing at {VNU_JAR}: "
        "run `make .tools/node_modules/vnu-jar/build/dist/vnu.jar` in the repository"
    )
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stderr or result.stdout)  # vnu writes its JSON report to stderr
    errors = [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    found = [
        f"{m.get('url', '').rpartition('/site/')[2]}:{m.get('lastLine', '?')}: {m.get('message')}"
        for m in errors
    ]
    assert found or result.returncode == 0, result.stderr
    return found
