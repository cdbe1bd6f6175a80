"""Refuse, on its line, a body that would take Markdown minutes to convert, before converting it.

Python-Markdown is quick on anything a person writes, but some shapes make it slow in proportion
to the square of their size (measured: bench/hostile.py): a `[` or a link's `(` that closes far
away or never (each reads on to its end), a `<` that starts a tag and never ends it, many links,
entities or emphasis marks in one paragraph (each is cut out of the whole paragraph), headings or
rules one per line (each splits the rest of the block again), thousands of blocks, footnotes,
fences, headings or comments (each is looked for among the others), and lists or quotes nested
hundreds deep (which also run out of stack). Each is counted here in one pass, at what it would
cost there; a body over a budget is refused with the line and what to change, and nothing is
converted. The budgets keep the worst accepted body near a second of converting on an ordinary
computer, far above anything written by hand. Closed fenced code is not Markdown: not counted.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from journalgen.errors import Problem

MAX_CHARACTERS = 2_000_000
"""About 300,000 words: Markdown reads anything this long in seconds, and longer takes longer."""
BRACKET_BUDGET = 500_000
"""Characters read on from every `[` to its `]` (or to its paragraph's end), in one paragraph."""
TAG_BUDGET = 15_000_000
"""Characters read on from every `<` that starts a tag and never ends it, in one paragraph."""
INLINE_BUDGET = 500_000_000
"""Links, entities, emphasis... in one paragraph, times its length: each is cut out of it in turn."""
BLOCK_BUDGET = 30_000_000
"""Headings, underlines and rules in a block without blank lines, times the block's length."""
MAX_DEPTH = 50
"""Lists and quotes inside each other (four spaces of indentation count as a level)."""
MAX_FOOTNOTE_MARKS = 1000
"""`[^` in one body: footnotes are numbered by searching those before (the same one used again too)."""
MAX_BLOCKS = 10_000
"""Paragraphs and other blocks between blank lines: Markdown takes each off the front of a list."""
FENCE_BUDGET = 300_000_000
"""Blocks of fenced code, times the body's length: each is cut out of the whole text in turn."""
TREE_BUDGET = 30_000_000
"""Headings and HTML comments, times the lines of the body: each is looked at among all the others."""

_SMALLEST_BUDGET = min(BRACKET_BUDGET, TAG_BUDGET, INLINE_BUDGET, BLOCK_BUDGET)

_FENCE = re.compile(r"(`{3,}|~{3,}) *[\w#.+-]* *\Z")
_BLANK = re.compile(r"[ \t]*\Z")
_SPLITS = re.compile(r" {0,3}(?:#|=+[ \t]*\Z|[-*_](?:[ \t]*[-*_])*[ \t]*\Z)")
"""A line that starts a new block inside a block: a heading, a setext underline, a rule."""
_PARTS = re.compile(r" {0,3}(?:#|<!--|=+[ \t]*\Z|-+[ \t]*\Z)")
"""A line that makes a heading or an HTML comment."""
_CONTAINERS = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*")
_NESTS = frozenset(" \t>-*+0123456789")
"""The first characters of a line inside a list or a quote."""
_DEEP = re.compile(rf"\n[ \t>*+\-.)\d]{{{MAX_DEPTH + 1}}}")
"""A line (after a line end) that starts with enough marks and indentation to be nested too deep
(each counts one level at most): only a body with such a line needs _depth."""
_MARKER = re.compile(r">|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])")
_BRACKETS = re.compile(r"\\.|\]\(|[\[\]()`]", re.DOTALL)
_TAGS = re.compile(r"<[^<]*")
_LONG_REFERENCE = re.compile(r"&#[0-9]{100,}")
_INLINE = re.compile(r"&[#a-zA-Z]|\\.|\]\(|\]\[|\[\^|<[a-zA-Z/!?][^<>]*>| {2}\n", re.DOTALL)
"""What Markdown turns into an element inside a paragraph (besides `code`, *emphasis*, counted apart)."""


def body_problems(path: str, body: str, first_line: int) -> list[Problem]:
    """What in this body would make converting it slow, each on its line (the body's first line
    being the file's `first_line`)."""
    return [Problem(path, first_line + index, message) for index, message in _slow(body)]


_SLOW = "which would take Markdown minutes to read"


def _slow(body: str) -> Iterator[tuple[int, str]]:
    """(line index in the body, what to change) for each budget the body goes over."""
    if len(body) > MAX_CHARACTERS:
        yield (
            body.count("\n", 0, MAX_CHARACTERS),
            f"this entry is {len(body):,} characters long, {_SLOW}; split it into entries of at most "
            f"{MAX_CHARACTERS:,} (this line is past that)",
        )
        return
    lines = body.split("\n")
    code, fences = _fenced(lines) if "```" in body or "~~~" in body else (set(), 0)
    text = (
        [(index, line) for index, line in enumerate(lines) if index not in code]
        if code
        else [*enumerate(lines)]
    )
    nested = ((index, _depth(line)) for index, line in text if line[:1] in _NESTS)
    deep = _DEEP.search("\n" + body) and next(((i, depth) for i, depth in nested if depth > MAX_DEPTH), None)
    if deep:
        yield (
            deep[0],
            f"this line is nested {deep[1]} levels deep (lists, quotes or indentation inside each other); "
            f"Markdown reads at most {MAX_DEPTH}, so indent it less",
        )
    long = _LONG_REFERENCE.search(body) and next(
        ((index, found) for index, line in text if (found := _LONG_REFERENCE.search(line))), None
    )
    if long:
        yield (
            long[0],
            f"a character reference `&#` of {len(long[1].group()) - 2} digits, more than a character needs "
            "(and more than Python reads); write the character itself, or `&amp;#` to show it",
        )
    marks = body.count("[^")
    if marks > MAX_FOOTNOTE_MARKS:
        yield (
            body.count("\n", 0, body.index("[^")),
            f"this entry has {marks} footnote marks `[^`, {_SLOW}; use at most {MAX_FOOTNOTE_MARKS}",
        )
    parts = [index for index, line in text if _PARTS.match(line)] if len(lines) ** 2 > TREE_BUDGET else []
    if len(parts) * len(lines) > TREE_BUDGET:
        yield (
            parts[0],
            f"this entry has {len(parts)} headings and HTML comments in {len(lines)} lines, {_SLOW}; "
            "split it into several entries",
        )
    if fences * len(body) > FENCE_BUDGET:
        yield (
            min(code),
            f"this entry has {fences} blocks of fenced code in {len(body)} characters, {_SLOW}; split it "
            "into several entries",
        )
    starts = (
        [
            i
            for i, line in enumerate(lines)
            if not _BLANK.match(line) and (i == 0 or _BLANK.match(lines[i - 1]))
        ]
        if len(lines) > 2 * MAX_BLOCKS
        else []
    )  # a block and a blank line each: at most half the lines start one
    if len(starts) > MAX_BLOCKS:
        yield (
            starts[MAX_BLOCKS],
            f"this entry has {len(starts)} paragraphs (blocks between blank lines), {_SLOW}; split it into "
            f"entries of at most {MAX_BLOCKS} (this is the first one over)",
        )
    if _surely_under(body, len(lines)):
        return  # no block of it can go over a budget the whole body is under
    for start, block in _blocks(lines, code):
        yield from ((start + offset, message) for offset, message in _costs(block, "\n".join(block)))


def _surely_under(text: str, lines: int) -> bool:
    """Whether a text of so many lines is under every budget of _costs, from a few counts: each
    cost is at most its length times how many of its marks it holds (inline Markdown: at most
    twice its length; splits: its lines)."""
    end = len(text) + 1
    return (
        (text.count("[") + text.count("(")) * end <= BRACKET_BUDGET
        and text.count("<") * end <= TAG_BUDGET
        and 2 * end * end <= INLINE_BUDGET
        and lines * end <= BLOCK_BUDGET
    )


def _fenced(lines: list[str]) -> tuple[set[int], int]:
    """The indexes of lines inside fenced code, fences included (only fences that close), and how
    many blocks of fenced code there are."""
    closers: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if line[:1] in "`~" and _FENCE.match(line):
            closers.setdefault(line.rstrip(" "), []).append(index)
    code: set[int] = set()
    index = blocks = 0
    while index < len(lines):
        opener = _FENCE.match(lines[index]) if lines[index][:1] in "`~" else None
        if opener:
            found = closers.get(opener.group(1), [])
            after = bisect.bisect_right(found, index)
            if after < len(found):
                code.update(range(index, found[after] + 1))
                index = found[after]
                blocks += 1
        index += 1
    return code, blocks


def _depth(line: str) -> int:
    """Lists and quotes this line is inside, as written: its markers, and four spaces before them a level."""
    run = _CONTAINERS.match(line)
    markers = run.group() if run else ""
    indent = len(markers) - len(markers.lstrip(" \t"))
    return len(_MARKER.findall(line, 0, len(markers) + 1)) + len(markers[:indent].expandtabs(4)) // 4


def _blocks(lines: list[str], code: set[int]) -> Iterator[tuple[int, list[str]]]:
    """Runs of lines without a blank line between them, fenced code left out: (first index, lines)."""
    start, block = 0, []
    for index, line in enumerate(lines):
        if index in code:
            continue
        if not line.strip(" \t"):  # (_BLANK)
            if block:
                yield start, block
            block = []
            continue
        if not block:
            start = index
        block.append(line)
    if block:
        yield start, block


def _costs(block: list[str], text: str) -> Iterator[tuple[int, str]]:
    """(line within the block, message) for each budget this block goes over."""
    end = len(text)
    if (end + 1) ** 2 <= _SMALLEST_BUDGET or _surely_under(text, len(block)):
        return  # each cost below is at most (length + 1)², and _surely_under's bounds
    bracket_cost, opened, parens, lost = 0, [], [], []
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token[0] == "]" and opened:
            bracket_cost += match.start() - opened.pop()
        if token == "[":
            opened.append(match.start())
        elif token == "](" or (token == "(" and parens):  # a link's address, and parentheses inside it
            parens.append(match.end() - 1)
        elif token == ")" and parens:
            bracket_cost += match.start() - parens.pop()
        elif token == "`":  # a `]` or `)` in code is none to Markdown: these read on to the end
            lost += opened + parens
            opened, parens = [], []
    lost += opened + parens
    bracket_cost += sum(end - at for at in lost)
    if bracket_cost > BRACKET_BUDGET:
        yield (
            text.count("\n", 0, min(lost) if lost else 0),
            "this paragraph has `[` or `(` that close far away or never (the first on this line), which "
            "would take Markdown minutes to read; close each with `]` or `)`, write `\\[` for a bracket "
            "that is not a link, or split the paragraph with blank lines",
        )
    tag_cost, first_tag = 0, None
    for match in _TAGS.finditer(text):
        segment = match.group()
        if len(segment) > 1 and (segment[1].isalpha() or segment[1] in "/!?") and ">" not in segment:
            tag_cost += end - match.start()
            first_tag = match.start() if first_tag is None else first_tag
    if tag_cost > TAG_BUDGET:
        yield (
            text.count("\n", 0, first_tag or 0),
            "this paragraph has `<` that start an HTML tag and never end it with `>` (the first on this "
            "line), which would take Markdown minutes to read; write `&lt;` for a `<` that is not a tag, "
            "or split the paragraph with blank lines",
        )
    matches = len(_INLINE.findall(text)) + (text.count("`") + text.count("*") + text.count("_")) // 2
    if matches * end > INLINE_BUDGET:
        yield (
            0,
            f"this paragraph has {matches} links, entities, emphasis marks and other inline Markdown in "
            f"{end} characters without a blank line, which would take Markdown minutes to read; split "
            "it into paragraphs with blank lines",
        )
    splits = [offset for offset, line in enumerate(block) if _SPLITS.match(line)]
    if len(splits) * end > BLOCK_BUDGET:
        yield (
            splits[0],
            f"{len(splits)} headings, underlines or rules follow each other from this line on without a "
            "blank line between them, which would take Markdown minutes to read; put blank lines "
            "between them",
        )
