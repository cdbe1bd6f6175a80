"""What a build starts from: entries/, the files copied into the site and everything else pages
depend on, as they are on disk now (Scanned); and whether the site is exactly as the last build
left it."""

from __future__ import annotations

import os
import time
from pathlib import Path

from journalgen.build.keys import digest
from journalgen.build.state import Scanned
from journalgen.build.store import Index
from journalgen.config import CONFIG_NAME, Config, resolve_today
from journalgen.site.plan import copied_files
from journalgen.site.theme import Theme
from journalgen.source.attachments import is_document
from journalgen.source.scan import scan
from journalgen.write import Stamp

RACY_NS = (50_000_000, 2_000_000_000)
"""A file changed this close before the last scan may have changed again within the same mtime, so it
is read again: 50 ms where the file system keeps fine times, 2 s where it rounds them (FAT, HFS+)."""


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
    everything = digest(repr((sorted(stats.items()), sorted(sources.items()), fingerprint, str(out), today)))
    return Scanned(files, stats, copies, sources, fingerprint, today, everything, scan_ns), drawings


def racy(scanned: Scanned, last_ns: int) -> set[str]:
    """The entry files changed too close before the last scan to trust their stat."""
    return {rel for rel, st in scanned.stats.items() if st[0] >= last_ns - RACY_NS[st[0] % 1_000_000 == 0]}


def stamp_tree(out: Path) -> tuple[dict[str, Stamp], set[str]]:
    """Every file below `out` with its stamp, and every folder, as site paths; symlinks count as files."""
    files: dict[str, Stamp] = {}
    folders: set[str] = set()

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as it:
            for item in it:
                rel = prefix + item.name
                if item.is_dir(follow_symlinks=False):
                    folders.add(rel)
                    walk(item.path, rel + "/")
                else:
                    st = item.stat(follow_symlinks=False)
                    files[rel] = (
                        (st.st_size, st.st_mtime_ns) if item.is_file(follow_symlinks=False) else (-1, -1)
                    )

    walk(str(out), "")
    return files, folders


def site_as_left(out: Path, old: Index) -> bool:
    """Is the output folder exactly as the last build left it (same files, same stamps, no others)?"""
    manifest = old.manifest
    if old.output != str(out) or not manifest or not out.is_dir():
        return False
    files, folders = stamp_tree(out)
    if len(files) != len(manifest):
        return False
    if any(files.get(rel) != (size, mtime) for rel, (_, size, mtime) in manifest.items()):
        return False
    return folders == {rel.rsplit("/", i)[0] for rel in manifest for i in range(1, rel.count("/") + 1)}
