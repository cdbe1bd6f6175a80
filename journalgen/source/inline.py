"""Inline syntax read before the Markdown pass: titles as plain text, and the `#tags` and
`[[wikilinks]]` of a body (for the entry's tags and for resolving links across the journal).

The Markdown pass (source/markdown.py) links a `#tag` or `[[name]]` only when the journal gave it
a target, and leaves every other one as the text it was, so where this quick reading and the full
pass disagree (rare code-like corners), a word is at worst shown as plain text, never lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TAG = re.compile(r"(?<![^\s(])#(?:\[\[([^\[\]\n]+)\]\]|([\w/-]*[^\W\d][\w/-]*))")
"""A `#tag` (Obsidian's rule: after a space or at a line's start, at least one character that is
not a digit, so `session #2` stays text; letters, digits, `_`, `-` and `/` for nested tags) or
Logseq's `#[[a tag with spaces]]`."""

_TAG_START = re.compile(r"#[^\s#]")
"""What every `#tag` starts with (TAG), and what removing comments, code and links cannot make of
a `#` followed by a space or another `#` (a heading's): a body without it has no tag."""

WIKILINK = re.compile(r"(?<!#)(!?)\[\[([^\[\]\n|]+?)(?:\|([^\[\]\n]*))?\]\]")
"""`[[Name]]`, `[[Name|shown text]]`, `[[Name#Heading]]`, `![[image.png]]` (group 1: `!`); not
Logseq's tag `#[[a tag]]`."""

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LINK = re.compile(
    r"!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]"  # [text], one level of brackets inside
    r"\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+[^)]*)?\)"  # (url "title")
)
_REFERENCE = re.compile(r"(?<!\])\[([^\[\]\n]*)\](?:\[[^\[\]\n]*\])")
_AUTOLINK = re.compile(r"<[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*>|<[^\s<>@]+@[^\s<>]+>")
_URL = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+")
_TAG_HTML = re.compile(r"</?[a-zA-Z][^>\n]*>")
_ATTRIBUTES = re.compile(r"\{[:#.][^{}\n]*\}|\{%.*?%\}")
"""Attribute lists (`{: #an-id .class}` as kramdown and Jekyll write them, `{#id}`) and Liquid tags:
their `#` names an anchor, not a tag."""
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_EMPHASIS = re.compile(r"(?<![\w*_~])([*_~]{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w*_~])")
_ITEM = re.compile(r"^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")


_DENDRON_VAULT = re.compile(r"^dendron://[^/\s]*/")
"""Where a Dendron link names a vault (`dendron://vault/`): the journal is one vault."""


def tag_name(match: re.Match[str]) -> str:
    """The tag a TAG match names, as written (`sleep`, `work/stress`, `a tag with spaces`)."""
    return (match.group(1) or match.group(2)).strip("/-")


def wikilink_target(target: str) -> tuple[str, str]:
    """`Name#Heading` → (`Name`, `Heading`): the file or title linked to, and the part of it
    (Dendron's `dendron://vault/name` is the name)."""
    name, _, part = _DENDRON_VAULT.sub("", target.lstrip()).partition("#")
    name, _, block = name.partition("^")
    return name.strip(), (part or block).strip()


_SIZE = re.compile(r"\d+(x\d+)?%?|\d+\.\.\d*")


def wikilink_other(match: re.Match[str]) -> str | None:
    """The name after `|` when it can name a note as Dendron writes its links, `[[label|note.name]]`
    (the other way round from Obsidian's `[[Name|shown text]]`), `dendron://vault/` left out; None
    when it cannot (an image size, a heading of this page)."""
    written = (match.group(3) or "").strip()
    if not written or _SIZE.fullmatch(written):
        return None
    return wikilink_target(written)[0] or None


_DENDRON_NAME = re.compile(r"[a-z][\w-]*(?:\.[\w-]+)*\.[\w-]*[^\W\d_][\w-]*(?:\.[\w-]+)*(?:#\S*)?")
"""A note's name as Dendron writes it (`kap.integration.ideas`, `people.lena#phone`)."""


def dendron_like(match: re.Match[str]) -> bool:
    """Whether the words after `|` read as a Dendron note's name rather than as words to show."""
    written = (match.group(3) or "").strip()
    return bool(_DENDRON_VAULT.match(written) or _DENDRON_NAME.fullmatch(written))


def wikilink_label(match: re.Match[str]) -> str:
    """What a Dendron-style wikilink shows: its label, before `|`."""
    name, part = wikilink_target(match.group(2))
    return match.group(2).strip() if not (name and part) else f"{name} › {part}"


