"""Block structure as people write it (CommonMark), read by Python-Markdown.

Python-Markdown follows the original Markdown.pl: a list needs a blank line before it, nested
lists and code inside list items need four spaces, fenced code works only at the left margin, and
`#word` is a heading. People write Markdown the CommonMark way (every editor previews it so), so
`shape()` rewrites the block structure into the form Python-Markdown reads the same way: it only
moves lines by whitespace, adds blank lines between blocks and turns fenced code into stashed HTML.
No word is changed, added or dropped. source/processors.py does the rest.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown.preprocessors import Preprocessor
from markdown.util import BLOCK_LEVEL_ELEMENTS

ITEM = re.compile(r"^( {0,3})([-+*]|\d{1,9}[.)])(?=[ ]|$)( *)(.*)$")
BREAK = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|(?:\*[ \t]*){3,})$")
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
QUOTE = re.compile(r"^ {0,3}> ?")
_HTML = re.compile(
    r"^ {0,3}<(?:!--|[?!]|/?(?:" + "|".join(BLOCK_LEVEL_ELEMENTS) + r")(?:[\s/>]|$))", re.IGNORECASE
)
"""The start of an HTML block: a comment, or a block-level tag (an inline one starts a paragraph)."""
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
PLAIN = re.compile(r"^ {0,3}[^\s\-+*>#<`~=_\d\[]")
"""A line that can only be paragraph text: it starts with none of the characters of a block."""
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:")

_SEPARATOR = "<!-- -->"
"""Stashed between two blocks Python-Markdown would join (a list, then code or another list);
a comment, so the page shows nothing of it."""

Stash = Callable[[str], str]
"""Keeps a piece of finished HTML and gives the placeholder line that stands for it."""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank(line: str) -> bool:
    return not line.strip()


@dataclass
class _Item:
    marker: str
    ordered: bool
    delimiter: str
    lines: list[str]
    """The item's content, its own indentation removed."""


