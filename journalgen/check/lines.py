"""Where a warning points: the line of a front-matter key, or of a link, in an entry's file."""

from __future__ import annotations

from urllib.parse import unquote

from journalgen.config import Config
from journalgen.model import Entry
from journalgen.source.frontmatter import FrontMatterError, normalise_text, split


def field_lines(config: Config, entry: Entry) -> dict[str, int]:
    """The line of each front-matter key of a (valid) entry, for pointing warnings at it."""
    try:
        text = normalise_text((config.entries_dir / entry.source).read_bytes().decode("utf-8"))
        return {key: field.line for key, field in split(text).fields.items()}
    except (OSError, UnicodeDecodeError, FrontMatterError):
        return {}


def where(entry: Entry, lines: dict[str, dict[str, int]], *keys: str) -> tuple[str, int]:
    """The entry's path and the line of the first of these keys it has (else line 1)."""
    found = lines.get(entry.source, {})
    return f"entries/{entry.source}", next((found[k] for k in keys if k in found), 1)


def line_of(entry: Entry, url: str) -> int:
    lines = entry.body.split("\n")
    for needle in (url, unquote(url)):
        for index, text in enumerate(lines):
            if needle in text:
                return entry.body_line + index
    return entry.body_line
