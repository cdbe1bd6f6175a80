"""One Markdown file as read (source.reader), as the cache keeps it (build/store.py): its own small
module, so that loading parsed entries from the cache imports neither Markdown nor YAML."""

from __future__ import annotations

from typing import NamedTuple

from journalgen.model import Entry


class Read(NamedTuple):
    """One Markdown file as read: the SHA-256 of its bytes, its body key (before its links, see
    markdown.linked_key) and its Entry."""

    digest: str
    key: str
    entry: Entry
