"""The Threads page: every answer to each question of the prompt templates, session by session."""

from __future__ import annotations

from conftest import BuiltJournal, MakeJournal, entry
from helpers import build_site, page, text

from journalgen.site.threads import _order
from journalgen.source.sections import Section, sections

SESSION_ONE = """\
# Session one

## Initial recall

### What did you see?
<!-- colours, people, places -->
Blue lines, like music[^1], and ![the sketch](images/sketch.png).

### What did you hear?
<!-- nothing answered here: left out -->

## Action & integration

### What do you want to invite more of into your life?
Rest, and [the walk](2026-01-06-after.md#end).

[^1]: Staves, really.
"""

SESSION_TWO = """\
### What did you see?
A <em>door</em> &amp; a window.

### What did you hear?
Humming.

### What do you want to invite in?
Music.
"""

FOLLOW_UP = """\
## Since the session

### How do you feel now compared with before the session?
Lighter.
"""

REFLECTION = """\
### What did you see?
A reflection is free writing: its headings are not questions.
"""


def journal_files() -> dict[str, str | bytes]:
    return {
        "2026/2026-01-05-one.md": entry("kind: session\nroute: iv", SESSION_ONE),
        "2026/2026-01-06-after.md": entry("kind: follow-up", FOLLOW_UP),
        "2026/2026-01-07-free.md": entry("kind: reflection", REFLECTION),
        "2026/2026-01-12-two.md": entry("kind: session\nroute: iv", SESSION_TWO),
        "2026/images/sketch.png": b"\x89PNG",
    }


def test_sections_are_the_top_level_headings_and_what_follows_them() -> None:
    html = (
        '<p>Before.</p>\n<h2>Since &amp; after</h2>\n<h3>Q?</h3>\n<p>A<sup id="fnref:1">1</sup></p>\n'
        '<div>\n<h3>raw</h3>\n</div>\n<h4 id="x">Deeper</h4>\n<p>B</p>\n<br>\n'
        '<div class="footnote">\n<ol><li id="fn:1">note</li></ol>\n</div>\n'
    )
    assert sections(html) == [
        Section(2, "Since & after", ""),
        Section(3, "Q?", '<p>A<sup id="fnref:1">1</sup></p>\n<div>\n<h3>raw</h3>\n</div>'),
        Section(4, "Deeper", "<p>B</p>\n<br>"),  # the footnotes belong to no answer
    ]


def test_html_that_is_not_plain_is_cut_the_same_way() -> None:
    """Raw HTML with a comment or a script goes through Python's HTMLParser instead of the quick
    reading of Markdown's plain tags: the same cuts."""
    plain = "<h3>Q?</h3>\n<p>A <b>b</b></p>\n<div><h4>in</h4></div>\n<h3>R?</h3>\n<p>C</p>"
    for odd in ("<p>A <!-- x --> <b>b</b></p>", "<p>A <b>b</b></p><script>if (a < b) {}</script>"):
        html = plain.replace("<p>A <b>b</b></p>", odd)
        assert sections(html) == [
            Section(3, "Q?", f"{odd}\n<div><h4>in</h4></div>"),
            Section(3, "R?", "<p>C</p>"),
        ]
    assert [s.html for s in sections(plain)][1] == "<p>C</p>"


def test_one_order_for_questions_some_entries_skipped() -> None:
    first = ["see", "feel", "critic", "message", "step"]
    second = ["see", "relationship", "self-love", "let go", "step"]
    third = ["see", "feel", "relationship", "critic", "self-love", "message", "let go", "step"]
    assert _order([first, second, third]) == [
        "see", "feel", "relationship", "critic", "self-love", "message", "let go", "step",
    ]  # fmt: skip
    assert _order([["a", "b"], ["b", "a"]]) == ["a", "b"]  # asked in both orders: the first one's


def test_the_threads_page_gathers_every_answer_to_each_question(make_journal: MakeJournal) -> None:
    site = build_site(make_journal(journal_files()))
    soup = page(site / "threads.html")
    groups = {text(s.h2): s for s in soup.select("section.thread-group")}
    assert list(groups) == ["The session", "After a session"]
    threads = {
        text(t.h3): [
            (text(li.select_one(".answer-meta")), text(li.select_one(".answer-body")))
            for li in t.select("li")
        ]
        for t in groups["The session"].select("section.thread")
    }
    assert threads == {
        "What did you see?": [
            ("Session #1 · 5 Jan 2026", "Blue lines, like music 1 , and ."),
            ("Session #2 · 12 Jan 2026", "A door & a window."),
        ],
        "What did you hear?": [("Session #2 · 12 Jan 2026", "Humming.")],  # unanswered in #1
        # The template's question, and the same question worded another way: two threads.
        "What do you want to invite more of into your life?": [
            ("Session #1 · 5 Jan 2026", "Rest, and the walk .")
        ],
        "What do you want to invite in?": [("Session #2 · 12 Jan 2026", "Music.")],
    }
    (after,) = groups["After a session"].select("section.thread")
    assert text(after.h3) == "How do you feel now compared with before the session?"
    assert text(after.select_one(".answer-meta")) == "+1 day after session #1 · 6 Jan 2026"
    # Each answer links to its entry; its links and images still point where they pointed.
    first = groups["The session"].select_one("li.answer")
    assert first.select_one(".answer-meta a")["href"] == "entries/2026/2026-01-05-one.html"
    assert first.select_one("img")["src"] == "entries/2026/images/sketch.png"
    assert first.select_one("sup a")["href"] == "entries/2026/2026-01-05-one.html#fn:1"  # the note's page
    walk = soup.find("a", string="the walk")
    assert walk["href"] == "entries/2026/2026-01-06-after.html#end"
    # The contents list every question with its count, linking to it; every id is unique.
    index = [(text(a), a["href"]) for a in soup.select(".thread-index a")]
    assert ("What did you see?", "#session-what-did-you-see") in index
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    assert "reflection is free writing" not in text(soup)  # a reflection's headings are no questions


def test_a_journal_without_answers_says_where_they_come_from(make_journal: MakeJournal) -> None:
    site = build_site(make_journal({"a.md": entry("date: 2026-01-05\nkind: session", "No headings.\n")}))
    main = page(site / "threads.html").find("main")
    assert "No answers yet" in text(main) and main.find("section") is None


def test_the_sample_journals_threads(built_journal: BuiltJournal) -> None:
    soup = page(built_journal().site / "threads.html")
    thread = soup.find(id="session-what-do-i-want-to-invite-in").find_parent("section")
    answers = [
        (text(li.select_one(".answer-meta a")), li.select_one(".answer-meta a")["href"])
        for li in thread.select("li")
    ]
    assert answers == [
        ("Session #1", "entries/2026/2026-08-19-first-infusion.html"),
        ("Session #3", "entries/2026/2026-09-09-third-infusion.html"),
        ("Session #5", "entries/2026/2026-10-02-second-spravato.html"),
        ("Session #6", "entries/2026/2026-10-24-first-home-session.html"),
        ("Session #7", "entries/2026/2026-11-19-second-home-session.html"),
    ]
    counts = {text(li.a): text(li.select_one(".count")) for li in soup.select(".thread-index li")}
    assert counts["My intention"] == "4 answers"
    assert counts["How do I feel now compared with before the session?"] == "14 answers"
    assert soup.select_one("nav a[aria-current=page]")["href"] == "threads.html"
