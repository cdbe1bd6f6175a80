"""Relative links: the quick reckoning from shared path parts gives what posixpath.relpath gives."""

from __future__ import annotations

import itertools
import posixpath
from urllib.parse import quote

from journalgen.site.render import relative_url

PAGES = ["index.html", "tags/x.html", "entries/2026/a.html", "a/b/c/d.html", "/abs.html", "a//b.html"]
TARGETS = [
    "index.html",
    "entries/2026/a.html",
    "entries/2027/b c.html",
    "entries/Session #3.html",
    "sessions.html#session-2",
    "x.html#",
    "a/./b.html",
    "a/../b.html",
    "../up.html",
    "tags/",
    "",
    "é.html",
]


def test_relative_links_match_relpath() -> None:
    for page, target in itertools.product(PAGES, TARGETS):
        path, sep, fragment = target.rpartition("#")
        if not sep or "." in fragment or "/" in fragment:
            path, fragment = target, ""
        rel = posixpath.relpath(posixpath.join("/", path), posixpath.join("/", posixpath.dirname(page)))
        want = quote(rel, safe="/") + (f"#{quote(fragment)}" if fragment else "")
        assert relative_url(page, target) == want, (page, target)
