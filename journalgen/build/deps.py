"""What each page of the site shows of the journal, and so which pages an edit can change.

Every page planned is recorded with the entries whose views it holds (keys.page_key finds them)
and those it `shows`, the fields of their views it `uses` besides what its template reads, and
its `facets` (site.page.Page); every page rendered notes which fields of entry views its template
read (site.theme.PageEnvironment). After an edit that leaves the journal's shape as it was
(changes.py), only the pages that show a changed field of a changed entry, or a changed facet,
are planned again: adding a tag to an entry plans its page, its tags' pages, the list of tags,
the search page and its month's search file, not the timeline, which does not show tags.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping

from journalgen.build.changes import Changes
from journalgen.build.index import Shown
from journalgen.site.page import Page

Places = Mapping[str, int]
"""Each entry with a page, by source, and its place in the Index's `order`."""


def shown(page: Page, deps: Iterable[str], places: Places) -> Shown:
    """The record of what a planned page shows, its entries (found by keys.page_key) by place."""
    held = array("I", sorted(places[source] for source in deps if source in places)).tobytes()
    return (page.template or "", held, tuple(sorted(page.uses)), tuple(sorted(page.facets)))


def reads(
    old: Mapping[str, tuple[str, ...]], rendered: Mapping[str, set[str]], fresh: bool
) -> dict[str, tuple[str, ...]]:
    """The fields of entry views each template reads: what the templates just rendered read, with
    what they read before (unless `fresh`: the templates changed, and every page was planned)."""
    found = {} if fresh else {name: set(fields) for name, fields in old.items()}
    for name, fields in rendered.items():
        found.setdefault(name, set()).update(fields)
    return {name: tuple(sorted(fields)) for name, fields in sorted(found.items())}


def select(
    changes: Changes, pages: Mapping[str, Shown], read: Mapping[str, tuple[str, ...]], places: Places
) -> set[str]:
    """The pages a change of entries' fields can change (changes.shape must be false)."""
    changed = {places[source]: fields for source, fields in changes.views.items() if source in places}
    facets = changes.facets
    looked = {template: frozenset(fields) for template, fields in read.items()}
    chosen = set()
    for path, (template, held, uses, page_facets) in pages.items():
        if page_facets and not facets.isdisjoint(page_facets):
            chosen.add(path)
            continue
        if not changed or not held:
            continue
        deps = array("I", held)
        if changed.keys().isdisjoint(deps):
            continue
        fields = looked.get(template) if template else frozenset()
        for source in deps:
            fields_changed = changed.get(source)
            if fields_changed is None:
                continue
            if fields is None or not fields_changed.isdisjoint(fields) or not fields_changed.isdisjoint(uses):
                chosen.add(path)
                break
    return chosen
