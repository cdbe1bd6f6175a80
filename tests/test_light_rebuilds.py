"""A rebuild pays only for what it does: a build with nothing to do loads no Markdown, YAML or
worker processes, and the cache still follows the versions of the libraries that shape it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MakeJournal, entry

from journalgen.build import build, records
from journalgen.config import load_config

HEAVY = ("markdown", "yaml", "shtab", "journalgen.source.reader", "journalgen.build.workers")

PROBE = """
import sys
from journalgen.cli import main
code = main(["build", "--quiet", "--root", sys.argv[1]])
print(code, " ".join(sorted(m for m in sys.argv[2:] if m in sys.modules)))
"""


def _journal(make_journal: MakeJournal) -> Path:
    root = make_journal(
        {
            "2026/2026-03-01-first.md": entry(
                "title: First\ndate: 2026-03-01\ntags: [calm]", "Some *words*.\n"
            ),
            "2026/2026-03-02-second.md": entry("title: Second\ndate: 2026-03-02", "More words.\n"),
        }
    )
    for path in (root / "entries").rglob("*.md"):  # written long enough ago for their stat to be trusted
        os.utime(path, (path.stat().st_atime - 60, path.stat().st_mtime - 60))
    return root


def test_a_build_with_nothing_to_do_loads_no_reader_markdown_or_workers(make_journal: MakeJournal) -> None:
    root = _journal(make_journal)
    first = subprocess.run([sys.executable, "-c", PROBE, str(root), *HEAVY], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert first.stdout.split()[0] == "0"
    assert {"markdown", "journalgen.source.reader"} <= set(first.stdout.split()[1:])  # it did read
    again = subprocess.run([sys.executable, "-c", PROBE, str(root), *HEAVY], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert again.stdout.split() == ["0"]


def test_the_cache_follows_the_version_of_markdown(
    make_journal: MakeJournal, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _journal(make_journal)
    config = load_config(root)
    build(config)
    assert build(config).mode == "none"
    version = records._version_file
    monkeypatch.setattr(
        records, "_version_file", lambda name, file: "other" if name == "markdown" else version(name, file)
    )
    records.cache_key.cache_clear()
    try:
        report = build(config)
    finally:
        monkeypatch.undo()
        records.cache_key.cache_clear()
    assert report.parsed == 2 and report.converted == 2
