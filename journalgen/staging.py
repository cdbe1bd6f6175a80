"""Change a live site in one step, and finish or undo what a stopped build left beside it.

A build in place writes every changed file into a private folder beside the site first
(`.site.tmp-put-XXXXXXXX`, see write.aside); only when all of them are written does it write the
list of moves into that folder (the commit), then move them in and delete the files that are
gone. Any failure before the commit leaves the site exactly as it was. What a build killed
afterwards leaves is finished by the next build (recover()), as is a whole new site stopped
between the two renames of its swap; anything else a stopped build left beside the site is
deleted. A lock on the output's folder lets one build at a time change a site, so a build never
takes another one's folder for a leftover.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from journalgen import write
from journalgen.errors import JournalError, PartlyWrittenError, Problem

PLAN = ".journalgen-moves"
"""The commit of a staged change, in its folder: the site paths to move in and to delete."""

LOCK_WAIT = 120.0
"""How long a build waits for another build of the same site to end, in seconds."""


class Staged:
    """The changed files of a build in place, written beside the site until commit() and apply()."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.folder = write.aside(out, write.PUT)
        self.moves: list[str] = []

    def put(self, rel: str, data: bytes) -> write.Stamp:
        """Write a changed file aside; its stamp stays the same when it is moved in."""
        self.moves.append(rel)
        return write.put(self.folder, rel, data)

    def copy(self, rel: str, source: Path) -> write.Stamp:
        self.moves.append(rel)
        return write.put_copy(self.folder, rel, source)

    def commit(self, removed: Iterable[str]) -> None:
        """Decide the change: from here on, the next build finishes it if this one cannot."""
        plan = {"move": self.moves, "remove": sorted(removed)}
        write.atomic_write(self.folder / PLAN, json.dumps(plan).encode("utf-8"))

    def apply(self) -> None:
        apply(self.folder, self.out)

    def discard(self) -> None:
        write.discard(self.folder)


def apply(folder: Path, out: Path) -> None:
    """Carry out a committed change: delete what is gone, move every staged file still there into
    the site (a file already moved is not there any more), then delete the folder."""
    plan = json.loads((folder / PLAN).read_bytes())
    with write.no_interrupt():
        for rel in plan["remove"]:
            write.remove(out, rel)
        for rel in plan["move"]:
            staged = write.safe_join(folder, rel)
            if not os.path.lexists(staged):
                continue
            target = write.safe_join(out, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
        write.discard(folder)


def unfinished(out: Path, exc: OSError) -> JournalError:
    """A failure while moving a committed change in: the site is partly updated until the next build."""
    where = f" ({exc.filename})" if exc.filename else ""
    return PartlyWrittenError(
        Problem(
            str(out),
            None,
            f"cannot finish updating the site: {exc.strerror or exc}{where}; it is partly updated "
            "until the next build, which finishes the update first",
        )
    )


def leftovers(out: Path) -> list[tuple[str, Path]]:
    """The folders a stopped build left beside `out`, each with its kind (write.NEW, OLD or PUT),
    including the names older journalgen versions used (`.site.tmp-XXXXXXXX`, `.site.old-XXXXXXXX`)."""
    temp, legacy_old = f".{out.name}{write.TEMP}", f".{out.name}.old-"
    found = []
    try:
        with os.scandir(out.parent) as items:
            for item in items:
                if not item.is_dir(follow_symlinks=False):
                    continue
                if item.name.startswith(temp):
                    kind, dash, _ = item.name[len(temp) :].partition("-")
                    found.append(
                        (kind if dash and kind in (write.OLD, write.PUT) else write.NEW, Path(item.path))
                    )
                elif item.name.startswith(legacy_old):
                    found.append((write.OLD, Path(item.path)))
    except OSError:
        return []
    return sorted(found, key=lambda found: found[1].name)


def recover(out: Path) -> list[str]:
    """Finish or undo what a stopped build left beside `out`, and delete the rest; say what was done.

    No site but a complete new one beside it (its marker is written last): a swap stopped between
    its renames, finished. No site and only the old one: put back. A committed staged change:
    finished. Everything else is an unfinished copy of the site, deleted.
    """
    found = leftovers(out)
    notes: list[str] = []
    shown = str(out)
    try:
        if not os.path.lexists(out):
            complete = [p for kind, p in found if kind == write.NEW and (p / write.MARKER).is_file()]
            previous = [p for kind, p in found if kind == write.OLD and (p / write.MARKER).is_file()]
            if complete or previous:
                os.replace((complete or previous)[0], out)
                done = "finished putting the new site in place" if complete else "put the previous site back"
                notes.append(f"{shown}: the last build was stopped while it replaced the site; {done}")
        for kind, folder in found:
            if kind == write.PUT and (folder / PLAN).is_file() and (out / write.MARKER).is_file():
                apply(folder, out)
                notes.append(
                    f"{shown}: the last build was stopped while it updated the site; finished the update"
                )
    except (OSError, ValueError, KeyError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "its list of changes is damaged"
        raise JournalError.at(
            shown,
            None,
            f"cannot finish what a stopped build left beside the site ({reason}); delete "
            f"{shown} and the folders named .{out.name}{write.TEMP}* beside it, then build again",
        ) from None
    rest = [folder for _, folder in found if os.path.lexists(folder)]
    for folder in rest:
        shutil.rmtree(folder, ignore_errors=True)
    if rest:
        names = ", ".join(folder.name for folder in rest)
        notes.append(
            f"{shown}: removed the unfinished copy of the site a stopped build left beside it ({names})"
        )
    kept = [folder.name for folder in rest if os.path.lexists(folder)]
    if kept:
        notes.append(
            f"{shown}: could not remove {', '.join(kept)} beside it; delete it yourself: it holds "
            "an unfinished copy of the site"
        )
    return notes


@contextlib.contextmanager
def site_lock(out: Path, waiting: Callable[[str, int, int], None] | None = None) -> Iterator[None]:
    """Let one build at a time change the site at `out` (a lock on the folder that holds it, released
    when the build ends or dies). `waiting(what, seconds, most)` is told while another build holds it."""
    try:
        import fcntl
    except ImportError:  # no advisory locks (Windows): builds are not kept apart
        yield
        return
    try:
        fd = os.open(out.parent, os.O_RDONLY)
    except OSError:  # no folder yet: nothing to recover, and the first write makes it
        yield
        return
    try:
        started = time.monotonic()
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                pass
            except OSError:  # a file system without locks
                break
            waited = time.monotonic() - started
            if waited > LOCK_WAIT:
                raise JournalError.at(
                    str(out),
                    None,
                    "another journalgen build has been writing this site for two minutes; "
                    "let it finish (or stop it) and build again",
                )
            if waiting is not None:
                waiting("waiting for another build of this site to end", int(waited), int(LOCK_WAIT))
            time.sleep(0.1)
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
