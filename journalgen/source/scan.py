"""List entries/: Markdown entries and the files beside them, in a stable order."""

from __future__ import annotations

import errno
import os
import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from journalgen.errors import Problem
from journalgen.model import stem

MARKDOWN_SUFFIXES = (".md", ".markdown")


def page_sources(url: str) -> tuple[str, ...]:
    """The names below entries/ an entry's file most likely has when its page is at this site path
    (model.Entry.url, backwards): `entries/a/b.html` → `a/b.md`, `a/b.markdown`. A file whose
    suffix is written otherwise (`.MD`) is not among them; neither is anything for another path."""
    if not (url.startswith("entries/") and url.endswith(".html")):
        return ()
    name = url.removeprefix("entries/").removesuffix(".html")
    return tuple(name + suffix for suffix in MARKDOWN_SUFFIXES)


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
    problems: tuple[Problem, ...] = ()
    """Files that cannot become files of the site (their names): errors, and left out of the lists."""
    skipped: tuple[Problem, ...] = ()
    """Links left out (to outside entries/, to nothing, or back into a folder): warnings."""


def scan(entries_dir: Path) -> SourceFiles:
    """List entries/ recursively in a stable order, skipping hidden files and editor leftovers.

    A symbolic link is followed only to a file or folder inside entries/, and a folder is read once
    (so a link back to a folder above it is no loop); other links are left out, with a warning.
    """
    skipped: list[Problem] = []
    home = os.path.realpath(entries_dir)
    seen: set[tuple[int, int]] = set()

    def walk(folder: str, prefix: str) -> Iterator[str]:
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen:
                skipped.append(
                    _skipped(prefix, "is a link back to a folder above it (a loop); it is left out")
                )
                return
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as it:
                children = sorted(it, key=lambda c: c.name)
        except OSError as exc:
            skipped.append(_skipped(prefix, f"cannot be read ({exc.strerror}); it is left out"))
            return
        for child in children:
            if is_ignored(child.name):
                continue
            rel = f"{prefix}{child.name}"
            if child.is_symlink():
                target = os.path.realpath(child.path)
                if not _inside(target, home):
                    skipped.append(_skipped(rel, f"is a link to {target}, outside entries/; {_OUTSIDE}"))
                    continue
                try:
                    os.stat(child.path)
                except OSError as exc:
                    why = (
                        "is a link that leads round in a loop"
                        if exc.errno == errno.ELOOP
                        else (f"is a link to {target}, which does not exist")
                    )
                    skipped.append(_skipped(rel, f"{why}; it is left out"))
                    continue
            if child.is_dir():
                yield from walk(child.path, rel + "/")
            elif child.is_file():
                yield rel

    found = list(walk(str(entries_dir), "")) if entries_dir.is_dir() else []
    return listing(found, skipped)


def listing(files: Iterable[str], skipped: Iterable[Problem] = ()) -> SourceFiles:
    """SourceFiles of these files below entries/, in this order (a scan's: folder by folder, each
    sorted by name), none of them hidden: Markdown entries, other files, names refused."""
    markdown: list[str] = []
    assets: list[str] = []
    for rel in files:
        (markdown if rel.lower().endswith(MARKDOWN_SUFFIXES) else assets).append(rel)
    named = {rel: problem for rel in (*markdown, *assets) if (problem := _name_problem(rel)) is not None}
    return SourceFiles(
        tuple(rel for rel in markdown if rel not in named),
        tuple(rel for rel in assets if rel not in named),
        tuple(named.values()),
        tuple(skipped),
    )


_OUTSIDE = (
    "only files in entries/ become part of the site, so it is left out (copy the file into entries/ "
    "instead of linking to it)"
)


def _skipped(rel: str, why: str) -> Problem:
    return Problem(f"entries/{_shown(rel.rstrip('/'))}", None, f"warning: {why}")


def _inside(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([folder, path]) == folder
    except ValueError:  # another drive
        return False


def _shown(rel: str) -> str:
    """A path as it can be printed: bytes that are not UTF-8 written as \\xff."""
    return os.fsencode(rel).decode("utf-8", "backslashreplace")


NAME_BYTES = 255
"""The longest file name most file systems take (ext4, APFS, NTFS: 255 bytes or characters)."""


def _name_problem(rel: str) -> Problem | None:
    """Why a file's name cannot be the name of a file of the site, if it cannot."""
    if rel.isascii() and "\\" not in rel and len(rel) - rel.rfind("/") + 1 <= NAME_BYTES:
        return None  # most names: short ASCII (a page's name is at most 2 longer: .md -> .html)
    shown = _shown(rel)
    name = rel.rsplit("/", 1)[-1]
    if rel.lower().endswith(MARKDOWN_SUFFIXES):
        name = posixpath.splitext(name)[0] + ".html"
    if shown != rel:
        why = "the file name is not UTF-8 text, so it cannot be part of a web address; rename it"
    elif "\\" in rel:
        why = "the file name holds a \\, which browsers read as a folder separator; rename it"
    elif len(name.encode()) > NAME_BYTES:
        why = (
            f"the file name is too long: in the site it is {name[:20]}… of {len(name.encode())} bytes, "
            f"more than the {NAME_BYTES} most disks take; shorten it"
        )
    else:
        return None
    return Problem(f"entries/{shown}", None, why)


def site_path_clashes(files: SourceFiles) -> list[Problem]:
    """Two files that would become the same file of the site (`a.md` and `a.markdown`)."""
    owners: dict[str, list[str]] = {}
    for rel in files.markdown:
        owners.setdefault(f"entries/{stem(rel)}.html", []).append(rel)
    for rel in files.assets:
        owners.setdefault(f"entries/{rel}", []).append(rel)
    return [
        Problem(
            f"entries/{rel}", None, f"makes the same file of the site ({page}) as entries/{first}; rename one"
        )
        for page, (first, *others) in owners.items()
        for rel in others
    ]