class _Shaper:
    """One pass over the lines of a container (the document, a list item, a block quote)."""

    def __init__(self, stash: Stash) -> None:
        self.stash = stash

    def shape(self, lines: list[str], in_item: bool = False) -> list[str]:
        """The lines of one container, in the shape Python-Markdown reads as CommonMark would."""
        out: list[str] = []
        i = 0
        paragraph = False  # the last line was paragraph text (a list may interrupt it)
        para_start = 0  # where in `out` that paragraph starts
        first_block = True  # still in the container's first block
        while i < len(lines):
            line = lines[i]
            text = PLAIN.match(line) is not None  # most lines: text of a paragraph, nothing else
            if not text and _blank(line):
                out.append("")
                paragraph, first_block = False, first_block and not out[:-1]
                i += 1
                continue
            fence = None if text else _FENCE.match(line)
            item = None if text else ITEM.match(line)
            if text:
                pass  # taken as paragraph text below
            elif fence and not (fence.group(2)[0] == "`" and "`" in fence.group(3)):
                i = self._fence(lines, i, fence, out)
            elif not paragraph and _indent(line) >= 4:  # indented code: as it is
                while i < len(lines) and (_blank(lines[i]) or _indent(lines[i]) >= 4):
                    out.append(lines[i])
                    i += 1
            elif _HTML.match(line) and not paragraph:
                i = self._html(lines, i, out)
            elif QUOTE.match(line):
                i = self._quote(lines, i, out)
            elif item and not BREAK.match(line) and self._starts_list(item, paragraph):
                if paragraph and not (in_item and first_block):
                    out.append("")  # a list may follow a line of text directly
                i = self._list(lines, i, out)
            elif paragraph and _SETEXT.match(line):
                # Python-Markdown reads a setext heading's text on one line only: join its lines.
                out[para_start:] = [" ".join(part.strip() for part in out[para_start:])]
                out.append(line.strip())
                i += 1
            elif ATX.match(line) or BREAK.match(line) or (not paragraph and _REFERENCE.match(line)):
                out.append(line)
                i += 1
            else:
                text = True
            if text:  # text that starts or goes on with a paragraph
                if not paragraph:
                    para_start = len(out)
                out.append(line)
                paragraph = True
                i += 1
                continue
            paragraph, first_block = False, False
        return out

    @staticmethod
    def _starts_list(item: re.Match[str], paragraph: bool) -> bool:
        """A list item may interrupt a paragraph only with some text, and (ordered) from 1."""
        if not paragraph:
            return True
        if not item.group(4).strip():
            return False
        marker = item.group(2)
        return marker in "-+*" or marker[:-1] == "1"

    def _fence(self, lines: list[str], start: int, fence: re.Match[str], out: list[str]) -> int:
        """Fenced code (also inside lists and quotes, unclosed to the end): stashed as HTML."""
        indent, ticks, info = len(fence.group(1)), fence.group(2), fence.group(3).strip()
        closing = re.compile(rf"^ {{0,3}}{re.escape(ticks[0])}{{{len(ticks)},}}[ \t]*$")
        code: list[str] = []
        i = start + 1
        while i < len(lines) and not closing.match(lines[i]):
            line = lines[i]
            code.append(line[min(indent, _indent(line)) :])
            i += 1
        if i >= len(lines):  # never closed: the code runs to the end of its container
            while code and _blank(code[-1]):
                code.pop()
        language = info.split()[0] if info else ""
        if language.startswith("{") and language.endswith("}"):
            language = language[1:-1].strip().lstrip(".").split()[0] if language[1:-1].strip() else ""
        attribute = f' class="language-{html.escape(language)}"' if language else ""
        text = html.escape("".join(f"{line}\n" for line in code), quote=True)
        if out and out[-1] != "":
            out.append("")
        out.extend((self.stash(f"<pre><code{attribute}>{text}</code></pre>"), ""))
        return i + 1

    @staticmethod
    def _html(lines: list[str], start: int, out: list[str]) -> int:
        """An HTML block (a comment, a tag): as it is, up to its end (comments) or a blank line."""
        i = start
        if lines[start].lstrip().startswith("<!--"):
            while i < len(lines):
                out.append(lines[i])
                i += 1
                if "-->" in lines[i - 1] and (i - 1 > start or "-->" in lines[start].lstrip()[4:]):
                    return i
            return i
        while i < len(lines) and not _blank(lines[i]):
            out.append(lines[i])
            i += 1
        return i

    def _quote(self, lines: list[str], start: int, out: list[str]) -> int:
        """A block quote: its lines (and lazy ones) shaped as a container of their own."""
        inner: list[str] = []
        i = start
        while i < len(lines):
            line = lines[i]
            marker = QUOTE.match(line)
            if marker:
                inner.append(line[marker.end() :])
            elif (
                not _blank(line)
                and inner
                and not _blank(inner[-1])
                and not self._block_start(line)
                and not _SETEXT.match(line)
            ):
                inner.append(line)  # a lazy continuation of the quoted paragraph
            else:
                break
            i += 1
        if out and out[-1] != "":
            out.append("")  # inside a list item Python-Markdown sees a quote only after a blank line
        shaped = self.shape(inner)
        while shaped and shaped[-1] == "":
            shaped.pop()
        out.extend((f"> {line}" if line else ">" for line in shaped) if shaped else [">"])
        if i < len(lines) and not _blank(lines[i]):
            out.append("")
        return i

    @staticmethod
    def _block_start(line: str) -> bool:
        item = ITEM.match(line)
        return bool(
            ATX.match(line)
            or BREAK.match(line)
            or _FENCE.match(line)
            or QUOTE.match(line)
            or (item and item.group(4).strip())
        )

    def _list(self, lines: list[str], start: int, out: list[str]) -> int:
        """A list: each item's content shaped on its own, then indented the way Python-Markdown
        reads it (four spaces for each level)."""
        i = start
        kind: str | None = None
        while i < len(lines):
            item = ITEM.match(lines[i])
            if item is None or BREAK.match(lines[i]):
                break
            marker = item.group(2)
            if kind is not None and marker[-1] != kind:
                out.extend(("", self.stash(_SEPARATOR), ""))  # another marker: another list
                break
            kind = marker[-1]
            parsed, i = self._item(lines, i, item)
            if len(parsed.lines) == 1 and PLAIN.match(parsed.lines[0]):
                shaped = parsed.lines  # one line of text: nothing to shape
            else:
                shaped = self.shape(parsed.lines, in_item=True)
            while shaped and shaped[0] == "":
                shaped.pop(0)
            while shaped and shaped[-1] == "":
                shaped.pop()
            written = parsed.marker if marker in "-+*" else parsed.marker[:-1] + "."
            if shaped and shaped[0].startswith(">"):
                shaped.insert(0, "")  # Python-Markdown reads a quote in an item only on a line of its own
            out.append(f"{written} {shaped[0]}" if shaped else f"{written} ")
            out.extend(f"    {line}" if line else "" for line in shaped[1:])
            gap = i
            while gap < len(lines) and _blank(lines[gap]):
                gap += 1
            if gap >= len(lines):
                break
            if ITEM.match(lines[gap]) is None or BREAK.match(lines[gap]):
                # The list ends: keep what follows out of its last item.
                out.append("")
                if _indent(lines[gap]) >= 4:
                    out.extend((self.stash(_SEPARATOR), ""))
                break
            if gap > i or "" in shaped:
                out.append("")  # a loose list; and Python-Markdown ends an item only at a blank line
            i = gap
        return i

    def _item(self, lines: list[str], start: int, item: re.Match[str]) -> tuple[_Item, int]:
        """One list item from its marker line: the lines it holds, without their indentation."""
        indent, marker, spaces, text = item.group(1), item.group(2), item.group(3), item.group(4)
        width = len(indent) + len(marker)
        if not text:
            content_column, first = width + 1, ""
        elif len(spaces) > 4:  # indented code right after the marker
            content_column, first = width + 1, " " * (len(spaces) - 1) + text
        else:
            content_column, first = width + len(spaces), text
        held = [first]
        i = start + 1
        if not text and i < len(lines) and _blank(lines[i]):
            return _Item(marker, marker not in "-+*", marker[-1], [""]), i  # an empty item
        lazy_ok = bool(text) and len(spaces) <= 4
        while i < len(lines):
            line = lines[i]
            if _blank(line):
                ahead = i
                while ahead < len(lines) and _blank(lines[ahead]):
                    ahead += 1
                if ahead < len(lines) and _indent(lines[ahead]) >= content_column:
                    held.extend("" for _ in range(ahead - i))
                    i = ahead
                    lazy_ok = False
                    continue
                break
            if _indent(line) >= content_column:
                held.append(line[content_column:])
                lazy_ok = not _blank(line) and _indent(line) - content_column < 4
                i += 1
                continue
            if lazy_ok and not self._block_start(line) and not ITEM.match(line) and not _HTML.match(line):
                held.append(line.lstrip(" "))  # a lazy continuation line of the item's paragraph
                i += 1
                continue
            break
        return _Item(marker, marker not in "-+*", marker[-1], held), i


_SHAPED = re.compile(r"\n(?: {0,3}(?:[-+*>=]|\d{1,9}[.)]|`{3}|~{3}|<|\[)| {4})")
"""A text with no line like this (after a line end) has nothing to reshape: no list, quote, fence,
underline, HTML."""


class BlockShape(Preprocessor):
    """Runs _Shaper over the whole text, stashing fenced code as HTML."""

    def run(self, lines: list[str]) -> list[str]:
        if not _SHAPED.search("\n" + "\n".join(lines)):
            return lines
        return [*_Shaper(self.md.htmlStash.store).shape(lines), "", ""]
