"""An entry's HTML written out again tag by tag, some tags changed on the way: made safe
(sanitise.py), its links pointed elsewhere (the export, the threads' answers). HTML made of text and
plain tags (what Markdown makes) is rewritten with one regular expression; anything else goes
through Python's HTMLParser, which reads it the same way.
"""

from __future__ import annotations

import re
from html import escape, unescape
from html.parser import HTMLParser

from journalgen.source.html import ATTRIBUTE, PLAIN_TAG, RAW_TEXT

_ENTITY = re.compile(r"&(?:[a-zA-Z][-.a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);")
"""An entity or character reference HTMLParser passes on exactly as written."""


class Rewriter(HTMLParser):
    """Writes an HTML fragment out again tag by tag; subclasses change tags on the way
    (`start()` and `end()`), everything else (text, entities, declarations) is kept as it was.

    A subclass whose start() and end() need nothing but their arguments sets `plain_tags`: HTML
    made of nothing but text and plain tags (what Markdown makes) is then rewritten with one
    regular expression, to the same result."""

    plain_tags = False

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []

    def start(self, tag: str, attrs: dict[str, str | None], closed: bool) -> str:
        """The text of one start tag (closed: written `<x />`)."""
        return tag_text(tag, attrs, closed)

    def end(self, tag: str) -> str:
        return f"</{tag}>"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.start(tag, dict(attrs), False))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.start(tag, dict(attrs), True))

    def handle_endtag(self, tag: str) -> None:
        self.out.append(self.end(tag))

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")

    def rewrite(self, html: str) -> str:
        if self.plain_tags:
            done = self._rewrite_plain(html)
            if done is not None:
                return done
        self.feed(html)
        self.close()
        return "".join(self.out)

    def _rewrite_plain(self, html: str) -> str | None:
        """The rewritten HTML when it is text and plain tags only (else None), as HTMLParser
        would give it: text (whose every `&` starts an entity, which it keeps) as it is, names
        lower-cased, attribute values unescaped."""
        parts = PLAIN_TAG.split(html)
        out: list[str] = []
        for i in range(0, len(parts) - 1, 5):
            text = parts[i]
            if "<" in text or ("&" in text and "&" in _ENTITY.sub("", text)):
                return None
            out.append(text)
            end, name = parts[i + 1], parts[i + 2]
            if end is not None:
                out.append(self.end(end.lower()))
                continue
            tag = name.lower()
            if tag in RAW_TEXT:
                return None
            values: dict[str, str | None] = {}
            for found in ATTRIBUTE.finditer(parts[i + 3] or ""):
                value = found.group(2)
                values[found.group(1).lower()] = (
                    value if value is None or "&" not in value else unescape(value)
                )
            out.append(self.start(tag, values, bool(parts[i + 4])))
        text = parts[-1]
        if "<" in text or ("&" in text and "&" in _ENTITY.sub("", text)):
            return None
        out.append(text)
        return "".join(out)


def tag_text(tag: str, attrs: dict[str, str | None], closed: bool = False) -> str:
    """`<tag name="value" flag>`, values escaped."""
    parts = [tag]
    for name, value in attrs.items():
        parts.append(name if value is None else f'{name}="{escape(value, quote=True)}"')
    return "<" + " ".join(parts) + (" />" if closed else ">")
