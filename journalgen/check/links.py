"""Links and images that point at nothing in the journal, and anything loaded from the internet."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from urllib.parse import unquote

from journalgen.check.lines import line_of
from journalgen.errors import Problem
from journalgen.model import Entry
from journalgen.source.html import Reference, url_parts
from journalgen.source.scan import MARKDOWN_SUFFIXES, SourceFiles

_INTERNET = ("http", "https", "ftp", "ws", "wss")
_TEMPLATE = re.compile(r"\{\{|\{%")
"""A link written as another tool's template (Liquid `{{ site.url }}`, `{% link %}`, Hugo `{{< ref >}}`)."""
_WEB = ("https://", "http://")
_QUIET_NOT = frozenset("[]{}\t\n\r")
"""Characters that make urlsplit refuse an address, that a browser drops from one, or that start
another tool's template."""


Kind = Callable[[str], "str | None"]
"""What is at a path below entries/: "folder", "file" (anything else there), or None."""


def references(
    files: SourceFiles, entries: list[Entry], links: Mapping[str, Sequence[Reference]], kind: Kind
) -> Iterator[Problem]:
    """Links and images that point at nothing in the journal, and anything loaded from the internet.

    `links`: every link and loaded URL of each entry's body, by source (Rendered.links)."""
    present = set(files.markdown) | set(files.assets)

    @functools.cache
    def pages() -> set[str]:
        return {posixpath.splitext(rel)[0] + ".html" for rel in files.markdown}

    for entry in entries:
        seen: set[str] = set()
        templated: list[Reference] = []
        for written in links[entry.source]:
            # A browser drops line breaks and tabs from a URL: so does the message, on one line.
            url = written.url
            if "\t" in url or "\n" in url or "\r" in url:
                url = re.sub(r"[\t\n\r]", "", url)
            if url in seen:
                continue
            seen.add(url)
            if _TEMPLATE.search(url):
                templated.append(written)
                continue
            message = _reference_problem(entry, written._replace(url=url), present, pages, kind)
            if message:
                line = line_of(entry, written.url.split("\n", 1)[0])
                yield Problem(f"entries/{entry.source}", line, f"warning: {message}")
        if templated:  # one word for them all: another tool's templates, which only it can fill in
            first = templated[0]
            more = f" and {len(templated) - 1} more like it" if len(templated) > 1 else ""
            yield Problem(
                f"entries/{entry.source}",
                line_of(entry, first.url.split("\n", 1)[0]),
                f"warning: the {first.what} {first.url}{more} is written as another tool's template "
                "({{ }} or {% %}), which only that tool fills in; here it leads nowhere, so write where "
                "it points instead",
            )


def says_nothing(ref: Reference) -> bool:
    """A link to a web page (an address urlsplit reads), of which check has nothing to say."""
    url = ref.url
    return not ref.loaded and url.startswith(_WEB) and url.isascii() and not _QUIET_NOT & set(url)


def _reference_problem(
    entry: Entry, ref: Reference, present: set[str], pages: Callable[[], set[str]], kind: Kind
) -> str | None:
    parts = url_parts(ref.url)
    if parts is None:
        return f"the {ref.what} {ref.url} is not an address a browser can follow; check how it is written"
    scheme = parts.scheme.lower()
    if scheme in _INTERNET or (not scheme and ref.url.startswith("//")):
        if not ref.loaded:
            return None
        return (
            f"the {ref.what} {ref.url} would be loaded from the internet when the page opens, telling "
            "that server when you read this entry (the site blocks it, so it will not show); save a copy "
            "in entries/ and link to that instead"
        )
    if scheme or not parts.path:
        return None  # mailto:, data:, a #fragment on the same page...
    noun = "link" if not ref.loaded else ref.what
    if parts.path.startswith("/"):
        return f"the {noun} {ref.url} starts with /, which breaks in the site; make it relative to this entry"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(entry.source), unquote(parts.path)))
    if target == ".." or target.startswith("../"):
        return f"the {noun} {ref.url} points outside entries/; only files in entries/ become part of the site"
    if target in present or target in pages():
        return None
    there = kind(target)
    if there == "folder":
        return f"the {noun} {ref.url} points to a folder, not a file"
    if there is not None:
        return f"the {noun} {ref.url} points to a hidden or temporary file, which the site leaves out"
    hint = ""
    if target.lower().endswith(MARKDOWN_SUFFIXES):
        hint = " (names are case-sensitive; check the date and spelling)"
    return f"the {noun} {ref.url} points to entries/{target}, which does not exist{hint}"
