"""Whether what the cache holds of a file is still true: the stat rule build, check and export
share, the parse key entries were read under, and what of the last build's reading may be reused."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journalgen.build.keys import digest
from journalgen.config import Config

if TYPE_CHECKING:
    from journalgen.build.index import Index
    from journalgen.build.store import Store
    from journalgen.source.questions import Questions
    from journalgen.source.read import Read
    from journalgen.source.reader import Previous

RACY_NS = (50_000_000, 2_000_000_000)
"""A file changed this close before the last scan may have changed again within the same mtime, so it
is read again: 50 ms where the file system keeps fine times, 2 s where it rounds them (FAT, HFS+)."""


def file_stat(path: str) -> tuple[int, int] | None:
    """A file's (mtime_ns, size), as the cache records it beside its digest; None if it has none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def unchanged(stat: tuple[int, int] | None, recorded: tuple[Any, ...] | None, sha: str, scan_ns: int) -> bool:
    """Whether a file whose (mtime_ns, size) is `stat` is still what was read when `recorded`
    (mtime_ns, size, SHA-256, ...) at `scan_ns`: the same stat, the same digest as the entry at
    hand (`sha`), and not changed so close before that it may have changed again within one mtime."""
    return (
        stat is not None
        and recorded is not None
        and stat == recorded[:2]
        and recorded[2] == sha
        and stat[0] < scan_ns - RACY_NS[stat[0] % 1_000_000 == 0]
    )


def parse_key(config: Config, questions: Questions) -> str:
    """A digest of the settings reading an entry depends on (routes, scales, the prompt templates'
    questions...), not where the journal and its output are: entries parsed under another key are
    parsed again."""
    shaping = dataclasses.replace(config, root=Path("."), output=Path("."), cache=Path("."), drafts=False)
    return digest(repr(shaping) + questions.key)


def built_entries(store: Store, entries_dir: Path, key: str) -> tuple[dict[str, Read], Index | None]:
    """The entries the last build parsed, and its Index (stats of entries/ and digests), when
    it parsed them under the parse key `key`; else nothing."""
    index = store.read_index()
    if index is None or not store.read_rest(index) or index.parse_key != key:
        return {}, None
    return store.read_entries(entries_dir), index


def built_previous(
    store: Store, entries_dir: Path, key: str, stats: Mapping[str, tuple[int, int]]
) -> tuple[Previous, Index | None]:
    """What read_journal may reuse of the last build's reading (under the parse key `key`):
    its parsed entries, those whose stat is in `stats` unchanged trusted; and its Index."""
    from journalgen.source.reader import Previous

    entries, index = built_entries(store, entries_dir, key)
    if index is None:
        return Previous({}), None
    trusted = {
        rel
        for rel, read in entries.items()
        if unchanged(stats.get(rel), index.stats.get(rel), read.digest, index.scan_ns)
    }
    return Previous(entries, trusted, set(index.bodies)), index