def wikilink_other_key(name: str, other: str) -> str:
    """How a body's list of wikilinks names a link to read either way: Obsidian's, else Dendron's
    (split_wikilink_key reads it back)."""
    return f"{name}|{other}"


def split_wikilink_key(written: str) -> tuple[str, str]:
    """A name of a body's list of wikilinks as (the name, the other name to try: "" for none)."""
    name, _, other = written.partition("|")
    return name, other


def wikilink_text(match: re.Match[str]) -> str:
    """What a wikilink shows: its own text after `|`, else the name (and heading) it links to."""
    shown = (match.group(3) or "").strip()
    if shown.startswith("#") or _DENDRON_VAULT.match(shown):  # Dendron's `[[label|#heading]]`
        return wikilink_label(match)
    if shown and not (match.group(1) and re.fullmatch(r"\d+(x\d+)?", shown)):  # not `![[a.png|300]]`
        return shown
    name, part = wikilink_target(match.group(2))
    return f"{name} › {part}" if name and part else name or part


def plain_inline(text: str) -> str:
    """The words of one line of inline Markdown (a heading, a title): links by their text,
    emphasis and code marks and HTML tags left out, escapes resolved."""
    text = _CODE_SPAN.sub(lambda m: m.group(0)[len(m.group(1)) : -len(m.group(1))].strip(), text)
    text = WIKILINK.sub(lambda m: wikilink_text(m), text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _AUTOLINK.sub(lambda m: m.group(0)[1:-1], text)
    text = _TAG_HTML.sub("", text)
    for _ in range(3):
        text = _EMPHASIS.sub(lambda m: m.group(2), text)
    text = _ESCAPE.sub(lambda m: m.group(1), text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Mentions:
    """The inline tags and wikilink targets of a body, in order of first use."""

    tags: tuple[str, ...] = ()
    links: tuple[str, ...] = ()


def mentions(body: str) -> Mentions:
    """Read a body's `#tags` and `[[wikilinks]]`, outside code, comments, links and URLs."""
    if "[[" not in body and not _TAG_START.search(body):
        return Mentions()
    tags: dict[str, None] = {}
    links: dict[str, None] = {}
    for line in _prose(body):
        if "#" not in line and "[[" not in line:
            continue  # most lines: no tag nor wikilink can start in them
        for match in WIKILINK.finditer(line):
            name = wikilink_target(match.group(2))[0]
            other = wikilink_other(match) if not match.group(1) else None
            if (match.group(3) or "").strip().startswith("#"):
                continue  # Dendron's `[[label|#heading]]`: a heading of this page
            if name:
                links.setdefault(wikilink_other_key(name, other) if other else name, None)
        line = WIKILINK.sub(" ", line)
        line = _LINK.sub(" ", line)
        line = _REFERENCE.sub(" ", line)
        line = _AUTOLINK.sub(" ", line)
        line = _URL.sub(" ", line)
        line = _TAG_HTML.sub(" ", line)
        line = _ATTRIBUTES.sub(" ", line)
        if re.match(r"^ {0,3}#{1,6}(?:[ \t]|$)", line):
            line = " " + line.lstrip(" ").lstrip("#")  # a heading's own `#`s
        for match in TAG.finditer(line):
            name = tag_name(match)
            if name and not name.isdigit():
                tags.setdefault(name, None)
    return Mentions(tuple(tags), tuple(links))


def _prose(body: str) -> list[str]:
    """The lines of a body that hold inline text: no fenced or indented code, no comments, and
    no code spans (joined per paragraph so a span may cross a line)."""
    body = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), body)
    kept: list[str] = []
    fence = ""
    in_list = False
    previous_blank = True
    for line in body.split("\n"):
        opener = _FENCE.match(line)
        if fence:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = ""
            kept.append("")
            continue
        if opener and not (opener.group(1)[0] == "`" and "`" in line[opener.end() :]):
            fence = opener.group(1)
            kept.append("")
            continue
        blank = not line.strip()
        if not blank and _ITEM.match(line):
            in_list = True
        elif not blank and not line.startswith(" "):
            in_list = False
        if not blank and previous_blank and not in_list and line.startswith("    "):
            kept.append("")  # indented code
            continue
        previous_blank = blank
        kept.append(line)
    text = _CODE_SPAN.sub(lambda m: " " + "\n" * m.group(0).count("\n"), "\n".join(kept))
    return text.split("\n")
