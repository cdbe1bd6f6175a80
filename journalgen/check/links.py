"""Links and images that point at nothing in the journal, and anything loaded from the internet."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from urllib.parse import unquote

from journalgen.check.lines import line_of
from journalgen.config import Config
from journalgen.errors import Problem
from journalgen.model import Entry
from journalgen.source.html import Reference, url_parts
from journalgen.source.markdown import Rendered
from journalgen.source.scan import MARKDOWN_SUFFIXES, SourceFiles

_INTERNET = ("http", "https", "ftp", "ws", "wss")
_TEMPLATE = re.compile(r"\{\{|\{%")
"""A link written as another tool's template (Liquid `{{ site.url }}`, `{% link %}`, Hugo `{{< ref >}}`)."""


def references(
    config: Config, files: SourceFiles, entries: list[Entry], bodies: Mapping[str, Rendered]
) -> Iterator[Problem]:
    """Links and images that point at nothing in the journal, and anything loaded from the internet."""
    present = set(files.markdown) | set(files.assets)
    pages = {posixpath.splitext(rel)[0] + ".html" for rel in files.markdown}
    for entry in entries:
        seen: set[str] = set()
        templated: list[Reference] = []
        for written in bodies[entry.source].links:
            # A browser drops line breaks and tabs from a URL: so does the message, on one line.
            ref = written._replace(url=re.sub(r"[\t\n\r]", "", written.url))
            if ref.url in seen:
                continue
            seen.add(ref.url)
            if _TEMPLATE.search(ref.url):
                templated.append(written)
                continue
            message = _reference_problem(config, entry, ref, present, pages)
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


def _reference_problem(
    config: Config, entry: Entry, ref: Reference, present: set[str], pages: set[str]
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
    if target in present or target in pages:
        return None
    on_disk = config.entries_dir / target
    if on_disk.is_dir():
        return f"the {noun} {ref.url} points to a folder, not a file"
    if on_disk.exists():
        return f"the {noun} {ref.url} points to a hidden or temporary file, which the site leaves out"
    hint = ""
    if target.lower().endswith(MARKDOWN_SUFFIXES):
        hint = " (names are case-sensitive; check the date and spelling)"
    return f"the {noun} {ref.url} points to entries/{target}, which does not exist{hint}"
