"""End to end: build a journal with known sessions, follow-ups, moods, scores and steps through the
real CLI, then read the numbers the sessions, measures, emotions, steps and home pages show."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import BuiltJournal, entry, run_cli
from helpers import other_hash_seed, tree

TODAY = "2026-03-27"

FILES = {
    "2026/2026-03-01-intention.md": entry(
        """
        title: Intention one
        kind: intention
        session: 2026-03-02
        mood: 4
        emotions: [anxious, hope]
        scores: {phq9: 21, gad7: 16}
        """
    ),
    "2026/2026-03-02-session.md": entry(
        """
        title: Session one
        kind: session
        route: iv
        mood: 5
        emotions: [calm]
        """,
        "Quiet.\n\n- [ ] call my sister\n- [ ] walk twice\n",
    ),
    "2026/2026-03-03-after.md": entry(
        """
        title: Day after one
        kind: follow-up
        mood: 6
        emotions: [calm, relief]
        """,
        "Toast and marmalade in the garden.\n\n- [x] walk twice\n- [ ] call my sister\n",
    ),
    "2026/2026-03-09-week.md": entry(
        """
        title: A week after one
        kind: follow-up
        session: 2026-03-02
        emotions: [grief]
        """
    ),
    "2026/2026-03-16-session.md": entry(
        """
        title: Session two
        kind: session
        route: nasal
        mood: 6
        emotions: [grief, calm]
        scores: {phq9: 12}
        """
    ),
    "2026/2026-03-17-after.md": entry(
        """
        title: Day after two
        kind: follow-up
        mood: 7
        """,
        "- [x] call my sister (finally)\n",
    ),
    "2026/2026-03-25-reflection.md": entry(
        """
        title: A hard week
        mood: 3
        emotions: [joy]
        scores: {PHQ-9: 22, gad-7: 9}
        """,
        "- [ ] book the next session\n",
    ),
}


@pytest.fixture(scope="module")
def site(built_journal: BuiltJournal) -> Path:
    return built_journal(FILES, today=TODAY).site


Page = Callable[[str], BeautifulSoup]


@pytest.fixture(scope="module")
def page(site: Path) -> Page:
    def read(rel: str) -> BeautifulSoup:
        return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html5lib")

    return read


def text(node: Tag | None) -> str:
    assert node is not None
    return " ".join(node.get_text(" ").split())


def test_sessions_page_numbers_gaps_and_follow_ups(page: Page) -> None:
    soup = page("sessions.html")
    cards = soup.select("li.session-card")
    assert [c["id"] for c in cards] == ["session-1", "session-2"]
    first, second = cards
    assert "#1 Session one" in text(first.h2)
    assert "The first session" in text(first.select_one(".session-gap"))
    assert text(second.select_one(".session-gap")) == "14 days after session #1"
    assert "2 of 4 follow-ups written" in text(first)
    assert "1 of 4 follow-ups written" in text(second)
    states = [[li["class"][1] for li in card.select("li.slot")] for card in cards]
    assert states == [
        ["slot-written", "slot-missed", "slot-written", "slot-upcoming"],
        ["slot-written", "slot-missed", "slot-due", "slot-upcoming"],
    ]
    due = second.select_one("li.slot-due")
    assert "+7 days" in text(due)
    assert text(due.select_one("code.command")) == "journalgen new follow-up --session 2026-03-16"
    assert "Intention one" in text(first.select_one(".arc-before"))
    assert "calm ×2" in text(first.select_one(".arc-emotions"))
    lede = text(soup.select_one(".lede"))
    assert "2 sessions" in lede and "about 14 days apart" in lede and "1 open now" in lede


def test_session_entry_page_shows_its_arc(page: Page) -> None:
    soup = page("entries/2026/2026-03-02-session.html")
    around = soup.select_one("section.around")
    assert "Around session #1" in text(around.h2)
    assert [a.get_text() for a in around.select(".slot-written a")] == ["Day after one", "A week after one"]
    assert "Intention one" in text(around.select_one(".arc-before"))


def test_index_lists_due_follow_ups_with_a_command_and_on_this_day(page: Page) -> None:
    soup = page("index.html")
    items = soup.select(".due-list li")
    assert len(items) == 1
    assert "+7 days after session #2, Session two" in text(items[0])
    assert "due since Monday, 23 March 2026 (4 days ago)" in text(items[0])
    assert text(items[0].select_one("code")) == "journalgen new follow-up --session 2026-03-16"
    assert soup.select_one(".on-this-day") is None  # nothing on the 27th of an earlier month


def test_measures_page_bands_latest_and_crisis_text(page: Page) -> None:
    soup = page("measures.html")
    phq = soup.select_one("section[aria-labelledby=phq9-heading]")
    rows = [[text(td) for td in tr.select("td")[:3]] for tr in phq.select("tbody tr")]
    assert rows == [
        ["1 Mar 2026", "21", "severe"],
        ["16 Mar 2026", "12", "moderate"],
        ["25 Mar 2026", "22", "severe"],
    ]
    assert "Latest: 22 (severe) on Wednesday, 25 March 2026" in text(phq.select_one(".measure-summary"))
    note = phq.select_one("aside.measure-note")
    assert note is not None and "988" in text(note)
    gad = soup.select_one("section[aria-labelledby=gad7-heading]")
    assert "Latest: 9 (mild)" in text(gad)
    assert gad.select_one("aside.measure-note") is None
    for svg in soup.select("svg.chart"):
        assert svg["role"] == "img"
        assert svg.title is not None and svg.title.get_text()
        assert svg.desc is not None and svg.desc.get_text()
        assert svg["aria-labelledby"] == svg.title["id"]
    phq_chart = phq.select_one("svg")
    labels = [t.get_text() for t in phq_chart.select("text")]
    assert "#1" in labels and "#2" in labels and "severe" in labels
    assert len(phq_chart.select("line.marker")) == 2
    assert len(phq_chart.select("rect.band")) == 5
    mood = soup.select_one("section[aria-labelledby=mood-heading]")
    assert len(mood.select("tbody tr")) == 6


def test_emotions_page_months_and_around_versus_between(page: Page) -> None:
    soup = page("emotions/index.html")
    month = soup.select_one("table.data tbody tr")
    assert text(month.th) == "March 2026"
    cells = month.select("td")
    assert text(cells[0]) == "7"
    assert text(cells[1]).startswith("calm 3, grief 2")
    around, between = soup.select(".two-columns table")
    assert "Around sessions (6 entries)" in text(around.caption)
    assert [text(td) for td in around.select("tbody tr")[0].select("td")] == ["calm", "3", "50%"]
    assert "Between sessions (1 entries)" in text(between.caption)
    assert [text(td) for td in between.select("tbody tr")[0].select("td")] == ["joy", "1", "100%"]
    assert soup.select_one("svg.chart-matrix title") is not None


def test_emotion_page_shows_when_it_appears(page: Page) -> None:
    soup = page("emotions/calm.html")
    strip = soup.select_one("section.when-named svg")
    assert "March 2026: 3" in strip.desc.get_text()
    assert "March 2026: 3 entries" in text(soup.select_one("section.when-named"))


def test_steps_page_open_and_done_newest_first(page: Page) -> None:
    soup = page("steps.html")
    open_items = soup.select(".steps-open .step-text")
    done_items = soup.select(".steps-done .step-text")
    assert [s.get_text() for s in open_items] == ["book the next session"]
    assert [s.get_text() for s in done_items] == ["call my sister", "walk twice"]
    first_done = soup.select(".steps-done .step")[0]
    assert "ticked in Day after two" in text(first_done)
    assert first_done.a["href"] == "entries/2026/2026-03-17-after.html"
    assert "1 open, 2 done" in text(soup.select_one(".lede"))


def test_entry_task_lists_are_disabled_labelled_checkboxes(page: Page) -> None:
    soup = page("entries/2026/2026-03-03-after.html")
    boxes = soup.select(".entry-body li.task > label > input[type=checkbox]")
    assert len(boxes) == 2
    assert all(b.has_attr("disabled") for b in boxes)
    assert [b.has_attr("checked") for b in boxes] == [True, False]
    assert text(boxes[0].parent) == "walk twice"


def test_calendar_days_are_labelled_links(page: Page) -> None:
    soup = page("calendar.html")
    days = soup.select(".calendar-grid a.day")
    assert len(days) == 7
    session = soup.select_one('a[aria-label="Monday, 2 March 2026: 1 entry, mood 5, session #1"]')
    assert session is not None
    assert session["href"] == "entries/2026/2026-03-02-session.html"
    assert "session" in session["class"] and "mood-3" in session["class"]
    assert soup.select_one('a[aria-label="Monday, 9 March 2026: 1 entry"]')["class"] == ["day", "no-mood"]
    assert len(soup.select(".calendar-grid .day.blank")) == 365 - 7


def test_search_page_and_index(page: Page, site: Path) -> None:
    soup = page("search.html")
    landmark = soup.select_one("search")
    assert landmark is not None and landmark.select_one("input[type=search]") is not None
    for name in ("tag", "emotion", "route", "kind"):
        assert landmark.select_one(f"select[name={name}]") is not None
    assert [i["type"] for i in landmark.select("input[name=from], input[name=to]")] == ["date", "date"]
    assert [s["src"] for s in soup.select("script")] == ["assets/search/2026-03.js", "assets/search.js"]
    assert soup.select_one("[role=status][aria-live=polite]") is not None
    noscript = soup.noscript
    assert noscript is not None and "timeline.html" in str(noscript) and "tags/index.html" in str(noscript)
    index = (site / "assets" / "search" / "2026-03.js").read_text(encoding="ascii")
    assert "marmalade" in index
    assert (site / "assets" / "search.js").is_file()


def test_out_of_range_score_fails_the_build_with_path_and_line(make_journal: Callable[..., Path]) -> None:
    root = make_journal(
        {
            "2026/a.md": entry("date: 2026-01-02\nscores:\n  phq9: 12\n  gad7: 25"),
            "2026/b.md": entry("date: 2026-01-03\nscores: {bdi: 3}"),
        }
    )
    result = run_cli("build", "--root", root)
    assert result.returncode == 1
    assert "entries/2026/a.md:5: scores: gad7 is 25, but GAD-7 scores run from 0 to 21" in result.stderr
    assert "entries/2026/b.md:3: scores: unknown scale 'bdi'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists()


def test_custom_scale_and_follow_up_days_from_journal_toml(make_journal: Callable[..., Path]) -> None:
    root = make_journal(
        {
            "a.md": entry("date: 2026-01-01\nkind: session\nscores: {who-5: 6}"),
            "b.md": entry("date: 2026-01-03\nkind: follow-up"),
        },
        config="""
        follow_up_days = [2, 10]
        [scales.who5]
        label = "WHO-5"
        about = "wellbeing"
        min = 0
        max = 25
        higher_is_worse = false
        bands = [[0, 12, "low"], [13, 25, "adequate"]]
        """,
    )
    result = run_cli("build", "--root", root, env={"JOURNALGEN_TODAY": "2026-01-05"})
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((root / "site" / "measures.html").read_text(encoding="utf-8"), "html5lib")
    who = soup.select_one("section[aria-labelledby=who5-heading]")
    assert "WHO-5 (wellbeing)" in text(who.h2)
    assert "Latest: 6 (low)" in text(who)
    assert who.select_one("aside.measure-note") is not None  # lowest band is the most severe here
    sessions = BeautifulSoup((root / "site" / "sessions.html").read_text(encoding="utf-8"), "html5lib")
    assert [text(s) for s in sessions.select(".slot-day")] == ["+2 days", "+10 days"]


def test_builds_are_byte_identical_and_today_comes_from_the_environment(
    make_journal: Callable[..., Path],
) -> None:
    files = {k: v for k, v in FILES.items()}
    root = make_journal(files)
    outputs = []
    # The first build inherits this process's hash seed, the second hashes with another.
    for name, seed in (("one", {}), ("two", {"PYTHONHASHSEED": other_hash_seed()})):
        out = root / name
        result = run_cli("build", "--root", root, "--output", out, env={"JOURNALGEN_TODAY": TODAY, **seed})
        assert result.returncode == 0, result.stderr
        outputs.append(tree(out))
    assert outputs[0] == outputs[1]
    # SOURCE_DATE_EPOCH wins over JOURNALGEN_TODAY: 2026-03-30 12:00 UTC, when +28 of #1 is due.
    out = root / "three"
    env = {"SOURCE_DATE_EPOCH": "1774872000", "JOURNALGEN_TODAY": TODAY}
    assert run_cli("build", "--root", root, "--output", out, env=env).returncode == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "As of Monday, 30 March 2026" in index and "+28 days after session #1" in index


def test_sample_pages_keep_to_the_content_security_policy(built_journal: BuiltJournal) -> None:
    site = built_journal(today="2026-11-26").site
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"\sstyle=", html), path
        assert not re.search(r"\son[a-z]+=", html), path
        for script in re.findall(r"<script[^>]*>", html):
            assert "src=" in script, path
        assert "http://" not in html and "https://" not in re.sub(r'href="https://[^"]*"', "", html), path
    # Every feature shows in the sample.
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "journalgen new follow-up --session 2026-11-19" in index
    assert "On this day" in index
    measures = (site / "measures.html").read_text(encoding="utf-8")
    assert all(k in measures for k in ("PHQ-9", "GAD-7", "WHO-5"))
    steps = BeautifulSoup((site / "steps.html").read_text(encoding="utf-8"), "html5lib")
    assert steps.select(".steps-open .step") and steps.select(".steps-done .step")
    sessions = (site / "sessions.html").read_text(encoding="utf-8")
    assert "slot-written" in sessions and "slot-missed" in sessions and "slot-due" in sessions
