"""Make an entry's HTML unable to take the reader anywhere or call out by itself, keeping its words.

Raw HTML in an entry could send the reader to the internet without a click (`<meta
http-equiv="refresh">`), change where every link goes (`<base>`), send what is typed elsewhere
(`<form action>`), run a program (`<script>`, `onload=`, `javascript:` addresses) or show another
document inside the page (`<iframe>`, `<object>`, `<embed>`). None of that survives: such an element
is left out (a void one, which holds no words) or unwrapped (its tags go, its text stays), a script
is shown as text, and such an attribute is dropped. Whatever a browser could read differently from
Python's HTMLParser is written out as text, so what is kept is exactly what was checked. The pages'
Content-Security-Policy blocks most of this too; this makes the site and both exports safe without
relying on it, and tells `check` what was done.

HTML made only of plain tags with harmless names and attributes (all that Markdown makes) is
returned as it is, without parsing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape
from typing import TYPE_CHECKING

from journalgen.errors import Problem
from journalgen.source.html import PLAIN_TAG, HtmlFacts, attributes, read_html, read_plain
from journalgen.source.rewriter import Rewriter, tag_text

if TYPE_CHECKING:
    from journalgen.model import Entry

_WHY = {
    "meta": "send the reader to another address by itself (a refresh)",
    "base": "change where every link of the page goes",
    "link": "call out to another address",
    "embed": "show another document inside the page",
    "frame": "show another document inside the page",
    "param": "pass settings to an embedded program",
    "form": "send what is typed to another address",
    "iframe": "show another document inside the page",
    "object": "show another document inside the page",
    "applet": "run a program",
    "portal": "show another page inside the page",
    "frameset": "replace the page with other documents",
    "plaintext": "hide the rest of the page",
    "script": "run a program in the page",
    "set": "turn a link into a program",
    "animate": "turn a link into a program",
}
"""Elements neutralised, and what each could do."""
_LEFT_OUT = frozenset(("meta", "base", "link", "embed", "frame", "param"))
"""Void elements: left out whole (they hold no words)."""
_UNWRAPPED = frozenset(("form", "iframe", "object", "applet", "portal", "frameset", "plaintext"))
"""Elements whose tags are left out and whose content stays."""
_LEFT_OPEN = frozenset(
    ("template", "textarea", "title", "style", "select", "xmp", "svg", "math", "dialog", "details",
     "noscript")
)  # fmt: skip
"""Elements that, left open, would hide or swallow the rest of the page (its footer too): closed."""
_ANIMATION = frozenset(("set", "animate", "animatemotion", "animatetransform"))
_URLS = frozenset(
    ("href", "src", "xlink:href", "action", "formaction", "data", "poster", "background", "cite", "longdesc",
     "codebase", "dynsrc", "lowsrc", "manifest", "icon", "srcset")
)  # fmt: skip
_NAVIGATING = frozenset(("href", "xlink:href", "action", "formaction"))
_ATTRIBUTES = frozenset(("formaction", "action", "ping", "srcdoc", "http-equiv"))
_NAME = re.compile(r"[a-zA-Z_:][-a-zA-Z0-9_:.]*\Z")
_TAG_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*\Z")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_IGNORED_IN_URLS = re.compile(r"[\t\n\r]")


Found = tuple[tuple[tuple[str, ...], str], ...]
"""What was neutralised: (texts to look for in the entry, best first, like `javascript:x`, the
tag as written, `onload=`; what was done)."""


def sanitise(html: str) -> tuple[str, Found]:
    """The HTML with nothing that navigates, calls out or runs by itself, and what was done to it."""
    if _plain(html):
        return html, ()
    cleaner = _Cleaner()
    return cleaner.rewrite(html), tuple(dict.fromkeys(cleaner.found))


def sanitised(html: str) -> tuple[str, Found, HtmlFacts]:
    """sanitise(html) and the words and references of what it gives (read_html), HTML made by
    Markdown alone read once."""
    facts = read_plain(html, _kept)
    if facts is not None:
        return html, (), facts
    clean, found = sanitise(html)
    return clean, found, read_html(clean)


def neutralised(entry: Entry, found: Found) -> Iterator[Problem]:
    """A warning for each thing sanitise() did to an entry's HTML, on the line that holds it."""
    lines = entry.body.casefold().split("\n")
    for needles, message in found:
        seen = (i for needle in needles for i, line in enumerate(lines) if needle.casefold() in line)
        index = next(seen, 0)
        yield Problem(f"entries/{entry.source}", entry.body_line + index, f"warning: {message}")


