"""Never lose a word: every word of a body (outside front matter, HTML comments and unanswered
questions of the prompt templates) is on its page and in the search index, in order.

Checked on every entry of the sample journal, on a bench corpus, and on generated mixes of the
Markdown people write (lists nested with two or four spaces or tabs, empty items, lists right
after a line of text, fenced code in items and quotes, `#tags`, `[[wikilinks]]`, headings and
setext underlines, HTML comments, `{...}` that is not an attribute list).
"""

from __future__ import annotations

import html
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, BuiltJournal, run_cli
from helpers import page
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journalgen.config import load_config
from journalgen.site import search
from journalgen.site.theme import Theme
from journalgen.source.html import _parsed as parsed_html
from journalgen.source.markdown import Renderer
from journalgen.source.questions import Questions, questions_of
from journalgen.source.reader import read_journal, title_heading

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def in_order(wanted: list[str], found: list[str]) -> list[str]:
    """The words of `wanted` that are not in `found` in the same order (empty: none lost)."""
    at = 0
    lost = []
    for word in wanted:
        try:
            at = found.index(word, at) + 1
        except ValueError:
            lost.append(word)
    return lost


# --- The words a Markdown source holds ----------------------------------------------------------

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SYNTAX = [
    (re.compile(r"^( *)(`{3,}|~{3,}).*$", re.M), r"\1"),  # a fence and its info string
    (re.compile(r"^ {0,3}\[[^\]]+\]:\s+\S+.*$", re.M), ""),  # a link reference definition
    (re.compile(r"!\[\[[^\]]*\]\]"), ""),  # an embedded image
    (re.compile(r"\[\[([^\]|]*)\|([^\]]*)\]\]"), r"\2"),  # [[target|shown]]
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # an image: its description is no page text
    (re.compile(r"\]\((?:<[^>]*>|[^)\s]*)(?:\s+\"[^\"]*\")?\)"), "]"),  # a link's address
    (re.compile(r"\[\^[^\]]+\]:?"), ""),  # a footnote's label
    (re.compile(r"^(\s*(?:[-+*]|\d+[.)])\s+)\[[ xX]\]", re.M), r"\1"),  # a task's box
    (re.compile(r"^\s*\d+[.)](?=\s)", re.M), ""),  # an ordered list's number
    (re.compile(r"</?[a-zA-Z][^>]*>"), " "),  # HTML tags
    (re.compile(r"\{:?\s*(?:[#.][^\s{}]+|[^\s{}=]+=\S+)(?:\s+(?:[#.][^\s{}]+|[^\s{}=]+=\S+))*\s*\}"), ""),
    (re.compile(r"&#?\w+;"), lambda m: html.unescape(m.group(0))),
]


def source_words(body: str, questions: Questions, title: str | None = None) -> list[str]:
    """The words a body holds that its page must show: not comments, not the questions of the
    prompt templates left unanswered, not the heading that became the title (shown above it)."""
    lines = _COMMENT.sub("", body).split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        heading = _HEADING.match(line)
        if heading and title is not None and " ".join(words(heading.group(2))) == " ".join(words(title)):
            title = None
            continue
        if (
            heading
            and heading.group(2) in questions
            and _unanswered(lines, index, len(heading.group(1)), questions)
        ):
            continue
        kept.append(line)
    text = "\n".join(kept)
    for pattern, replacement in _SYNTAX:
        text = pattern.sub(replacement, text)
    return words(text)


def _unanswered(lines: list[str], index: int, level: int, questions: Questions) -> bool:
    for line in lines[index + 1 :]:
        if not line.strip():
            continue
        heading = _HEADING.match(line)
        if heading is None or heading.group(2) not in questions:
            return False
        if len(heading.group(1)) <= level:
            return True
    return True


def built_words(site: Path, url: str, records: dict[str, dict[str, object]]) -> tuple[list[str], list[str]]:
    """The words of an entry's page (its title and text) and of its search record."""
    soup = page(site / url)
    shown = words(soup.find("h1").get_text(" ") + " " + soup.find(class_="entry-body").get_text(" "))
    record = records[url]
    return shown, words(f"{record['title']} {record['text']}")


