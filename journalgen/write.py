"""The only code that writes files: the site (built aside and swapped in whole, or its changed files
staged aside and moved in, see staging.py), and for every other writer `atomic_write()` and
`create_new()`.

A failed build leaves the previous site exactly as it was, and no folder the user made is ever
deleted: the output folder must be empty, missing, or carry the marker file a build leaves. Every
folder a build writes before it is moved in is `.<output>.tmp-<kind>-XXXXXXXX` beside the output
(aside()), private to the user; the next build finishes or deletes any a stopped build left.
"""

from __future__ import annotations

import contextlib
import functools
import os
import posixpath
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from journalgen.config import Config
from journalgen.errors import JournalError

MARKER = ".journalgen-site"
MARKER_TEXT = (
    "This folder is written by `journalgen build` and replaced whole on every build.\n"
    "Do not keep your own files here: edit entries/ and templates/ instead.\n"
)

TEMP = ".tmp-"
"""In the name of every temporary file and folder journalgen writes (`.site.tmp-new-XXXXXXXX`,
`.journal.html.tmp-XXXXXXXX`): init's .gitignore lists `.*.tmp-*`."""
NEW, OLD, PUT = "new", "old", "put"
"""The kinds of folder beside the output: a whole new site, the old one while the new one is swapped
in, the changed files of a build in place (staging.py)."""


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
    try:
        if out.exists() or out.is_symlink():
            if out.is_symlink() or not out.is_dir():
                raise refuse("it exists and is not a folder journalgen made")
            if not (out / MARKER).is_file() and any(out.iterdir()):
                raise refuse("the folder is not empty and was not made by journalgen")
            if os.path.ismount(out):
                raise refuse(
                    "it is a mount point (a disk of its own), which a build cannot replace whole; "
                    f"build into a folder inside it, such as {out / 'site'}"
                )
    except OSError as exc:
        raise refuse(f"it cannot be used ({exc.strerror or exc})") from None
    return out


def safe_join(base: Path, rel: str) -> Path:
    """Join a site path below base; refuse absolute paths and any `..`."""
    norm = posixpath.normpath(rel)
    if rel.startswith("/") or norm.startswith("..") or norm in ("", ".") or "\\" in rel or "\0" in rel:
        raise ValueError(f"unsafe output path {rel!r}")
    return base.joinpath(*norm.split("/"))


Stamp = tuple[int, int]
"""(size, mtime_ns) of a file of the site: how a build recognises the files it wrote."""


@dataclass(frozen=True)
class WriteReport:
    files: int
    output: Path
    stamps: dict[str, Stamp] = field(default_factory=dict)
    """Every file written, by site path (the marker included)."""


def check_unique(paths: Iterable[str]) -> None:
    """Refuse two files of the site written to one path, before anything is written."""
    seen: set[str] = set()
    for rel in paths:
        _claim(seen, rel)


def aside(out: Path, kind: str) -> Path:
    """A fresh empty folder beside `out`, readable by the user alone, on the same disk (so what is
    written in it is moved in by a rename): `.<out>.tmp-<kind>-XXXXXXXX`."""
    _made.clear()
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}{TEMP}{kind}-", dir=out.parent))


def new_folder(out: Path) -> Path:
    """A fresh empty folder beside `out`, to build a whole site in before swapping it in."""
    try:
        return aside(out, NEW)
    except OSError as exc:
        raise cannot_write(out, exc) from None


def put(base: Path, rel: str, data: bytes) -> Stamp:
    """Write one file into a fresh folder (not yet visible, so no need for atomicity).

    Plain os calls on strings, and each folder made once: a cold build writes thousands of pages.
    """
    target = str(safe_join(base, rel))
    folder = os.path.dirname(target)
    if folder not in _made:
        os.makedirs(folder, exist_ok=True)
        _made.add(folder)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        st = os.fstat(fd)
    finally:
        os.close(fd)
    return st.st_size, st.st_mtime_ns


_made: set[str] = set()
"""Folders put() has made (in folders that only ever grow until they are swapped in whole)."""


def put_copy(base: Path, rel: str, source: Path) -> Stamp:
    target = safe_join(base, rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return _stamp(target)


def finish(tmp: Path, out: Path) -> Stamp:
    """Add the marker to a fully written folder and swap it in place of `out`; the marker's stamp."""
    marker = tmp / MARKER
    marker.write_text(MARKER_TEXT, encoding="utf-8")
    stamp = _stamp(marker)
    _swap(tmp, out)
    return stamp


def discard(tmp: Path) -> None:
    shutil.rmtree(tmp, ignore_errors=True)


def write_site(
    out: Path, pages: Iterable[tuple[str, bytes]], copies: Iterable[tuple[str, Path]]
) -> WriteReport:
    """Write pages and copied files into a fresh folder beside `out`, then swap it in."""
    tmp = new_folder(out)
    written: set[str] = set()
    stamps: dict[str, Stamp] = {}
    try:
        for rel, data in pages:
            _claim(written, rel)
            stamps[rel] = put(tmp, rel, data)
        for rel, source in copies:
            _claim(written, rel)
            stamps[rel] = put_copy(tmp, rel, source)
        stamps[MARKER] = finish(tmp, out)
    except BaseException as exc:
        discard(tmp)
        if isinstance(exc, OSError):
            raise cannot_write(out, exc) from None
        raise
    return WriteReport(files=len(written), output=out, stamps=stamps)


def atomic_write(
    path: Path, data: bytes | None = None, *, source: Path | None = None, mode: int | None = None
) -> None:
    """Write a file whole or not at all: a temporary file beside it, then os.replace.

    `source`: copy that file's bytes instead of `data`. `mode`: the file's permissions (default:
    what a new file gets under the umask); the temporary file is never readable by others.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if source is not None:
                with source.open("rb") as src:
                    shutil.copyfileobj(src, handle)
            else:
                handle.write(data or b"")
        os.chmod(tmp, 0o666 & ~_umask() if mode is None else mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def create_new(path: Path, data: bytes, mode: int = 0o600, *, exact: bool = False) -> bool:
    """Create a file that does not exist yet; False (and nothing written) when the name is taken.

    Never overwrites anything. `mode` (by default readable by the user alone) is narrowed by the
    umask, unless `exact` (a git hook must be executable whatever the umask).
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    if exact:
        os.chmod(path, mode)
    return True


def remove(out: Path, rel: str) -> None:
    """Delete one file of a live site, and the folders it leaves empty (never `out` itself)."""
    target = safe_join(out, rel)
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != out and _is_within(folder, out):
        try:
            folder.rmdir()
        except OSError:
            break
        folder = folder.parent


def _stamp(path: Path) -> Stamp:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


@functools.cache
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def cannot_write(out: Path, exc: OSError) -> JournalError:
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


@contextlib.contextmanager
def no_interrupt() -> Iterator[None]:
    """Hold Ctrl-C (and SIGTERM) back while the site changes, so it is never left half moved; the
    signal arrives as soon as the change is done. Only the main thread receives them."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _swap(new: Path, out: Path) -> None:
    """Put the complete site `new` in place of `out`. A build killed between the two renames leaves
    no `out`: the next one puts `new` (it holds the marker) in place (staging.recover)."""
    with no_interrupt():
        if not out.exists():
            os.replace(new, out)
            return
        old = aside(out, OLD)
        os.rmdir(old)  # a free name beside out
        os.replace(out, old)
        try:
            os.replace(new, out)
        except BaseException:
            os.replace(old, out)
            raise
        shutil.rmtree(old, ignore_errors=True)
