"""What a build starts from: entries/, the files copied into the site and everything else pages
depend on, as they are on disk now (Scanned); and whether the site is exactly as the last build
left it."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Collection
from pathlib import Path
from typing import Any

from journalgen.build.aside import Aside
from journalgen.build.fresh import RACY_NS
from journalgen.build.index import Index
from journalgen.build.keys import digest
from journalgen.build.state import Scanned
from journalgen.config import CONFIG_NAME, Config, resolve_today
from journalgen.errors import Problem
from journalgen.site.theme import Theme, copied_files
from journalgen.source.attachments import is_document
from journalgen.source.scan import SourceFiles, scan


def _stat(path: str | Path) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)
    return (st.st_mtime_ns, st.st_size)


def scan_inputs(config: Config, out: Path) -> tuple[Scanned, list[tuple[str, Path]]]:
    """Stat entries/ and the files copied into the site; digest everything else pages depend on.
    Also returns the SVG and HTML files of entries/, which are published as pages, not copied."""
    scan_ns = time.time_ns()
    files = scan(config.entries_dir)
    base = str(config.entries_dir)
    stats = {rel: _stat(f"{base}/{rel}") for rel in files.markdown}
    theme = Theme.of(config)
    copies = copied_files(config, files.assets)
    sources = {site: (str(path), *_stat(path)) for site, path in copies}
    drawn = {site for site, _ in copies if site.startswith("entries/") and is_document(site)}
    drawings = [(site, path) for site, path in copies if site in drawn]
    copies = [(site, path) for site, path in copies if site not in drawn]
    settings = config.root / CONFIG_NAME
    shaping = repr(config).encode("utf-8") + (settings.read_bytes() if settings.is_file() else b"")
    fingerprint = digest(shaping + b"\0" + theme.fingerprint().encode())
    today = resolve_today(config)  # pages show what is due today: a new day is a change
    everything = _everything(stats, sources, fingerprint, out, today)
    return Scanned(files, stats, copies, sources, fingerprint, today, everything, scan_ns), drawings


def _everything(
    stats: dict[str, tuple[int, int]],
    sources: dict[str, tuple[str, int, int]],
    theme: str,
    out: Path,
    today: dt.date,
) -> str:
    """A digest of everything scanned: each entry file's path and stat (in the scan's order), the
    copied files, the theme and config, the output folder and the day."""
    listed = digest("\n".join(f"{rel}\0{mtime}\0{size}" for rel, (mtime, size) in stats.items()))
    return digest(repr((listed, sorted(sources.items()), theme, str(out), today)))


def rescan(
    config: Config, out: Path, last: tuple[Scanned, list[tuple[str, Path]]], changed: Collection[str]
) -> tuple[Scanned, list[tuple[str, Path]]]:
    """What scan_inputs() finds, when a watcher says only these paths changed since `last` (a
    rebuild in serve): when every one is an entry file `last` knew, only those are looked at again
    (and the day); anything else (a file made or deleted, a template, journal.toml) is scanned whole."""
    scanned, drawings = last
    base = config.entries_dir.resolve()
    scan_ns = time.time_ns()
    now: dict[str, tuple[int, int]] = {}
    for path in changed:
        try:
            rel = Path(path).resolve().relative_to(base).as_posix()
        except ValueError:
            return scan_inputs(config, out)
        if rel not in scanned.stats or not os.path.isfile(path):
            return scan_inputs(config, out)
        now[rel] = _stat(path)
    stats = {**scanned.stats, **now}  # (in the scan's order: the same digest as a scan's)
    today = resolve_today(config)
    everything = _everything(stats, scanned.sources, scanned.theme, out, today)
    kept = (scanned.files, stats, scanned.copies, scanned.sources, scanned.theme)
    return Scanned(*kept, today, everything, scan_ns), drawings


def racy(scanned: Scanned, last_ns: int) -> set[str]:
    """The entry files changed too close before the last scan to trust their stat."""
    return {rel for rel, st in scanned.stats.items() if st[0] >= last_ns - RACY_NS[st[0] % 1_000_000 == 0]}


def site_as_left(out: Path, old: Index) -> bool:
    """Is the output folder exactly as the last build left it (same files, same stamps, no others,
    no folder without a file)?"""
    manifest = old.manifest
    if old.output != str(out) or not manifest or not out.is_dir():
        return False

    def files_below(folder: str, prefix: str) -> int:
        """How many files are below the folder, each as the manifest has it; -1 when one is not."""
        count = 0
        with os.scandir(folder) as it:
            for item in it:
                rel = prefix + item.name
                if item.is_dir(follow_symlinks=False):
                    found = files_below(item.path, rel + "/")
                    if found <= 0:
                        return -1
                    count += found
                    continue
                known = manifest.get(rel)
                if known is None or not item.is_file(follow_symlinks=False):
                    return -1
                st = item.stat(follow_symlinks=False)
                if st.st_size != known[1] or st.st_mtime_ns != known[2]:
                    return -1
                count += 1
        return count

    try:
        return files_below(str(out), "") == len(manifest)
    except OSError:
        return False


Found = tuple[Scanned, list[tuple[str, Path]], bool]
"""What scan_inputs() finds, and whether the site is as the last build left it (site_as_left)."""


def scan_aside(config: Config, out: Path, old: Index, fork: bool) -> Aside[Found]:
    """scan_inputs() and site_as_left(), in a forked child when `fork` (aside.py), while the build
    loads the cache."""

    def work() -> Found:
        scanned, drawings = scan_inputs(config, out)
        return scanned, drawings, site_as_left(out, old)

    return Aside(work, _plain, _found, fork)


def _plain(found: Found) -> tuple[Any, ...]:
    """What was found, as marshal's plain values."""
    scanned, drawings, as_left = found
    files = scanned.files
    return (
        (files.markdown, files.assets, _problems(files.problems), _problems(files.skipped)),
        (scanned.stats, _paths(scanned.copies), scanned.sources, scanned.theme, scanned.today.toordinal()),
        (scanned.fingerprint, scanned.scan_ns, _paths(drawings), as_left),
    )


def _found(plain: tuple[Any, ...]) -> Found:
    """_plain()'s values made back into what was found."""
    (markdown, assets, problems, skipped), (stats, copies, sources, theme, today), rest = plain
    fingerprint, scan_ns, drawings, as_left = rest
    files = SourceFiles(markdown, assets, _unplain(problems), _unplain(skipped))
    day = dt.date.fromordinal(today)
    scanned = Scanned(files, stats, _unpaths(copies), sources, theme, day, fingerprint, scan_ns)
    return scanned, _unpaths(drawings), as_left


def _problems(problems: tuple[Problem, ...]) -> tuple[tuple[str, int | None, str], ...]:
    return tuple((p.path, p.line, p.message) for p in problems)


def _unplain(problems: tuple[tuple[str, int | None, str], ...]) -> tuple[Problem, ...]:
    return tuple(Problem(*problem) for problem in problems)


def _paths(files: list[tuple[str, Path]]) -> list[tuple[str, str]]:
    return [(site, str(path)) for site, path in files]


def _unpaths(files: list[tuple[str, str]]) -> list[tuple[str, Path]]:
    return [(site, Path(path)) for site, path in files]
