"""Unit tests for the pure parts of the insight pages: insight, charts, search, scores and steps."""

from __future__ import annotations

import datetime as dt
import importlib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import MappingProxyType

import pytest
from helpers import made_elsewhere
from hypothesis import given, settings
from hypothesis import strategies as st

from journalgen import insight
from journalgen.config import Config, load_config, resolve_today
from journalgen.errors import JournalError
from journalgen.insight.measures import measures
from journalgen.insight.steps import step_key
from journalgen.model import Entry, Journal, Step
from journalgen.scales import BUILTIN_SCALES, scale_key
from journalgen.site import charts, search
from journalgen.slugs import fold
from journalgen.source.entry import load_entry
from journalgen.source.html import plain_text
from journalgen.source.markdown import Renderer

D = dt.date


def entry(day: str, kind: str = "reflection", **fields: object) -> Entry:
    source = fields.pop("source", f"{day}-{kind}.md")
    return Entry(source=str(source), title=f"{kind} {day}", date=D.fromisoformat(day), kind=kind, **fields)  # type: ignore[arg-type]


def journal(*entries: Entry) -> Journal:
    return Journal(entries, {"iv": "IV infusion", "nasal": "Nasal spray"})


# Follow-up rhythm ----------------------------------------------------------------------------


def test_follow_up_windows_split_between_expected_days() -> None:
    assert insight.follow_up_windows([1, 3, 7, 28]) == ((1, 0, 2), (3, 3, 5), (7, 6, 17), (28, 18, 38))
    assert insight.follow_up_windows([7]) == ((7, 0, 10),)


def sessions_journal() -> Journal:
    return journal(
        entry("2026-01-04", "intention", session_date=D(2026, 1, 5), emotions=("hope",)),
        entry("2026-01-05", "session", route="iv", emotions=("calm", "hope")),
        entry("2026-01-06", "follow-up", emotions=("calm",)),  # +1
        entry("2026-01-12", "follow-up", emotions=("grief",)),  # +7
        entry("2026-01-19", "session", route="iv"),  # 14 days later
        entry("2026-01-20", "follow-up", session_date=D(2026, 1, 19)),  # +1
        entry("2026-01-25", "reflection"),  # not about a session
    )


def test_session_arcs_number_gaps_and_arc() -> None:
    arcs = insight.session_arcs(sessions_journal(), [1, 3, 7, 28], today=D(2026, 1, 23))
    assert [a.number for a in arcs] == [1, 2]
    assert [a.days_since_previous for a in arcs] == [None, 14]
    first = arcs[0]
    assert [e.kind for e in first.before] == ["intention"]
    assert [e.date.day for e in first.after] == [6, 12]
    assert first.emotions == (("calm", 2), ("hope", 2), ("grief", 1))
    assert [(s.day, s.state) for s in first.slots] == [
        (1, "written"),
        (3, "missed"),
        (7, "written"),
        (28, "upcoming"),
    ]
    second = arcs[1]
    # Today is +4 days after session #2: +3 is due (its window runs to +5), +7 not yet.
    assert [(s.day, s.state) for s in second.slots] == [
        (1, "written"),
        (3, "due"),
        (7, "upcoming"),
        (28, "upcoming"),
    ]
    assert second.written_slots == 1


def test_due_follow_ups_are_due_today_or_overdue_within_their_window() -> None:
    arcs = insight.session_arcs(sessions_journal(), [1, 3, 7, 28], today=D(2026, 1, 23))
    due = insight.due_follow_ups(arcs, D(2026, 1, 23))
    assert [(d.arc.number, d.slot.day, d.days_late) for d in due] == [(2, 3, 1)]
    assert due[0].command == "journalgen new follow-up --session 2026-01-19"
    on_the_day = insight.due_follow_ups(
        insight.session_arcs(sessions_journal(), [1, 3, 7, 28], D(2026, 1, 22)), D(2026, 1, 22)
    )
    assert [(d.slot.day, d.days_late) for d in on_the_day] == [(3, 0)]
    # +6 days: the +3 window has closed (days 3-5) and +7 is due only tomorrow.
    later = insight.session_arcs(sessions_journal(), [1, 3, 7, 28], today=D(2026, 1, 25))
    assert insight.due_follow_ups(later, D(2026, 1, 25)) == ()
    closed = insight.session_arcs(sessions_journal(), [1, 3, 7, 28], today=D(2026, 1, 26))
    assert [(d.arc.number, d.slot.day) for d in insight.due_follow_ups(closed, D(2026, 1, 26))] == [(2, 7)]