def _plain(html: str) -> bool:
    """True when every tag is a plain one (see PLAIN_TAG) with nothing to neutralise."""
    parts = PLAIN_TAG.split(html)
    for i in range(0, len(parts) - 1, 5):
        if "<" in parts[i]:
            return False
        name = (parts[i + 1] or parts[i + 2]).lower()
        if not _kept(name, attributes(parts[i + 3]) if parts[i + 3] else []):
            return False
    return "<" not in parts[-1]


def _kept(name: str, attrs: list[tuple[str, str]]) -> bool:
    """Whether a plain tag (its name lower-cased, its attributes) stays exactly as it is."""
    if name in _WHY or name in _LEFT_OPEN or name in _ANIMATION:
        return False
    return not attrs or not any(_attribute_problem(name, n, v) for n, v in attrs)


def _attribute_problem(tag: str, name: str, value: str | None) -> str | None:
    """Why this attribute is left out, or None to keep it."""
    if not _NAME.match(name):
        return "is not an attribute a browser reads the same way"
    if name.startswith("on"):
        return "runs a program when something happens"
    if name in _ATTRIBUTES:
        return "could send the reader or what is typed to another address"
    if name in _URLS and value:
        # As a browser reads an address: spaces and controls around it and tabs or newlines in it ignored.
        scheme = _SCHEME.match(_IGNORED_IN_URLS.sub("", value.strip("\x00- ")))
        kind = scheme.group(1).lower() if scheme else ""
        if kind in ("javascript", "vbscript") or (kind == "data" and name in _NAVIGATING):
            return "is an address that runs a program or opens a document made up on the spot"
    return None


class _Cleaner(Rewriter):
    """Writes HTML out again with every element and attribute of _WHY and _attribute_problem
    neutralised; notes what it did in `found`."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[tuple[str, ...], str]] = []
        self.open: list[str] = []
        """Elements of _LEFT_OPEN opened and not yet closed."""
        self.script = False
        self.dropped: list[str] = []
        """Animations left out and not yet ended."""

    def _neutral(self, tag: str, attrs: dict[str, str | None]) -> bool:
        """Note why an element is neutralised, or return False when it is kept."""
        what = "animate" if tag in _ANIMATION else tag
        if what == "animate" and not (attrs.get("attributename") or "").lower().endswith("href"):
            return False
        if what not in _WHY:
            return False
        if tag == "script":
            done = "show it as text"
        elif tag in _UNWRAPPED:
            done = "leave its tags out and keep its text"
        else:
            done = "leave it out"
        self.found.append(
            ((f"<{tag}",), f"the HTML element <{tag}> could {_WHY[what]}; the site and exports {done}")
        )
        return True

    def start(self, tag: str, attrs: dict[str, str | None], closed: bool) -> str:
        if not _TAG_NAME.match(tag):
            return escape(self.get_starttag_text() or "")
        if self._neutral(tag, attrs):
            if tag == "script":
                self.script = not closed
                return '<pre class="script"><code>' + ("</code></pre>" if closed else "")
            if tag in _ANIMATION and not closed:
                self.dropped.append(tag)
            return ""
        kept: dict[str, str | None] = {}
        for name, value in attrs.items():
            problem = _attribute_problem(tag, name, value)
            if problem is None:
                kept[name] = value
            else:
                written = (self.get_starttag_text() or "").split("\n")[0]
                self.found.append(
                    (
                        (value or "", written, f"{name}="),
                        f"the attribute {name}= of <{tag}> {problem}; the site and exports leave it out",
                    )
                )
        if tag in _LEFT_OPEN and not closed:
            self.open.append(tag)
        return tag_text(tag, kept, closed)

    def end(self, tag: str) -> str:
        if tag == "script":
            if not self.script:
                return ""
            self.script = False
            return "</code></pre>"
        if tag in _ANIMATION:
            if self.dropped and self.dropped[-1] == tag:
                self.dropped.pop()
                return ""
        elif tag in _WHY or not _TAG_NAME.match(tag):
            return ""  # the end of an element left out or unwrapped
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag)]
        return f"</{tag}>"

    def handle_data(self, data: str) -> None:
        inside = self.open[-1] if self.open else ""
        self.out.append(data if inside == "style" and not self.script else escape(data, quote=False))

    def handle_decl(self, decl: str) -> None:
        pass  # a doctype means nothing inside a page

    def unknown_decl(self, data: str) -> None:
        if data.upper().startswith("CDATA["):
            self.out.append(escape(data[6:], quote=False))  # text in SVG and MathML

    def rewrite(self, html: str) -> str:
        self.feed(html)
        if self.cdata_elem is not None:  # an unclosed <script> or <style>: its text stays
            self.handle_data(self.rawdata)
            self.rawdata = ""
            self.clear_cdata_mode()
        self.close()
        out = "".join(self.out)
        if self.script:
            out += "</code></pre>"
        return out + "".join(f"</{tag}>" for tag in reversed(self.open))
