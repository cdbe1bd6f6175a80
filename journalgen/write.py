"""Write the site: safe paths inside the output folder only, built aside and swapped in whole.

A failed build leaves the previous site exactly as it was, and no folder the user made is ever
deleted: the output folder must be empty, missing, or carry the marker file a build leaves.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from journalgen.config import Config
from journalgen.errors import JournalError

MARKER = ".journalgen-site"
MARKER_TEXT = (
    "This folder is written by `journalgen build` and replaced whole on every build.\n"
    "Do not keep your own files here: edit entries/ and templates/ instead.\n"
)


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output(config: Config) -> Path:
    """Return the output folder, or refuse one whose replacement could delete the user's files."""
    out = config.output_dir
    root = config.root.resolve()
    shown = str(config.output)

    def refuse(why: str) -> JournalError:
        return JournalError.at(shown, None, f"refusing to build here: {why}; choose another --output")

    if _is_within(root, out):
        raise refuse("it is the journal folder itself or holds it")
    for folder in (config.entries_dir.resolve(), config.templates_dir.resolve()):
        if _is_within(out, folder):
            raise refuse(f"it is inside {folder.name}/, which holds your own files")
    if out.exists() or out.is_symlink():
        if out.is_symlink() or not out.is_dir():
            raise refuse("it exists and is not a folder journalgen made")
        if not (out / MARKER).is_file() and any(out.iterdir()):
            raise refuse("the folder is not empty and was not made by journalgen")
    return out


def safe_join(base: Path, rel: str) -> Path:
    """Join a site path below base; refuse absolute paths and any `..`."""
    norm = posixpath.normpath(rel)
    if rel.startswith("/") or norm.startswith("..") or norm in ("", ".") or "\\" in rel or "\0" in rel:
        raise ValueError(f"unsafe output path {rel!r}")
    return base.joinpath(*norm.split("/"))


@dataclass(frozen=True)
class WriteReport:
    files: int
    output: Path


def write_site(
    out: Path, pages: Iterable[tuple[str, bytes]], copies: Iterable[tuple[str, Path]]
) -> WriteReport:
    """Write pages and copied files into a fresh folder beside `out`, then swap it in."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    except OSError as exc:
        raise _cannot_write(out, exc) from None
    written: set[str] = set()
    try:
        for rel, data in pages:
            _claim(written, rel)
            target = safe_join(tmp, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for rel, source in copies:
            _claim(written, rel)
            target = safe_join(tmp, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        (tmp / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        _swap(tmp, out)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _cannot_write(out, exc) from None
        raise
    return WriteReport(files=len(written), output=out)


def _cannot_write(out: Path, exc: OSError) -> JournalError:
    """A disk problem (not a folder, read-only, full) as a clear message instead of a crash."""
    where = f" ({exc.filename})" if exc.filename else ""
    reason = exc.strerror or str(exc)
    return JournalError.at(
        str(out), None, f"cannot write the site: {reason}{where}; the old site is unchanged"
    )


def _claim(written: set[str], rel: str) -> None:
    if rel in written:
        raise JournalError.at(rel, None, "two files of the site would be written to this path; rename one")
    written.add(rel)


def _swap(new: Path, out: Path) -> None:
    if not out.exists():
        os.replace(new, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rmdir(old)
    os.replace(out, old)
    try:
        os.replace(new, out)
    except BaseException:
        os.replace(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)