def test_the_recent_arcs_and_one_session_s_arc_are_those_of_every_arc() -> None:
    j = sessions_journal()
    for days in ([1, 3, 7, 28], [2, 14], [1]):
        windows = insight.follow_up_windows(days)
        for offset in range(-3, 60):
            today = D(2026, 1, 3) + dt.timedelta(days=offset)
            every = insight.session_arcs(j, days, today)
            assert [insight.session_arc(j, s, windows, today) for s in j.sessions] == list(every)
            recent = insight.recent_arcs(j, days, today)
            assert all(arc in every for arc in recent)
            assert insight.due_follow_ups(recent, today) == insight.due_follow_ups(every, today)
    assert len(insight.recent_arcs(j, [1, 3, 7, 28], D(2026, 3, 31))) == 0  # both windows closed


def test_custom_follow_up_days() -> None:
    arcs = insight.session_arcs(sessions_journal(), [2, 14], today=D(2026, 3, 1))
    # +2 takes days 0-8, so both the +1 and the +7 follow-up count for it; +14 went unwritten.
    assert [(s.day, s.state) for s in arcs[0].slots] == [(2, "written"), (14, "missed")]
    assert [e.date.day for e in arcs[0].slots[0].written] == [6, 12]


# Steps ---------------------------------------------------------------------------------------


def test_steps_merge_mentions_and_latest_mention_decides() -> None:
    j = journal(
        entry("2026-01-01", "session", source="a.md"),
        entry("2026-01-02", "follow-up", source="b.md"),
        entry("2026-01-09", "follow-up", source="c.md"),
    )
    steps = {
        "a.md": (Step("call my sister on Sunday", False), Step("drink water", False)),
        "b.md": (Step("Call my sister on Sunday", False), Step("drink water (all of it)", True)),
        "c.md": (Step("call my sister on Sunday (twice now)", True), Step("new thing", False)),
    }
    open_steps, done_steps = insight.gather_steps(j, steps)
    assert [s.text for s in open_steps] == ["new thing"]
    assert [(s.text, s.done_in.source if s.done_in else None, s.mentions) for s in done_steps] == [
        ("call my sister on Sunday", "c.md", 3),
        ("drink water", "b.md", 2),
    ]


def test_step_reopened_later_is_open() -> None:
    j = journal(entry("2026-01-01", source="a.md"), entry("2026-01-02", source="b.md"))
    steps = {"a.md": (Step("walk", True),), "b.md": (Step("walk", False),)}
    open_steps, done_steps = insight.gather_steps(j, steps)
    assert [s.text for s in open_steps] == ["walk"] and not done_steps


DAYS = st.sampled_from(["2024-03-01", "2024-12-31", "2025-06-15", "2026-01-02"])
TEXTS = st.sampled_from(["walk", "Walk ", "call (again)", "rest", "write"])
TASKS = st.lists(st.tuples(TEXTS, st.booleans()), max_size=4)
Written = list[tuple[str, list[tuple[str, bool]]]]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(DAYS, TASKS), max_size=8))
def test_a_years_steps_are_those_of_every_step_in_that_year(written: Written) -> None:
    # site.steps makes the steps of the years it shows only; the same steps, in the same order.
    from journalgen.site.steps import gathered

    j = journal(*(entry(day, source=f"{n:02d}.md") for n, (day, _) in enumerate(written)))
    steps = {f"{n:02d}.md": tuple(Step(*task) for task in tasks) for n, (_, tasks) in enumerate(written)}
    open_steps, done_steps = insight.gather_steps(j, steps)
    found = gathered(j, {source: _Steps(tasks) for source, tasks in steps.items()})  # type: ignore[arg-type]
    assert set(found.by_year) == {s.year for s in (*open_steps, *done_steps)}
    for year in found.by_year:
        assert found.year(year) == (
            tuple(s for s in open_steps if s.year == year),
            tuple(s for s in done_steps if s.year == year),
        )


class _Steps:
    def __init__(self, steps: tuple[Step, ...]) -> None:
        self.steps = steps


def test_markdown_task_lists_become_labelled_disabled_checkboxes() -> None:
    rendered = Renderer()("- [ ] call *my* sister\n- [x] eat breakfast & sit\n- plain item\n")
    assert rendered.steps == (Step("call my sister", False), Step("eat breakfast & sit", True))
    html = rendered.html
    assert '<ul class="tasks">' in html
    assert (
        '<li class="task"><label><input disabled type="checkbox"> call <em>my</em> sister</label></li>'
        in html
    )
    assert '<input checked disabled type="checkbox"> eat breakfast &amp; sit' in html
    assert "<li>plain item</li>" in html
    assert Renderer()("No list here.").steps == ()


