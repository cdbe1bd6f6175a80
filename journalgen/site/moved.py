"""An answer's HTML moved from its entry's page onto a question's page (site/threads.py): its
relative links and images rebased to point where they pointed, its ids kept apart from other
answers'. Most answers hold neither, and are shown as they are."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from journalgen.site.render import relative_url
from journalgen.source.html import url_parts
from journalgen.source.rewriter import Rewriter, tag_text


@dataclass(frozen=True)
class Moved:
    """An answer's HTML as a question's page shows it (a str, or the build's stand-in for it),
    rebased when the page is rendered: see _Rebased."""

    html: Any
    entry_url: str
    page: str
    prefix: str

    def __html__(self) -> str:
        html = str(self.html)
        return html if _stays(html) else _Rebased(self.entry_url, self.page, self.prefix).rewrite(html)


class _Rebased(Rewriter):
    """An answer moved from its entry's page onto a question's page: its relative links and images
    pointing where they pointed, links within the entry (footnotes) to the entry's page, ids kept
    apart from other answers' by a prefix."""

    def __init__(self, entry_url: str, page: str, prefix: str) -> None:
        super().__init__()
        self.entry_url = entry_url
        self.page = page
        self.prefix = prefix

    def _url(self, url: str) -> str:
        parts = url_parts(url)
        if parts is None or parts.scheme or parts.netloc or url.startswith("/"):
            return url
        target = self.entry_url
        if parts.path:
            joined = posixpath.join(posixpath.dirname(self.entry_url), unquote(parts.path))
            target = posixpath.normpath(joined)
        query = f"?{parts.query}" if parts.query else ""
        return relative_url(self.page, target) + query + (f"#{parts.fragment}" if parts.fragment else "")

    def start(self, tag: str, attrs: dict[str, str | None], closed: bool) -> str:
        if attrs.get("id"):
            attrs["id"] = f"{self.prefix}-{attrs['id']}"
        for name in ("href", "src", "poster"):
            value = attrs.get(name)
            if value:
                attrs[name] = self._url(value.strip())
        srcset = attrs.get("srcset")
        if srcset:
            candidates = [c.strip().split(None, 1) for c in srcset.split(",") if c.strip()]
            attrs["srcset"] = ", ".join(" ".join([self._url(c[0]), *c[1:]]) for c in candidates)
        return tag_text(tag, attrs, closed)


_MOVES = re.compile(r"""\s(id|href|src|srcset|poster)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
"""An attribute that may change when an answer moves onto the page; most answers have none."""
_ABSOLUTE = re.compile(r"\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/)")
"""A URL that points where it points from any page: with a scheme (https:), or from the root."""


def _stays(html: str) -> bool:
    """Whether an answer is the same on a question's page as on its entry's: no ids, and no link
    or image other than to other sites."""
    if "=" not in html:
        return True  # no attribute at all
    for match in _MOVES.finditer(html):
        name, value = match.group(1).lower(), match.group(2).strip("\"'")
        if name not in ("href", "src") or not _ABSOLUTE.match(value):
            return False
    return True
