"""What changed in the journal since the last build: in which entries, which fields of their
views, and whether the journal's shape (which entries there are, their order, their sessions) is
still the same; deps.py turns that into the pages to plan again."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from journalgen.model import Entry, Journal
from journalgen.site.views import Views
from journalgen.source.read import Read

SHOWN_AS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "utc_offset": ("iso",),
    "route": ("route",),
    "emotions": ("emotions",),
    "tags": ("tags",),
    "mood": ("mood", "care"),
    "scores": ("scores", "care"),
    "dose": ("dose",),
    "effects": ("body",),
    "dissociation": ("body",),
    "blood_pressure": ("body",),
    "heart_rate": ("body",),
    "extra": ("extra",),
}
"""The fields of an entry's view (site.views.EntryView) a change of each of these fields of the
entry (model.Entry) changes; any other field (the date, the kind, its session...) changes how entries
are ordered and linked (build/changes.py)."""

LENT: dict[str, tuple[str, ...]] = {"title": ("session_title",), "route": ("route",)}
"""The fields of the views of a session's entries that a change of these fields of the session
changes: they show its title, and its route when they name none."""


BODY_ONLY = frozenset(("inline_tags", "wikilinks", "title_is_heading", "body_line"))
"""Fields of an entry pages show only through its converted body (whose key tells when it changed)."""
_FIELDS = tuple(f.name for f in dataclasses.fields(Entry) if f.name != "body")


@dataclass
class Changes:
    """What changed since the last build, for deps.select()."""

    shape: bool = False
    """The entries, their order, dates, kinds or sessions, or a term's page changed: plan every page."""
    views: dict[str, set[str]] = field(default_factory=dict)
    """Each entry whose view changed (by source), with the fields of its view that did."""
    facets: set[str] = field(default_factory=set)
    """What changed of the journal as a whole: those fields, and "tags:grief" for the entries
    with a tag (its page lists them), "waiting" for the files not published yet."""
    bodies: list[Entry] = field(default_factory=list)
    """The entries whose converted body changed."""

    @property
    def none(self) -> bool:
        return not (self.shape or self.views or self.facets or self.bodies)


def changed_fields(before: Entry, now: Entry) -> list[str]:
    """The fields (but the body) in which two versions of an entry differ."""
    return [name for name in _FIELDS if getattr(before, name) != getattr(now, name)]


def terms_of(views: Views) -> dict[str, dict[str, str]]:
    """Each taxonomy's terms, by name, with the slug of their pages."""
    return {folder: {t.name: t.slug for t in terms} for folder, terms in views.taxonomies()}


def changes(
    journal: Journal,
    views: Views,
    before: Mapping[str, Read],
    meta: tuple[Mapping[str, str], Mapping[str, str]],
    keys: tuple[Mapping[str, str], Mapping[str, str]],
    terms: Mapping[str, Mapping[str, str]],
    waiting: tuple[tuple[str, ...], tuple[str, ...]],
) -> Changes:
    """What changed between the last build and this one: `before` is what the last build read,
    `meta` each entry's fields digest then and now, `keys` the body key of each page's entry then
    and now, `terms` the slugs of the terms' pages then, `waiting` the files not published yet
    then and now."""
    found = Changes()
    old_meta, new_meta = meta
    old_keys, new_keys = keys
    if set(old_keys) != set(new_keys):
        found.shape = True
        return found
    for entry in journal.pages:
        source = entry.source
        if old_keys[source] != new_keys[source]:
            found.bodies.append(entry)
        if old_meta.get(source) == new_meta.get(source):
            continue
        read = before.get(source)
        if read is None:
            found.shape = True
            return found
        fields = changed_fields(read.entry, entry)
        if any(name not in SHOWN_AS and name not in BODY_ONLY for name in fields):
            found.shape = True
            return found
        _note(found, journal, read.entry, entry, fields)
    now = terms_of(views)
    for folder, slugs in now.items():
        before_slugs = terms.get(folder, {})
        if any(before_slugs.get(name, slug) != slug for name, slug in slugs.items()):
            found.shape = True  # a new term's page took an old one's name: its links all change
            return found
    if waiting[0] != waiting[1]:
        found.facets.add("waiting")
    return found


def _note(found: Changes, journal: Journal, before: Entry, now: Entry, fields: list[str]) -> None:
    """Note what a change of these fields of an entry changes of the views and the journal."""
    shown = {view for name in fields for view in SHOWN_AS.get(name, ())}
    if shown:
        found.views.setdefault(now.source, set()).update(shown)
        found.facets.update(shown)
    for name, folder in (("tags", "tags"), ("emotions", "emotions")):
        if name in fields:
            found.facets.update(f"{folder}:{t}" for t in set(getattr(before, name)) ^ set(getattr(now, name)))
    if now.kind == "session":  # a session is its own session too
        for linked in (now, *journal.linked(now)):
            lent = {
                view
                for name in fields
                for view in LENT.get(name, ())
                if name != "route" or not linked.route  # its own route wins
            }
            if lent:
                found.views.setdefault(linked.source, set()).update(lent)
                found.facets.update(lent)