# Emotions ------------------------------------------------------------------------------------


def test_emotions_by_month_counts_entries_per_month() -> None:
    j = journal(
        entry("2026-01-30", emotions=("calm", "grief")),
        entry("2026-01-31", emotions=("calm",)),
        entry("2026-03-02", emotions=("grief",)),
    )
    data = insight.emotions_by_month(j)
    assert data.months == ((2026, 1), (2026, 2), (2026, 3))
    assert data.entries == (2, 0, 1)
    assert data.counts == {"calm": (2, 0, 0), "grief": (1, 0, 1)}
    assert data.totals == (("calm", 2), ("grief", 2))
    assert data.named_in(0) == (("calm", 2), ("grief", 1))


def test_emotions_around_sessions_versus_between() -> None:
    split = insight.emotions_around_sessions(sessions_journal())
    assert split.around_entries == 6 and split.between_entries == 1
    assert dict(split.around)["calm"] == 2
    assert split.between == ()


# Measures ------------------------------------------------------------------------------------


def test_measures_bands_and_most_severe() -> None:
    j = journal(
        entry("2026-01-01", scores=MappingProxyType({"phq9": 16, "gad7": 3})),
        entry("2026-02-01", scores=MappingProxyType({"phq9": 21})),
    )
    series = measures(j, BUILTIN_SCALES)
    assert [s.scale.key for s in series] == ["phq9", "gad7"]
    phq = series[0]
    assert [(p.value, p.band.label if p.band else None) for p in phq.points] == [
        (16, "moderately severe"),
        (21, "severe"),
    ]
    assert phq.latest_is_most_severe
    assert not series[1].latest_is_most_severe


@pytest.mark.parametrize(
    ("value", "band"),
    [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
     (15, "moderately severe"), (19, "moderately severe"), (20, "severe"), (27, "severe")],
)  # fmt: skip
def test_phq9_bands(value: int, band: str) -> None:
    found = BUILTIN_SCALES["phq9"].band_of(value)
    assert found is not None and found.label == band


def test_gad7_bands() -> None:
    gad = BUILTIN_SCALES["gad7"]
    assert [(b.low, b.high) for b in gad.bands] == [(0, 4), (5, 9), (10, 14), (15, 21)]
    assert gad.minimum == 0 and gad.maximum == 21


def test_scale_names_fold_to_one_key() -> None:
    assert {scale_key(n) for n in ("phq9", "phq-9", "PHQ-9", "PHQ_9", "phq 9")} == {"phq9"}
    assert scale_key("GAD-7") == "gad7"


# Calendar and on this day --------------------------------------------------------------------


def test_calendar_days_moods_and_sessions() -> None:
    j = journal(
        entry("2025-12-31", mood=3),
        entry("2026-01-05", "session", mood=4, source="s.md"),
        entry("2026-01-05", "follow-up", mood=6, time=dt.time(21, 0), source="f.md"),
    )
    years = insight.calendar(j)
    assert list(years) == [2026, 2025]
    day = years[2026][D(2026, 1, 5)]
    assert len(day.entries) == 2 and day.moods == (4, 6) and day.mood == 6 and day.sessions == (1,)


def test_on_this_day_same_day_in_earlier_months_and_years() -> None:
    j = journal(
        entry("2025-11-25"),
        entry("2026-09-25"),
        entry("2026-10-25"),
        entry("2026-10-24"),
        entry("2026-11-25"),  # today itself is not recalled
    )
    recalled = insight.on_this_day(j, D(2026, 11, 25))
    assert [(r.date.isoformat(), r.label) for r in recalled] == [
        ("2026-10-25", "A month ago"),
        ("2026-09-25", "2 months ago"),
        ("2025-11-25", "A year ago"),
    ]
    assert insight.on_this_day(j, D(2026, 12, 31)) == ()


# Today ---------------------------------------------------------------------------------------


def test_today_prefers_source_date_epoch_then_journalgen_today(tmp_path: Path) -> None:
    config = Config(root=tmp_path)
    epoch = str(int(dt.datetime(2026, 11, 20, 23, 30, tzinfo=dt.UTC).timestamp()))
    assert resolve_today(config, {"SOURCE_DATE_EPOCH": epoch, "JOURNALGEN_TODAY": "2020-01-01"}) == D(
        2026, 11, 20
    )
    berlin = Config(root=tmp_path, timezone="Europe/Berlin")
    assert resolve_today(berlin, {"SOURCE_DATE_EPOCH": epoch}) == D(2026, 11, 21)
    assert resolve_today(config, {"JOURNALGEN_TODAY": "2026-02-03"}) == D(2026, 2, 3)
    with pytest.raises(JournalError, match="JOURNALGEN_TODAY: 'soon' is not a date"):
        resolve_today(config, {"JOURNALGEN_TODAY": "soon"})
    assert isinstance(resolve_today(config, {}), dt.date)


