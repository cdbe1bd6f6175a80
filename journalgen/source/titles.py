"""An entry's title when its front matter gives none: its first `# ` heading as plain text, else
the words of its file name (`2023-09-12 Meeting with Steph.md`, `safety-plan.md`)."""

from __future__ import annotations

import re
from urllib.parse import unquote

from journalgen.source.inline import plain_inline

_HEADING = re.compile(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
_NUMBERED = re.compile(r"^(.*?)(?:[-_ ]\d+)?$")


def first_heading(body: str) -> str | None:
    """The plain text of the first level-1 heading (`# Title` or `Title` over `===`), if any.

    Fenced code and HTML comments (prompt hints, private notes) are skipped: they never
    become the title, so the heading the page leaves out is the one that became the title.
    """
    fence: str | None = None
    in_comment = False
    previous = ""
    for line in body.split("\n"):
        if in_comment:
            in_comment = "-->" not in line
            previous = ""
            continue
        opener = _FENCE_OPEN.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            continue
        if opener:
            fence = opener.group(1)
            previous = ""
            continue
        stripped = line.strip()
        if stripped.startswith("<!--"):
            in_comment = "-->" not in stripped[4:]
            previous = ""
            continue
        heading = _HEADING.match(line)
        if heading:
            return plain_inline(heading.group(1)) or None
        if _SETEXT_H1.match(line) and previous.strip() and not previous.startswith(("    ", "\t")):
            return plain_inline(previous) or None
        previous = line
    return None


def name_title(words: str, generic: tuple[str, ...] = ()) -> str | None:
    """A title from a file name's words: `third-infusion` → "Third infusion", `Meeting with
    Steph` as it is; None for no words, or only a generic one (`session`, `session-2`)."""
    words = unquote(words.replace("___", "/")).strip()  # Logseq writes `a/b` as `a___b` or `a%2Fb`
    if not words or _NUMBERED.match(words).group(1).casefold() in generic:  # type: ignore[union-attr]
        return None
    if " " not in words:
        words = " ".join(re.split(r"[-_]+", words)).strip() or words
    return words[0].upper() + words[1:] if words == words.lower() else words
