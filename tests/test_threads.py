"""The Threads page: every answer to each question of the prompt templates, session by session."""

from __future__ import annotations

from pathlib import Path

from conftest import BuiltJournal, MakeJournal, entry
from helpers import build_site, page, text

from journalgen.build import build
from journalgen.config import load_config
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
    first = ("see", "feel", "critic", "message", "step")
    second = ("see", "relationship", "self-love", "let go", "step")
    third = ("see", "feel", "relationship", "critic", "self-love", "message", "let go", "step")
    assert _order([first, second, first, third, second]) == [
        "see", "feel", "relationship", "critic", "self-love", "message", "let go", "step",
    ]  # fmt: skip
    assert _order([("a", "b"), ("b", "a"), ("a", "b")]) == ["a", "b"]  # asked both ways: the first one's


def threads_of(site: Path) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """Each group of threads.html, each question in it with every answer on its own page:
    (the answer's entry as the page says it, the answer's words)."""
    soup = page(site / "threads.html")
    groups = {}
    for section in soup.select("section.thread-group"):
        questions = {}
        for link in section.select(".thread-index a"):
            thread = page(site / link["href"])
            questions[text(link)] = [
                (text(li.select_one(".answer-meta")), text(li.select_one(".answer-body")))
                for li in thread.select("li.answer")
            ]
        groups[text(section.h2)] = questions
    return groups


def test_each_question_has_a_page_with_every_answer_to_it(make_journal: MakeJournal) -> None:
    site = build_site(make_journal(journal_files()))
    groups = threads_of(site)
    assert list(groups) == ["The session", "After a session"]
    assert groups["The session"] == {
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
    assert groups["After a session"] == {
        "How do you feel now compared with before the session?": [
            ("+1 day after session #1 · 6 Jan 2026", "Lighter.")
        ]
    }
    # The list of threads gives each question's count and links to its page.
    index = page(site / "threads.html")
    links = [
        (text(li.a), li.a["href"], text(li.select_one(".count"))) for li in index.select(".thread-index li")
    ]
    assert ("What did you see?", "threads/session-what-did-you-see.html", "2 answers") in links
    assert ("What did you hear?", "threads/session-what-did-you-hear.html", "1 answer") in links
    # Each answer links to its entry; its links and images still point where they pointed.
    seen = page(site / "threads/session-what-did-you-see.html")
    assert text(seen.h1) == "What did you see?"
    first = seen.select_one("li.answer")
    assert first.select_one(".answer-meta a")["href"] == "../entries/2026/2026-01-05-one.html"
    assert first.select_one("img")["src"] == "../entries/2026/images/sketch.png"
    assert first.select_one("sup a")["href"] == "../entries/2026/2026-01-05-one.html#fn:1"  # the note's page
    invited = page(site / "threads/session-what-do-you-want-to-invite-more-of-into-your-life.html")
    walk = invited.find("a", string="the walk")
    assert walk["href"] == "../entries/2026/2026-01-06-after.html#end"
    # From one question to the next of its group, and back to the list.
    pager = {a["rel"][0]: (text(a), a["href"]) for a in seen.select(".pager a")}
    invite = "session-what-do-you-want-to-invite-more-of-into-your-life.html"
    assert pager == {"next": ("Next What do you want to invite more of into your life?", invite)}
    pager = {a["rel"][0]: a["href"] for a in page(site / "threads" / invite).select(".pager a")}
    assert pager == {"prev": "session-what-did-you-see.html", "next": "session-what-did-you-hear.html"}
    assert seen.select_one(".breadcrumb a")["href"] == "../threads.html"
    for path in (site / "threads").iterdir():
        ids = [tag["id"] for tag in page(path).find_all(id=True)]
        assert len(ids) == len(set(ids))
    assert "reflection is free writing" not in text(index)  # a reflection's headings are no questions
    assert not any("reflection is free writing" in p.read_text() for p in (site / "threads").iterdir())


def test_a_journal_without_answers_says_where_they_come_from(make_journal: MakeJournal) -> None:
    site = build_site(make_journal({"a.md": entry("date: 2026-01-05\nkind: session", "No headings.\n")}))
    main = page(site / "threads.html").find("main")
    assert "No answers yet" in text(main) and main.find("section") is None
    assert not (site / "threads").exists()


def test_the_sample_journals_threads(built_journal: BuiltJournal) -> None:
    site = built_journal().site
    thread = page(site / "threads/session-what-do-i-want-to-invite-in.html")
    answers = [
        (text(li.select_one(".answer-meta a")), li.select_one(".answer-meta a")["href"])
        for li in thread.select("li.answer")
    ]
    assert answers == [
        ("Session #1", "../entries/2026/2026-08-19-first-infusion.html"),
        ("Session #3", "../entries/2026/2026-09-09-third-infusion.html"),
        ("Session #5", "../entries/2026/2026-10-02-second-spravato.html"),
        ("Session #6", "../entries/2026/2026-10-24-first-home-session.html"),
        ("Session #7", "../entries/2026/2026-11-19-second-home-session.html"),
    ]
    soup = page(site / "threads.html")
    counts = {text(li.a): text(li.select_one(".count")) for li in soup.select(".thread-index li")}
    assert counts["My intention"] == "4 answers"
    assert counts["How do I feel now compared with before the session?"] == "14 answers"
    assert soup.select_one("nav a[aria-current=page]")["href"] == "threads.html"


def test_a_question_answered_over_several_years_has_a_page_for_each_year(make_journal: MakeJournal) -> None:
    """Ten years of answers on one page would be too long to read and too heavy for a phone: each
    year has a page, the latest at the question's own address, and a rebuild after an edit rewrites
    only the page of that answer's year."""
    seen = "## Initial recall\n\n### What did you see?\n"
    files = {
        f"{year}/{year}-0{month}-05-s.md": entry(
            "kind: session\nroute: iv", f"{seen}Colour {year}-{month}.\n"
        )
        for year in (2024, 2025, 2026)
        for month in (3, 6)
    }
    root = make_journal(files)
    site = build_site(root)
    latest = page(site / "threads/session-what-did-you-see.html")
    assert [text(li.select_one(".answer-body")) for li in latest.select("li.answer")] == [
        "Colour 2026-3.",
        "Colour 2026-6.",
    ]
    years = [(text(a), a["href"], a.get("aria-current")) for a in latest.select(".thread-years a")]
    assert years == [
        ("2024", "session-what-did-you-see/2024.html", None),
        ("2025", "session-what-did-you-see/2025.html", None),
        ("2026", "session-what-did-you-see.html", "page"),
    ]
    assert "6 answers over 3 years" in text(latest.select_one(".lede"))
    earlier = page(site / "threads/session-what-did-you-see/2024.html")
    assert [text(li.select_one(".answer-body")) for li in earlier.select("li.answer")] == [
        "Colour 2024-3.",
        "Colour 2024-6.",
    ]
    assert earlier.select_one(".answer-meta a")["href"] == "../../entries/2024/2024-03-05-s.html"
    assert earlier.select_one(".breadcrumb a")["href"] == "../../threads.html"
    soup = page(site / "threads.html")
    assert [(text(li.a), li.a["href"]) for li in soup.select(".thread-index li")] == [
        ("What did you see?", "threads/session-what-did-you-see.html")
    ]
    path = root / "entries/2024/2024-06-05-s.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Colour 2024-6.", "Grey."), encoding="utf-8")
    report = build(load_config(root))
    assert set(report.written) == {
        "entries/2024/2024-06-05-s.html",
        "assets/search/2024-06.js",
        "threads/session-what-did-you-see/2024.html",
    }