# Scores in front-matter and scales in journal.toml -------------------------------------------


def test_scores_are_read_with_aliases(tmp_path: Path) -> None:
    text = b"---\ndate: 2026-01-02\nscores:\n  PHQ-9: 12\n  gad_7: '8'\n---\nhi\n"
    e = load_entry("a.md", text, Config(root=tmp_path))
    assert dict(e.scores) == {"phq9": 12, "gad7": 8}
    assert "scores" not in e.extra


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ("{phq9: 30}", "entries/a.md:3: scores: phq9 is 30, but PHQ-9 scores run from 0 to 27"),
        ("{gad7: -1}", "entries/a.md:3: scores: gad7 is -1, but GAD-7 scores run from 0 to 21"),
        ("{phq9: 3.5}", "entries/a.md:3: scores: phq9 must be a whole number, not 3.5"),
        (
            "{bdi: 3}",
            "entries/a.md:3: scores: unknown scale 'bdi'; the scales are phq9 (PHQ-9), gad7 (GAD-7)",
        ),
        ("{phq9: 3, PHQ-9: 4}", "entries/a.md:3: scores: PHQ-9 is given twice"),
        ("[3, 4]", "entries/a.md:3: scores must be a mapping"),
    ],
)
def test_bad_scores_name_the_score_and_line(tmp_path: Path, scores: str, message: str) -> None:
    text = f"---\ndate: 2026-01-02\nscores: {scores}\n---\nhi\n".encode()
    with pytest.raises(JournalError) as caught:
        load_entry("a.md", text, Config(root=tmp_path))
    assert str(caught.value).startswith(message)


def test_score_line_is_the_line_of_the_score(tmp_path: Path) -> None:
    text = b"---\ndate: 2026-01-02\nscores:\n  phq9: 12\n  gad7: 99\n---\nhi\n"
    with pytest.raises(JournalError, match=r"^entries/a.md:5: scores: gad7 is 99"):
        load_entry("a.md", text, Config(root=tmp_path))


def test_scales_and_follow_up_days_from_journal_toml(tmp_path: Path) -> None:
    (tmp_path / "journal.toml").write_text(
        "follow_up_days = [2, 14]\n"
        "[scales.WHO-5]\nlabel = 'WHO-5'\nmin = 0\nmax = 25\nhigher_is_worse = false\n"
        "bands = [[0, 12, 'low'], [13, 25, 'adequate']]\n",
        encoding="utf-8",
    )
    config = load_config(tmp_path)
    assert config.follow_up_days == (2, 14)
    who = config.scales["who5"]
    assert (who.label, who.minimum, who.maximum, who.higher_is_worse) == ("WHO-5", 0, 25, False)
    assert who.most_severe is not None and who.most_severe.label == "low"
    assert "phq9" in config.scales and "gad7" in config.scales


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("follow_up_days = [3, 1]", "journal.toml:1: follow_up_days must be whole days"),
        ("follow_up_days = 7", "journal.toml:1: follow_up_days must be whole days"),
        ("[scales.x]\nmin = 5\nmax = 1", "journal.toml:1: [scales.x]: min and max must be whole numbers"),
        (
            "[scales.x]\nmin = 0\nmax = 9\nbands = [[0, 4, 'a'], [6, 9, 'b']]",
            "journal.toml:1: [scales.x]: the band 'b' should start at 5",
        ),
        (
            "[scales.x]\nmin = 0\nmax = 9\nbands = [[0, 4, 'a']]",
            "journal.toml:1: [scales.x]: the last band ends at 4",
        ),
        (
            "[scales.x]\nmin = 0\nmax = 9\ncolour = 'red'",
            "journal.toml:1: [scales.x]: unknown setting 'colour'",
        ),
    ],
)
def test_bad_scales_config_is_reported(tmp_path: Path, toml: str, message: str) -> None:
    (tmp_path / "journal.toml").write_text(toml + "\n", encoding="utf-8")
    with pytest.raises(JournalError) as caught:
        load_config(tmp_path)
    assert str(caught.value).startswith(message)


# Charts and the search index -----------------------------------------------------------------


