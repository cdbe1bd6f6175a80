"""Fuzzed front matter and bodies: never a traceback, never a hang, and `check` and `build` agree
on every journal generated (check has errors exactly when build refuses, including all of build's).

The pieces are the shapes hostile runs used (YAML tags, anchors, deep nesting, control characters,
line separators, huge numbers, unclosed brackets, raw HTML that navigates...), mixed with random
text and repeated into pathological sizes. Bounded: a fixed number of examples, each a small
journal built and checked in-process.
"""

from __future__ import annotations

import datetime as dt
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import write_journal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journalgen.build import build
from journalgen.check import check
from journalgen.config import load_config
from journalgen.errors import JournalError
from journalgen.source.entry import KNOWN_KEYS

TODAY = dt.date(2026, 11, 26)
LIMIT = 60
"""Seconds one example may take (a build of a one-entry journal takes well under one): past it, a hang."""

KEYS = (*KNOWN_KEYS, "share", "x")
VALUES = (
    "2026-11-20", "9999-12-31", "0001-01-01", "2026-02-30", "2026-11-20 21:14 +0100", "'²'", "!!int 0x1F",
    "!!int ''", "!!bool maybe", "!!float abc", "!!str 5", "!!python/name:os.system", "&a [1, 2]", "*a",
    "[" * 30 + "]" * 30, '"\\ud800"', '"\\ud83d\\ude00"', '"\\e"', "10:30", "no", "~", "{phq9: 12}",
    "{phq9: 99, gad7: '٣'}", "[calm, grief, Calm]", "index", "Index", "iv", "infusion", "teleport", "session",
    "follow-up", "7", "11", "1" * 120, "9" * 5000, "|\n  a block", ">\n  folded", "a\u2028b", "a\x85b",
    "\x00", "\x1b", "[a, [b, [c]]]", "{a: {b: {c: d}}}", "'quoted: yes'", "- item", "true", "TRUE", "",
)  # fmt: skip
PIECES = (
    "[", "]", "(", ")", "](", "<", ">", "`", "```", "~~~", "*", "**", "_", "#", "# ", "&#", "&#65;", "&amp;",
    "&#" + "9" * 120 + ";", "\\", "!", "|", "-", "---", "=", "===", "> ", "    ", "1. ", "- ", "- [ ] ",
    "[^1]", "[^1]: note", "<!--", "-->", "<!-- hint -->", "<div>", "</div>", "<p>", "<span>", "<br>",
    "<a href='x'>", "</a>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">', '<base href="https://e.x/">',
    '<form action="https://e.x/"><input name=q>', "</form>", "<script>alert(1)</script>", "<script>",
    "<style>", "<svg>", "<template>", "<textarea>", "<plaintext>", "<iframe src=x>", 'onload="x()"',
    "javascript:alert(1)", "[x](javascript:alert(1))", "[x](y.md)", "![i](p.png)", "{: .c}", "{: onclick=x}",
    "word", "calm", "Wörter", "😀", "\u2028", "\x85", "\x00", "\x1b", "\ufeff", "\r", "\t", " ", "  \n", "\n",
    "\n\n",
)  # fmt: skip
NAMES = (
    "2026-11-20-a.md", "2026/2026-11-21-b.md", "c.md", "2026-11-20-a.markdown", "2026-11-22-d.md",
    "2026-11-23-a\\b.md", "2026-11-24-" + "x" * 241 + ".md", "2026-11-25-a.html", "index.md",
)  # fmt: skip
FILES = {
    "a.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="x()"><script>x()</script></svg>',
    "b.svg": '<svg xmlns="http://www.w3.org/2000/svg"><circle r="3"/></svg>',
    "2026-11-25-a.html": "<meta http-equiv=refresh content=0>",
    "p.png": "not really a picture",
}

piece = st.one_of(st.sampled_from(PIECES), st.text(max_size=6))
mixed = st.lists(piece, max_size=40).map("".join)
repeated = st.tuples(st.sampled_from(PIECES), st.integers(200, 6000)).map(lambda t: t[0] * t[1])
bodies = st.one_of(mixed, repeated, st.tuples(mixed, repeated, mixed).map("".join))
fields = st.lists(
    st.tuples(st.sampled_from(KEYS), st.one_of(st.sampled_from(VALUES), st.text(max_size=10))), max_size=7
)


@st.composite
def entries(draw: st.DrawFn) -> str:
    """One entry file: front matter (well formed or not) and a body."""
    front = "\n".join(f"{key}: {value}" for key, value in draw(fields))
    body = draw(bodies)
    shape = draw(st.sampled_from(("---", "---", "---", "none", "unclosed")))
    if shape == "none":
        return body
    if shape == "unclosed":
        return f"---\n{front}\n{body}"
    return f"---\n{front}\n---\n{body}"


journals = st.tuples(
    st.dictionaries(st.sampled_from(NAMES), entries(), min_size=1, max_size=3),
    st.dictionaries(st.sampled_from(sorted(FILES)), st.sampled_from(sorted(FILES.values())), max_size=2),
).map(lambda both: {**both[1], **both[0]})


@contextmanager
def at_most(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging) when the block runs longer than `seconds`."""

    def stop(signum: int, frame: object) -> None:
        raise AssertionError(f"still running after {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(journals)
def test_fuzzed_entries_never_crash_or_hang_and_check_agrees_with_build(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder, at_most(LIMIT):
        root = write_journal(Path(folder) / "journal")
        for rel, text in files.items():
            path = root / "entries" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8", "surrogatepass"))
        config = load_config(root)
        checked = {str(p) for p in check(config, TODAY).errors}
        try:
            site = build(config).output
        except JournalError as exc:
            built = {str(p) for p in exc.problems}
            assert built, "a refusal names its problems"
        else:
            built = set()
        assert bool(checked) == bool(built), (checked, built)
        assert built <= checked, (checked, built)
        for problem in checked:
            assert problem.startswith(("entries/", "assets/")), problem
            assert "Traceback" not in problem
        if not built:
            entries = [rel for rel in files if rel.endswith((".md", ".markdown"))]
            for page in (site / "entries" / f"{rel.rsplit('.', 1)[0]}.html" for rel in entries):
                body = BeautifulSoup(page.read_bytes(), "html5lib").select_one(".entry-body")
                assert body is not None, page
                assert body.select("meta, base, form, script, iframe, object, embed, link") == [], page
                assert all(not name.startswith("on") for tag in body.find_all(True) for name in tag.attrs)
