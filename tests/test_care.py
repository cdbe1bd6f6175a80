"""Care where it is needed, end to end: an entry's scores with their bands on its page and in the
export, the crisis text beside the facts of an entry that marks a very hard time, PHQ-9 item 9 on
the measures page, help on the unlock pages, check's score reminder, the prompt templates' score
lines and an empty journal's first screens. Pages are read with a real HTML parser."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import BuiltJournal, MakeJournal, entry, own_copy, run_cli
from helpers import page, text

CRISIS = "If it is hard right now, call the clinic on 555 0100, or 112."
CONFIG = f"""\
crisis_text = "{CRISIS}"

[scales.who5]
label = "WHO-5"
min = 0
max = 25
higher_is_worse = false
bands = [[0, 7, "very low"], [8, 12, "low"], [13, 25, "adequate"]]
"""

FILES = {
    "/journal.toml": CONFIG,
    "2026/2026-03-01-severe.md": entry(
        "title: Severe\nmood: 4\nscores: {gad7: 9, phq9_item9: 0, who5: 14, PHQ-9: 22}", "Grey.\n"
    ),
    "2026/2026-03-02-mood.md": entry("title: Mood two\nmood: 2"),
    "2026/2026-03-03-item.md": entry("title: Item nine\nscores: {phq9_item9: 1}"),
    "2026/2026-03-04-wellbeing.md": entry("title: Low wellbeing\nscores: {who5: 3}"),
    "2026/2026-03-05-heavy.md": entry(
        "title: Heavy, not the most\nmood: 3\nscores: {phq9: 19, gad7: 14, phq9_item9: 0, who5: 8}"
    ),
    "2026/2026-03-06-blank.md": entry("title: Blanks\nscores: {phq9: , gad7: 6}"),
    "2026/2026-03-07-none.md": entry("title: No numbers"),
}
PAGES = {
    "Severe": "entries/2026/2026-03-01-severe.html",
    "Mood two": "entries/2026/2026-03-02-mood.html",
    "Item nine": "entries/2026/2026-03-03-item.html",
    "Low wellbeing": "entries/2026/2026-03-04-wellbeing.html",
    "Heavy, not the most": "entries/2026/2026-03-05-heavy.html",
    "Blanks": "entries/2026/2026-03-06-blank.html",
    "No numbers": "entries/2026/2026-03-07-none.html",
}


@pytest.fixture(scope="module")
def site(built_journal: BuiltJournal) -> Path:
    return built_journal(FILES, today="2026-03-27").site


def facts(soup: BeautifulSoup | Tag) -> list[tuple[str, str]]:
    found = soup.select_one(".facts")
    return [] if found is None else [(text(d.dt), text(d.dd)) for d in found.select(":scope > div")]


def test_an_entry_shows_every_score_with_its_band_in_the_scales_order(site: Path) -> None:
    assert facts(page(site / PAGES["Severe"])) == [
        ("Mood", "4 of 10"),
        ("PHQ-9", "22 of 27 · severe"),
        ("GAD-7", "9 of 21 · mild"),
        ("WHO-5", "14 of 25 · adequate"),
        ("PHQ-9 item 9", "0 of 3 · not at all"),
    ]
    assert facts(page(site / PAGES["Blanks"])) == [("GAD-7", "6 of 21 · mild")]  # a blank is left out
    assert facts(page(site / PAGES["No numbers"])) == []


@pytest.mark.parametrize(
    ("title", "needs_care"),
    [
        ("Severe", True),  # PHQ-9 in its most severe band
        ("Mood two", True),
        ("Item nine", True),  # PHQ-9 item 9 above 0
        ("Low wellbeing", True),  # WHO-5's most severe band is its lowest
        ("Heavy, not the most", False),
        ("Blanks", False),
        ("No numbers", False),
    ],
)
def test_the_crisis_text_stands_beside_the_facts_of_an_entry_that_needs_it(
    site: Path, title: str, needs_care: bool
) -> None:
    soup = page(site / PAGES[title])
    care = soup.select_one("aside.care")
    assert CRISIS in text(soup.select_one("footer .crisis"))  # in every footer, as before
    if not needs_care:
        assert care is None
        return
    assert care is not None and care.find_parent(class_="entry-header") is not None
    assert care.find_previous_sibling() is soup.select_one(".facts")  # right under the facts
    assert CRISIS in text(care)
    assert "!" not in text(care)
    assert soup.select_one(".entry-body") in care.find_all_next()  # before the words


def test_the_export_shows_the_same_scores_and_crisis_text(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.html"
    done = run_cli("export", "--root", own_copy(site.parent, tmp_path / "journal"), "-o", target)
    assert done.returncode == 0, done.stderr
    soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html5lib")
    articles = {text(a.h2): a for a in soup.select("main > article")}
    for title, path in PAGES.items():
        assert facts(articles[title]) == facts(page(site / path)), title
        care = articles[title].select_one("aside.care")
        assert (care is not None) == (page(site / path).select_one("aside.care") is not None), title
        assert care is None or CRISIS in text(care)


def table_rows(section: Tag) -> list[list[str]]:
    return [[text(td) for td in tr.select("td")] for tr in section.select("tbody tr")]


def test_the_measures_page_shows_item_9_answers_on_their_own_rows(site: Path) -> None:
    soup = page(site / "measures.html")
    item = soup.select_one("section[aria-labelledby=phq9item9-heading]")
    assert text(item.h2) == "PHQ-9 item 9"
    assert table_rows(item) == [
        ["1 Mar 2026", "0", "not at all", "Severe"],
        ["3 Mar 2026", "1", "several days", "Item nine"],
        ["5 Mar 2026", "0", "not at all", "Heavy, not the most"],
    ]
    assert item.select_one("svg") is None  # answers, never a chart
    assert item.select_one(".measure-note") is None  # the latest answer is 0
    phq = soup.select_one("section[aria-labelledby=phq9-heading]")
    assert [row[1] for row in table_rows(phq)] == ["22", "19"]  # the totals alone
    assert "phq9_item9" in text(soup.select_one("section[aria-labelledby=scales-heading]"))


def test_a_latest_item_9_answer_above_0_brings_the_crisis_text(built_journal: BuiltJournal) -> None:
    files = {"2026/a.md": entry("date: 2026-03-01\nscores: {phq9_item9: 0}"), "2026/b.md": entry(
        "date: 2026-03-08\nscores: {phq9_item9: 2}")}  # fmt: skip
    soup = page(built_journal(files).site / "measures.html")
    note = soup.select_one("section[aria-labelledby=phq9item9-heading] aside.measure-note")
    assert note is not None and "988" in text(note)


def test_the_unlock_pages_of_a_locked_site_and_a_locked_export_carry_the_crisis_text(
    built_journal: BuiltJournal, tmp_path: Path
) -> None:
    password = "a quiet harbour at seven"
    locked = built_journal(FILES, password=password).site
    unlock = page(locked / "index.html")
    assert text(unlock.select_one("#jg-lock .jg-crisis")) == CRISIS
    target = tmp_path / "locked.html"
    done = run_cli(
        "export",
        "--root",
        own_copy(locked.parent, tmp_path / "journal"),
        "--encrypt",
        "-o",
        target,
        env={"JOURNALGEN_PASSWORD": password},
    )
    assert done.returncode == 0, done.stderr
    soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html5lib")
    assert text(soup.select_one("#jg-lock .jg-crisis")) == CRISIS
    assert "Severe" not in target.read_text(encoding="utf-8")


# --- check's reminder ------------------------------------------------------------------------

REMINDER = {
    "2026/2026-01-05-scores.md": entry("date: 2026-01-05\nmood: 5\nscores: {phq9: 12, gad7: 9}"),
    "2026/2026-01-06-s1.md": entry("date: 2026-01-06\nkind: session\nroute: iv"),
    "2026/2026-02-10-s2.md": entry("date: 2026-02-10\nkind: session\nroute: iv"),
    "2026/2026-03-10-s3.md": entry("date: 2026-03-10\nkind: session\nroute: iv"),
}


def check_lines(root: Path, today: str) -> list[str]:
    done = run_cli("check", "--root", root, env={"JOURNALGEN_TODAY": today})
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if " score is from " in line]


def test_check_reminds_gently_of_a_scale_not_scored_for_six_weeks_while_sessions_go_on(
    make_journal: MakeJournal,
) -> None:
    root = make_journal(REMINDER)
    assert check_lines(root, "2026-03-20") == [
        "entries/2026/2026-01-05-scores.md:4: warning: the latest GAD-7 score is from Monday, 5 January "
        "2026, 10 weeks ago, and 3 sessions came since; if your clinic asks again, a line like "
        "`scores: {gad7: N}` in your next entry keeps the measures page current "
        "(score_reminder = false in journal.toml turns this hint off)",
        "entries/2026/2026-01-05-scores.md:4: warning: the latest PHQ-9 score is from Monday, 5 January "
        "2026, 10 weeks ago, and 3 sessions came since; if your clinic asks again, a line like "
        "`scores: {phq9: N}` in your next entry keeps the measures page current "
        "(score_reminder = false in journal.toml turns this hint off)",
    ]
    assert check_lines(root, "2026-02-15") == []  # six weeks have not passed
    assert check_lines(root, "2026-05-01") == []  # no session for more than six weeks: no nagging
    off = make_journal(REMINDER, config="score_reminder = false\n", name="off")
    assert check_lines(off, "2026-03-20") == []


# --- the prompt templates --------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["session", "follow-up", "intention"])
def test_the_templates_carry_score_and_mood_lines_to_fill_in(make_journal: MakeJournal, kind: str) -> None:
    root = make_journal({"2026/2026-03-01-s.md": entry("date: 2026-03-01\nkind: session\nroute: iv")})
    done = run_cli("new", kind, "--root", root, env={"JOURNALGEN_TODAY": "2026-03-02"})
    assert done.returncode == 0, done.stderr
    path = root / done.stdout.strip()
    written = path.read_text(encoding="utf-8")
    front = written.split("\n---\n", 1)[0]
    assert re.search(r"^# mood: .*1-10", front, re.M)
    assert re.search(r"^# scores: \{phq9: , gad7: \} .*PHQ-9 0-27, GAD-7 0-21", front, re.M)
    assert re.search(r"^# Clinics often ask for PHQ-9 and GAD-7 every 2-4 weeks", front, re.M)
    filled = written.replace("# mood:    ", "mood: 6   ").replace("# scores: {phq9: ,", "scores: {phq9: 11,")
    path.write_text(filled, encoding="utf-8")
    checked = run_cli("check", "--root", root, env={"JOURNALGEN_TODAY": "2026-03-02"})
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = run_cli("build", "--root", root, env={"JOURNALGEN_TODAY": "2026-03-02"})
    assert built.returncode == 0, built.stderr
    site_page = root / "site/entries/2026" / path.with_suffix(".html").name
    assert ("PHQ-9", "11 of 27 · moderate") in facts(page(site_page))
    assert ("Mood", "6 of 10") in facts(page(site_page))


# --- an empty journal's first screens ----------------------------------------------------------


@pytest.fixture(scope="module")
def empty(built_journal: BuiltJournal) -> Callable[[str], BeautifulSoup]:
    site = built_journal({}, today="2026-03-27").site
    return lambda rel: page(site / rel)


def test_an_empty_home_page_says_how_to_start(empty: Callable[[str], BeautifulSoup]) -> None:
    start = empty("index.html").select_one("section.first-steps")
    commands = [text(c) for c in start.select("code.command")]
    assert commands == [
        "journalgen new intention",
        "journalgen new session",
        "journalgen build",
        "journalgen serve",
    ]
    words = text(start)
    assert "entries/2026/2026-03-27-intention.md" in words  # where the file lands
    assert "open site/index.html" in words  # how to see it
    assert "Write a Markdown file" not in text(empty("index.html"))


def test_empty_sessions_and_measures_pages_say_what_fills_them(
    empty: Callable[[str], BeautifulSoup],
) -> None:
    sessions = text(empty("sessions.html").select_one("main"))
    assert "journalgen new session" in sessions and "kind: session" in sessions
    measures = text(empty("measures.html").select_one("main"))
    assert "mood: 6" in measures and "scores: {phq9: 12, gad7: 8}" in measures
