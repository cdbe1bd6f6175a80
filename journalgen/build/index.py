"""The Index: what the last build learned about its inputs and its output, as the cache keeps it
(store.py): its HEAD fields in index.bin, the REST in journal.bin and the changes to them
(deltas.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from journalgen.build import deltas
from journalgen.build.records import Asked, Steps

Shown = tuple[str, bytes, tuple[str, ...], tuple[str, ...]]
"""What a page shows (build/deps.py): its template or "", the entries it shows (their places in the
Index's `order`, as an array of unsigned ints), the fields it uses, its facets."""


@dataclass
class Index:
    """What the last build learned about its inputs and its output, kept between runs in `index.bin`
    (the fields in HEAD) and `journal.bin` (the rest)."""

    output: str = ""
    """The output folder the manifest describes."""
    fingerprint: str = ""
    """A digest of everything scanned: stats of entries and copied files, theme, output, day."""
    parse_key: str = ""
    """A digest of the settings reading an entry depends on: parsed entries are valid only under it."""
    scan_ns: int = 0
    """When entries/ was scanned (files changed just before it are read again)."""
    entries: int = 0
    pages: int = 0
    generation: str = ""
    """A token of the build that wrote it: index.bin and journal.bin are one Index only when theirs match."""
    order: tuple[str, ...] = ()
    """The entries with a page, by source: `shows` names them by their place here."""
    stats: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    """Each Markdown file's (mtime_ns, size, SHA-256)."""
    sources: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    """Each copied file's site path → (its path, mtime_ns, size)."""
    manifest: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    """Every file of the site → (digest of its bytes, or "" for a copy; size; mtime_ns)."""
    page_keys: dict[str, str] = field(default_factory=dict)
    """Each page's key (build/keys.py): same key, same bytes."""
    meta: dict[str, str] = field(default_factory=dict)
    """Each entry's digest of everything but its body (source.entry.fields_digest)."""
    model: str = ""
    """A digest of what shapes every page besides the entries: theme, day, output, parse key."""
    bodies: list[str] = field(default_factory=list)
    """The body keys the body shards hold."""
    steps: dict[str, Steps] = field(default_factory=dict)
    """Each converted body's steps, by body key (kept here: the steps pages need every one)."""
    questions: dict[str, Asked] = field(default_factory=dict)
    """The questions each converted body answers, with a digest of each answer, by body key (the
    Threads pages need every one; the digests tell which answers an edit changed)."""
    body_keys: dict[str, str] = field(default_factory=dict)
    """The body key of each entry with a page, by source: which bodies changed."""
    shows: dict[str, Shown] = field(default_factory=dict)
    """What each page shows of the journal (deps.Shown, its entries by their place in `order`), by
    site path: which pages an edit changes."""
    reads: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The fields of entry views each template reads, by template."""
    terms: dict[str, dict[str, str]] = field(default_factory=dict)
    """Each taxonomy's terms with the slugs of their pages."""
    waiting: tuple[str, ...] = ()
    """The files of entries/ not published yet (left as their prompt template wrote them)."""
    chain: int = deltas.CHAIN
    """Not stored: how many files of changes (deltas.py) lie on top of journal.bin for this Index
    in the cache; CHAIN when the cache may not hold it (the next save writes it whole)."""


_TYPES = {name: type(value) for name, value in vars(Index()).items() if name != "chain"}
HEAD = ("output", "fingerprint", "scan_ns", "entries", "pages", "manifest", "generation")
"""The fields of the Index a build that finds nothing changed needs: in index.bin."""
REST = ("generation", *(name for name in _TYPES if name not in HEAD))
"""The other fields, in journal.bin with the same generation, read only by a build that has
something to do."""


def fields_from(data: Any, names: tuple[str, ...]) -> dict[str, Any] | None:
    """These fields of the Index, stored as a tuple of their values, or None when it is not one."""
    if not isinstance(data, tuple) or len(data) != len(names):
        return None
    values = dict(zip(names, data, strict=True))
    if not all(isinstance(values[name], _TYPES[name]) for name in names):
        return None
    return values
