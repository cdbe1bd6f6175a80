"""`pip install .` into a fresh venv works from anywhere: the default theme is package data.

Slow (a venv and a wheel build, ~30-60 s), so it is one test. pip fetches the build backend and
the dependencies from its cache or PyPI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, copy_sample, entry
from helpers import page, text


def run(*args: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def test_pip_install_into_a_new_venv_then_build_another_journal(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    # A copy of the checkout without its .venv, .tools or site: only what a fresh clone has.
    source = tmp_path / "clone"
    leftovers = shutil.ignore_patterns(".venv", ".tools", ".git", "*.egg-info", "__pycache__", ".*cache")

    def ignore(folder: str, names: list[str]) -> set[str]:
        top = {"site"} & set(names) if Path(folder) == REPO else set()  # the built site, not journalgen/site
        return set(leftovers(folder, names)) | top

    shutil.copytree(REPO, source, ignore=ignore)
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path, env=env)  # no --system-site-packages
    python = venv / "bin/python"
    config = run(python, "-c", "import sys; print(sys.prefix != sys.base_prefix)", cwd=tmp_path, env=env)
    assert config.stdout.strip() == "True"
    assert "include-system-site-packages = false" in (venv / "pyvenv.cfg").read_text()
    run(
        python,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        source,
        cwd=tmp_path,
        env=env,
    )
    shutil.rmtree(source)  # the installed package must not need the checkout any more

    where = run(
        python,
        "-c",
        "import journalgen, journalgen.site.theme as t; print(journalgen.__file__); "
        "print(t.default_theme_dir())",
        cwd=tmp_path,
        env=env,
    ).stdout.split()
    site_packages = venv / "lib"
    assert all(Path(p).resolve().is_relative_to(site_packages.resolve()) for p in where), where

    journal = tmp_path / "some/other/journal"
    copy_sample(journal)
    (journal / "entries/2026/2026-12-01-extra.md").write_text(entry("title: Installed elsewhere"))
    cwd = tmp_path / "somewhere-else"
    cwd.mkdir()
    result = run(venv / "bin/journalgen", "build", "--root", journal, cwd=cwd, env=env)
    assert result.stdout.startswith("Built ")
    assert list(cwd.iterdir()) == []

    site = journal / "site"
    stylesheet = site / "assets/style.css"
    assert stylesheet.read_bytes() == (REPO / "templates/static/style.css").read_bytes()
    soup = page(site / "entries/2026/2026-12-01-extra.html")
    assert soup.find("link", rel="stylesheet")["href"] == "../../assets/style.css"
    assert text(soup.find("h1")) == "Installed elsewhere"
    assert (site / "timeline.html").is_file() and (site / "tags/index.html").is_file()
    version = run(venv / "bin/journalgen", "--version", cwd=cwd, env=env)
    assert version.stdout.startswith("journalgen ")