def check_journal(root: Path, site: Path) -> int:
    """Compare every entry of a built journal with its source; return how many were compared."""
    config = load_config(root)
    questions = Theme.of(config).questions()
    source = read_journal(config, convert=False, questions=questions)
    records: dict[str, dict[str, object]] = {}
    for path in (site / search.FOLDER).glob("*.js"):
        records.update((str(r["url"]), r) for r in search.read_script(path.read_bytes()) or [])
    compared = 0
    for read in source.entries.values():
        entry = read.entry
        if entry.draft or entry.unanswered:
            continue
        wanted = [*words(entry.title), *source_words(entry.body, questions, title_heading(entry))]
        shown, indexed = built_words(site, entry.url, records)
        assert in_order(wanted, shown) == [], f"{entry.source}: lost from the page"
        assert in_order(wanted, indexed) == [], f"{entry.source}: lost from the search index"
        compared += 1
    return compared


def test_the_sample_journal_loses_no_word(built_journal: BuiltJournal) -> None:
    built = built_journal()
    assert check_journal(built.root, built.site) == len(list((built.site / "entries").rglob("*.html")))


def test_a_bench_corpus_loses_no_word(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(REPO / "bench/gen_corpus.py"), "--entries", "120", "--out", str(tmp_path),
         "--tools", "journalgen", "--inline", "0.7"],
        check=True, capture_output=True,
    )  # fmt: skip
    root = tmp_path / "journal"
    assert run_cli("build", "--root", root).returncode == 0
    assert check_journal(root, root / "site") == 120


# --- Generated mixes ----------------------------------------------------------------------------

QUESTIONS = questions_of(["### What did you see?\n### How do you feel now?\n"])
VOCABULARY = ["calm", "sister", "River", "grief", "café", "walk", "sleep", "Dad", "tired", "piano", "x"]


Piece = tuple[str, list[str]]
"""Markdown and the words its page must show."""


def inline(rnd: random.Random) -> Piece:
    """One piece of inline text."""
    word = rnd.choice(VOCABULARY)
    form = rnd.randrange(17)
    written = [
        word, f"*{word}*", f"**{word}**", f"_{word}_", f"`{word}`", f"[{word}](other.md)",
        f"[[{word}]]", f"[[Somewhere|{word}]]", f"#{word}", f"#[[{word} too]]", f"<span>{word}</span>",
        f"{{{word}}}", f"{word}\\*", f"{word}&amp;", f"{word}:", f"session #2 {word}", f"<{word}>",
    ][form]  # fmt: skip
    return written, words({9: f"{word} too", 15: f"session 2 {word}"}.get(form, word))


def line(rnd: random.Random) -> Piece:
    parts = [inline(rnd) for _ in range(rnd.randint(1, 5))]
    return " ".join(p[0] for p in parts), [w for p in parts for w in p[1]]


def plain(rnd: random.Random) -> str:
    return " ".join(rnd.choice(VOCABULARY) for _ in range(rnd.randint(1, 4)))


