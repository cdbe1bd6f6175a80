"""Where each body's `#tags` and `[[wikilinks]]` point: worked out across the whole journal.

A `#tag` points at its tag page. A `[[name]]` points at the entry or note whose file is called
that (`[[Safety plan]]` → `safety plan.md` or `Safety Plan.md`, any case; `[[folder/name]]` by
its path), else the one with that title, else the entry of that date (`[[2023-06-17]]`, Logseq's
`[[Jun 17th, 2023]]`); `![[image.png]]` at that file anywhere in entries/. When several match,
the one with the shortest path wins (then the first by name), as in Obsidian. A name that matches
nothing gets no target: the Markdown pass shows it as text, and `check` warns. Dendron writes
`[[label|note.name]]`, the other way round from Obsidian's `[[Name|shown text]]`: when the name
before `|` finds nothing and the one after it does, the link goes there and shows the label.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote

from journalgen.model import Entry, Journal
from journalgen.site.views import Views
from journalgen.slugs import fold
from journalgen.source.dates import parse_date
from journalgen.source.inline import split_wikilink_key
from journalgen.source.marks import Links, link_key, tag_key
from journalgen.source.reader import Job, title_heading
from journalgen.source.scan import SourceFiles


def _order(rel: str) -> tuple[int, str]:
    return (rel.count("/"), rel)


class Targets:
    """The link targets of every body of one journal."""

    def __init__(self, journal: Journal, files: SourceFiles, views: Views) -> None:
        self.journal = journal
        self.views = views
        self._by_name: dict[str, list[str]] = {}
        self._by_title: dict[str, list[str]] = {}
        self._paths: list[str] = []
        for entry in journal.pages:
            stem = posixpath.splitext(entry.source)[0]
            self._paths.append(entry.source)
            self._by_name.setdefault(fold(posixpath.basename(stem)), []).append(entry.source)
            self._by_name.setdefault(fold(posixpath.basename(entry.source)), []).append(entry.source)
            self._by_title.setdefault(fold(entry.title), []).append(entry.source)
        for rel in files.assets:
            self._paths.append(rel)
            self._by_name.setdefault(fold(posixpath.basename(rel)), []).append(rel)
        self._tags = {term.name for term in journal.tags}
        self._by_day: dict[object, str] = {}
        for entry in journal.entries:
            self._by_day.setdefault(entry.date, entry.source)

    def find(self, name: str) -> str | None:
        """The file below entries/ a wikilink's name points at, or None."""
        wanted = fold(name).strip("/")
        if not wanted:
            return None
        found: list[str] = []
        if "/" in wanted:
            found = [
                rel
                for rel in self._paths
                if fold(rel) == wanted
                or fold(posixpath.splitext(rel)[0]) == wanted
                or fold(posixpath.splitext(rel)[0]).endswith("/" + wanted)
                or fold(rel).endswith("/" + wanted)
            ]
        found = found or self._by_name.get(wanted) or self._by_title.get(wanted) or []
        if found:
            return min(found, key=_order)
        try:
            day, _, _ = parse_date(name)
        except ValueError:
            return None
        return self._by_day.get(day)

    def of(self, entry: Entry) -> Links:
        """Where this entry's tags and wikilinks point, as URLs relative to its page."""
        here = posixpath.dirname(entry.url)
        found: dict[str, str] = {}
        for tag in entry.inline_tags:
            if tag in self._tags:
                page = self.views.link("tags", tag).url
                found[tag_key(tag)] = quote(posixpath.relpath(page, here))
        source_here = posixpath.dirname(entry.source) or "."
        for written in entry.wikilinks:
            rel, key = self._resolve(written)
            if rel is not None:
                found[link_key(key)] = quote(posixpath.relpath(rel, source_here))
        return tuple(sorted(found.items()))

    def _resolve(self, written: str) -> tuple[str | None, str]:
        """The file a name of the body's list of wikilinks points at (or None), and the key its
        link is known by: the name, else Dendron's `[[label|note.name]]` read the other way."""
        name, other = split_wikilink_key(written)
        rel = self.find(name)
        if rel is None and other:
            return self.find(other), written
        return rel, name

    def job(self, entry: Entry, key: str | None = None) -> Job:
        """What converting the entry's body takes (keyed by `key`, else by its source)."""
        return (key or entry.source, entry.body, title_heading(entry), self.of(entry))

    def missing(self, entry: Entry) -> list[str]:
        """The wikilink names of an entry that point at nothing (read either way round)."""
        return [split_wikilink_key(w)[0] for w in entry.wikilinks if self._resolve(w)[0] is None]
