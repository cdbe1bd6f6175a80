"""List entries/: Markdown entries and the files beside them, in a stable order."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from journalgen.errors import Problem

MARKDOWN_SUFFIXES = (".md", ".markdown")


def is_ignored(name: str) -> bool:
    """Hidden files and editor leftovers: never entries, never copied, never a reason to rebuild."""
    return (
        name.startswith((".", "#"))
        or name.endswith(("~", ".swp", ".swo", ".swx", ".tmp", "#"))
        or name == "4913"
    )


@dataclass(frozen=True)
class SourceFiles:
    """What entries/ holds: Markdown entries and other files to copy, as paths below entries/."""

    markdown: tuple[str, ...]
    assets: tuple[str, ...]


def scan(entries_dir: Path) -> SourceFiles:
    """List entries/ recursively in a stable order, skipping hidden files and editor leftovers."""
    markdown: list[str] = []
    assets: list[str] = []

    def walk(folder: str, prefix: str) -> Iterator[str]:
        with os.scandir(folder) as it:
            children = sorted(it, key=lambda c: c.name)
        for child in children:
            if is_ignored(child.name):
                continue
            rel = f"{prefix}{child.name}"
            if child.is_dir():
                yield from walk(child.path, rel + "/")
            elif child.is_file():
                yield rel

    if entries_dir.is_dir():
        for rel in walk(str(entries_dir), ""):
            (markdown if rel.lower().endswith(MARKDOWN_SUFFIXES) else assets).append(rel)
    return SourceFiles(tuple(markdown), tuple(assets))


def site_path_clashes(files: SourceFiles) -> list[Problem]:
    """Two files that would become the same file of the site (`a.md` and `a.markdown`)."""
    owners: dict[str, list[str]] = {}
    for rel in files.markdown:
        owners.setdefault(f"entries/{posixpath.splitext(rel)[0]}.html", []).append(rel)
    for rel in files.assets:
        owners.setdefault(f"entries/{rel}", []).append(rel)
    return [
        Problem(
            f"entries/{rel}", None, f"makes the same file of the site ({page}) as entries/{first}; rename one"
        )
        for page, (first, *others) in owners.items()
        for rel in others
    ]