def block(rnd: random.Random, depth: int = 0) -> tuple[str, list[str], str]:
    """A block of Markdown, the words it must show, and its kind."""
    kind = rnd.choice(["paragraph", "heading", "list", "fence", "quote", "comment", "question", "code"])
    if kind == "paragraph":
        lines = [line(rnd) for _ in range(rnd.randint(1, 3))]
        return "\n".join(t for t, _ in lines), [w for _, ws in lines for w in ws], kind
    if kind == "heading":
        text, found = line(rnd)
        if rnd.random() < 0.5:
            return f"{'#' * rnd.randint(1, 6)} {text}", found, kind
        return f"{text}\n{rnd.choice(['===', '---', '- '])}", found, kind
    if kind == "list":
        return (*a_list(rnd, depth), kind)
    if kind == "fence":
        fence = rnd.choice(["```", "~~~", "````"])
        info = rnd.choice(["", "python", "text title"])
        code = [line(rnd)[0] for _ in range(rnd.randint(0, 3))]
        found = [w for t in code for w in words(t)]  # code shows the text as written
        body = "".join(f"{t}\n" for t in code)
        if rnd.random() < 0.3:  # never closed: code to the end (the document ends here)
            return f"{fence}{info}\n{body}".rstrip("\n"), found, "open-fence"
        return f"{fence}{info}\n{body}{fence}", found, kind
    if kind == "quote":
        inner, found, inner_kind = block(rnd, depth + 1) if depth < 2 else ("calm", ["calm"], "")
        quoted = "\n".join(f"> {x}" if x else ">" for x in inner.split("\n"))
        return quoted, found, "open-fence" if inner_kind == "open-fence" else kind
    if kind == "comment":
        return f"<!-- {line(rnd)[0]} -->", [], kind
    if kind == "question":
        question = rnd.choice(["What did you see?", "How do you feel now?"])
        if rnd.random() < 0.5:
            return f"### {question}\n<!-- a hint -->", words(question), "unanswered"
        text, found = line(rnd)
        return f"### {question}\n{text}", words(question) + found, kind
    # indented code (or, after a list item, more of the item): plain words read the same either way
    text = plain(rnd)
    return f"    {text}", words(text), kind


def a_list(rnd: random.Random, depth: int = 0) -> Piece:
    marker = rnd.choice(["-", "*", "+", "1.", "1)"])
    indent = rnd.choice(["   ", "    ", "\t"] if marker[0].isdigit() else ["  ", "    ", "\t"])
    out: list[str] = []
    found: list[str] = []
    for _ in range(rnd.randint(1, 4)):
        task = rnd.choice(["", "[ ] ", "[x] "])
        shape = rnd.choice(["text", "text", "empty", "nested", "fence", "continued"])
        if shape == "empty":
            out.append(f"{marker} ")
            continue
        text, ws = line(rnd)
        out.append(f"{marker} {task}{text}")
        found += ws
        if shape == "nested" and depth < 2:
            inner, inner_words = a_list(rnd, depth + 1)
            out += [f"{indent}{x}" if x else "" for x in inner.split("\n")]
            found += inner_words
        elif shape == "fence":
            code = line(rnd)[0]
            out += [f"{indent}```", f"{indent}{code}", f"{indent}```"]
            found += words(code)
        elif shape == "continued":
            more, more_words = line(rnd)
            out.append(f"{indent}{more}" if rnd.random() < 0.5 else more)
            found += more_words
    return "\n".join(out), found


def document(rnd: random.Random) -> Piece:
    blocks = [block(rnd) for _ in range(rnd.randint(1, 6))]
    text = ""
    found: list[str] = []
    for index, (written, ws, kind) in enumerate(blocks):
        if kind == "unanswered":
            following = [k for _, _, k in blocks[index + 1 :] if k != "comment"]
            if not following or following[0] in ("unanswered", "question"):
                ws = []  # a question left unanswered: not on the page
        text += (rnd.choice(["\n\n", "\n", "\n\n\n"]) if text else "") + written
        found += ws
        if kind == "open-fence":
            break
    return text, found


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(QUESTIONS)


LINKS = (("[[calm", "calm.md"), ("#sleep", "../tags/sleep.html"), ("[[somewhere", "s.md"))


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rnd=st.randoms(use_true_random=False))
def test_generated_markdown_loses_no_word(renderer: Renderer, rnd: random.Random) -> None:
    text, wanted = document(rnd)
    rendered = renderer(text, None, LINKS)
    shown = words(parsed_html(rendered.html).text)  # read by Python's HTMLParser, as a browser would
    assert in_order(wanted, shown) == [], f"lost from the page of {text!r}:\n{rendered.html}"
    assert in_order(wanted, words(rendered.text)) == [], f"lost from the search text of {text!r}"