def parse_svg(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def phq9_chart() -> str:
    """A line chart with bands and markers (made here and, by made_elsewhere, in another process)."""
    return charts.line_chart(
        "chart-phq9",
        "PHQ-9 over time",
        "Seven scores <falling>",
        [(D(2026, 1, 1), 16), (D(2026, 2, 1), 7)],
        0,
        27,
        D(2026, 1, 1),
        D(2026, 2, 10),
        bands=[(0, 4, "minimal"), (5, 27, "more")],
        markers=[charts.Marker(D(2026, 1, 5), "#1"), charts.Marker(D(2026, 1, 19), "#2")],
    )


def test_line_chart_is_accessible_and_deterministic() -> None:
    svg = phq9_chart()
    assert svg == phq9_chart()
    assert made_elsewhere(phq9_chart) == svg.encode("utf-8")  # whatever the hash seed
    root = parse_svg(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag in ("svg", f"{ns}svg")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-phq9-title"
    assert root.get("aria-describedby") == "chart-phq9-desc"
    assert root.find("title").text == "PHQ-9 over time"  # type: ignore[union-attr]
    assert root.find("desc").text == "Seven scores <falling>"  # type: ignore[union-attr]
    assert 'style="' not in svg  # the pages' CSP forbids inline styles
    texts = [t.text for t in root.iter("text")]
    assert "#1" in texts and "minimal" in texts and "16" in texts and "7" in texts
    assert len(list(root.iter("circle"))) == 2


def test_dot_matrix_and_strip_have_title_and_desc() -> None:
    for svg in (
        charts.dot_matrix("m", "Emotions", "By month", ["Jan", "Feb"], [("calm", [2, 0]), ("grief", [0, 1])]),
        charts.strip("s", "When calm appears", "Jan: 2", ["Jan", "Feb"], [2, 0]),
    ):
        root = parse_svg(svg)
        assert root.find("title") is not None and root.find("desc") is not None
        assert root.get("role") == "img"


def search_journal() -> tuple[Journal, dict[str, str]]:
    j = journal(
        entry("2026-01-01", "session", route="iv", emotions=("calm",), tags=("x",), source="a.md"),
        entry(
            "2026-01-02",
            "follow-up",
            emotions=("grief", "awe", "relief", "tenderness"),
            tags=("family", "music", "sleep", "work"),
            source="b.md",
        ),
    )
    bodies = {
        "a.md": "<p>Hello <em>there</em> &amp; welcome</p><ul><li>one</li><li>two</li></ul>",
        "b.md": "<p>Quieter, then tired.</p>",
    }
    return j, bodies


def records(j: Journal, bodies: dict[str, str]) -> list[dict[str, object]]:
    """The search records of a journal's entries, newest first, from their HTML."""
    return search.records(j, reversed(j.entries), {k: plain_text(v) for k, v in bodies.items()})


def search_script() -> bytes:
    """The search script of search_journal (made here and, by made_elsewhere, in another process)."""
    j, bodies = search_journal()
    return search.part_script("2026-11", records(j, bodies))


def test_search_index_is_deterministic_script() -> None:
    j, bodies = search_journal()
    script = search_script()
    assert script.startswith(b'(window.JOURNAL_SEARCH = window.JOURNAL_SEARCH || {})["2026-11"] = [')
    assert script == search_script()
    assert made_elsewhere(search_script) == script  # whatever the hash seed
    assert search.read_script(script) == records(j, bodies)
    assert search.read_script(script.replace(b"2026-11", b"x")) is None
    assert b'"text":"Hello there & welcome one two"' in script
    assert b'"route":"iv"' in script and b'"emotions":["calm"]' in script
    assert b'"url":"entries/a.html"' in script


def test_the_package_gives_its_modules_names_importing_them_only_when_first_used() -> None:
    """`journalgen.insight` names each module's functions and types, and imports a module only
    when one of its names is used: the views of an entry page do not import them all."""
    assert sorted(insight._MODULES) == insight.__all__
    for name, module in insight._MODULES.items():
        found = importlib.import_module(f"journalgen.insight.{module}")
        assert getattr(insight, name) is getattr(found, name)
    with pytest.raises(AttributeError):
        _ = insight.nothing_of_the_kind
    code = "import sys, journalgen.site.views; print(*sorted(m for m in sys.modules if 'insight' in m))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["journalgen.insight", "journalgen.insight.care", "journalgen.insight.dose"]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab C()[] \t\n\u00a0\u2003\u3000É.é"), max_size=24))
def test_step_key_is_its_definition(text: str) -> None:
    """The quick way (no closing bracket at the end: no note to take off) gives what the
    definition gives: the folded text without a closing note in brackets."""
    note = re.compile(r"\s*\([^()]*\)\s*$")
    assert step_key(text) == (fold(note.sub("", text)) or fold(text))
