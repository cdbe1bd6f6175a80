"""The questions of the journal's prompt templates: the headings `journalgen new` writes.

Only these are ever left out of a page (when nothing but whitespace and hint comments sits under
them), so a half-answered entry reads cleanly while every heading the person wrote stays. They
are recognised by their text: a heading of a template with a `{{ variable }}` in it matches any
text in its place, as long as the rest of the heading is written out.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from journalgen.source.inline import plain_inline

_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_JINJA_BLOCK = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)
_JINJA_VALUE = re.compile(r"\{\{.*?\}\}", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def fold_heading(text: str) -> str:
    """A heading's text as compared: case-folded, inner whitespace collapsed."""
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Questions:
    """The prompt templates' headings, folded; `key` stands for them in cache keys."""

    exact: frozenset[str] = frozenset()
    patterns: tuple[str, ...] = ()
    key: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        text = "\n".join(sorted(self.exact)) + "\0" + "\n".join(self.patterns)
        object.__setattr__(self, "key", hashlib.blake2b(text.encode(), digest_size=8).hexdigest())
        object.__setattr__(self, "_compiled", tuple(re.compile(p) for p in self.patterns))

    def __contains__(self, heading: object) -> bool:
        if not isinstance(heading, str):
            return False
        folded = fold_heading(heading)
        return folded in self.exact or any(p.fullmatch(folded) for p in self._compiled)  # type: ignore[attr-defined]

    def unanswered(self, body: str) -> bool:
        """A body with nothing but these questions, hint comments and a title heading: a prompt
        template left as `journalgen new` wrote it."""
        asked = titled = False
        for line in _COMMENT.sub("", body).split("\n"):
            if not line.strip():
                continue
            heading = _HEADING.match(line)
            if heading is None:
                return False
            if plain_inline(heading.group(1)) in self:
                asked = True
            elif line.lstrip(" ").startswith("# ") and not titled:
                titled = True
            else:
                return False
        return asked


def questions_of(templates: Iterable[str]) -> Questions:
    """The headings of these prompt templates (their text, front matter and all)."""
    exact: set[str] = set()
    patterns: set[str] = set()
    for template in templates:
        for line in _body(template).split("\n"):
            match = _HEADING.match(line)
            if not match:
                continue
            parts = _JINJA_VALUE.split(match.group(1))
            literal = [fold_heading(plain_inline(part)) for part in parts]
            if len(parts) == 1:
                if literal[0]:
                    exact.add(literal[0])
            elif re.search(r"\w", "".join(literal)):
                # a heading with a variable: the written words around any text
                patterns.add(r"\s*.+?\s*".join(re.escape(part) for part in literal))
    return Questions(frozenset(exact), tuple(sorted(patterns)))


def _body(template: str) -> str:
    """A template's text without front matter, Jinja tags and comments."""
    text = _JINJA_BLOCK.sub("", template.replace("\r\n", "\n"))
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() in ("---", "..."):
                lines = lines[index + 1 :]
                break
    return _COMMENT.sub("", "\n".join(lines))
