"""Is it working: each session's lift, response and remission, and doses read from free text."""

from __future__ import annotations

import datetime as dt
import re
from types import MappingProxyType

import pytest
from conftest import BuiltJournal, MakeJournal
from conftest import entry as doc
from helpers import build_problems, build_site, page, text

from journalgen import insight
from journalgen.insight.dose import Dose, read_dose
from journalgen.insight.lift import mood_lifts, scale_lifts
from journalgen.insight.outcomes import outcomes
from journalgen.model import Entry, Journal
from journalgen.scales import BUILTIN_SCALES, Scale
from journalgen.site import charts

D = dt.date


def entry(day: str, kind: str = "reflection", **fields: object) -> Entry:
    source = fields.pop("source", f"{day}-{kind}.md")
    if "scores" in fields:
        fields["scores"] = MappingProxyType(dict(fields["scores"]))  # type: ignore[call-overload]
    return Entry(source=str(source), title=f"{kind} {day}", date=D.fromisoformat(day), kind=kind, **fields)  # type: ignore[arg-type]


def arcs_of(*entries: Entry) -> tuple[insight.SessionArc, ...]:
    journal = Journal(entries, {"iv": "IV infusion"})
    return insight.session_arcs(journal, [1, 3, 7, 28], today=D(2026, 3, 1))


LIFTED = (
    entry("2026-01-04", "intention", mood=3),
    entry("2026-01-05", "session", mood=5),
    entry("2026-01-06", "follow-up", mood=7),  # +1
    entry("2026-01-08", "follow-up", mood=6),  # +3
    entry("2026-01-12", "follow-up", mood=3),  # +7: back to the baseline
    entry("2026-01-18", "intention", mood=4),
    entry("2026-01-19", "session", mood=6),
    entry("2026-01-20", "follow-up", mood=8),  # +1
    entry("2026-01-26", "follow-up", mood=5),  # +7, still above 4
)


def test_the_lift_runs_from_the_intention_to_the_next_session() -> None:
    first, second = mood_lifts(arcs_of(*LIFTED))
    assert first.baseline is not None and first.baseline.value == 3 and first.baseline.day == -1
    assert [(p.day, p.value) for p in first.points] == [(0, 5), (1, 7), (3, 6), (7, 3)]
    assert first.best is not None and (first.best.day, first.best.value) == (1, 7)
    assert first.latest is not None and first.latest.value == 3
    back = first.back_to_baseline
    assert back is not None and back.day == 7 and not first.still_above
    assert second.baseline is not None and second.baseline.value == 4
    assert [(p.day, p.value) for p in second.points] == [(0, 6), (1, 8), (7, 5)]
    assert second.back_to_baseline is None and second.still_above


def test_the_lift_stops_at_the_next_session() -> None:
    journal_entries = (
        entry("2026-01-04", "intention", mood=3),
        entry("2026-01-05", "session", mood=5),
        entry("2026-01-20", "follow-up", session_date=D(2026, 1, 5), mood=2),  # after session 2
        entry("2026-01-19", "session", mood=6),
    )
    first, _ = mood_lifts(arcs_of(*journal_entries))
    assert [p.value for p in first.points] == [5]


def test_a_session_with_no_intention_has_no_baseline() -> None:
    (lift,) = mood_lifts(
        arcs_of(entry("2026-01-05", "session", mood=5), entry("2026-01-06", "follow-up", mood=7))
    )
    assert lift.baseline is None
    assert lift.back_to_baseline is None and not lift.still_above  # nothing to compare with
    assert lift.best is not None and lift.best.value == 7


def test_a_session_whose_follow_ups_are_missing() -> None:
    (lift,) = mood_lifts(arcs_of(entry("2026-01-04", "intention", mood=3), entry("2026-01-05", "session")))
    assert lift.points == () and lift.best is None and lift.latest is None
    assert lift.back_to_baseline is None and not lift.still_above


def test_a_scale_where_lower_is_better() -> None:
    (lift,) = scale_lifts(
        arcs_of(
            entry("2026-01-04", "intention", scores={"phq9": 16}),
            entry("2026-01-06", "follow-up", scores={"phq9": 9}),
            entry("2026-01-12", "follow-up", scores={"phq9": 17}),
            entry("2026-01-05", "session"),
        ),
        BUILTIN_SCALES["phq9"],
    )
    assert lift.best is not None and lift.best.value == 9
    back = lift.back_to_baseline
    assert back is not None and (back.day, back.value) == (7, 17)


def scored(*values: int, key: str = "phq9") -> Journal:
    start = D(2026, 1, 1)
    return Journal(
        [
            entry((start + dt.timedelta(days=7 * i)).isoformat(), scores={key: v})
            for i, v in enumerate(values)
        ],
        {},
    )


def test_response_is_a_fall_of_half_and_remission_a_score_under_5() -> None:
    (phq9,) = outcomes(scored(18, 14, 9, 6, 4, 7), BUILTIN_SCALES)
    assert phq9.first.value == 18
    assert phq9.response is not None and phq9.response.value == 9  # 18 → 9 is exactly half
    assert phq9.remission is not None and phq9.remission.value == 4
    assert phq9.latest.value == 7


def test_neither_yet() -> None:
    (gad7,) = outcomes(scored(15, 12, 10, key="gad7"), BUILTIN_SCALES)
    assert gad7.response is None and gad7.remission is None and gad7.counts_response


def test_a_first_score_already_under_5_is_no_remission() -> None:
    (phq9,) = outcomes(scored(4, 2, 3), BUILTIN_SCALES)
    assert phq9.remission is None and phq9.response is not None  # 4 → 2 is half


def test_a_custom_scale_says_its_remission_and_direction() -> None:
    ours = Scale("mine", "Mine", 0, 40, remission_below=10)
    better_high = Scale("who5", "WHO-5", 0, 25, higher_is_worse=False, remission_below=13)
    scales = {"mine": ours, "who5": better_high}
    journal = Journal(
        [
            entry("2026-01-01", scores={"mine": 30, "who5": 5}),
            entry("2026-01-08", scores={"mine": 15, "who5": 20}),
            entry("2026-01-15", scores={"mine": 9, "who5": 22}),
        ],
        {},
    )
    mine, who5 = outcomes(journal, scales)
    assert mine.response is not None and mine.response.value == 15
    assert mine.remission is not None and mine.remission.value == 9
    assert who5.response is None and who5.remission is None and not who5.counts_response


@pytest.mark.parametrize(
    ("written", "dose"),
    [
        ("0.5 mg/kg", Dose("mg/kg", 0.5)),
        ("0.5 mg/kg over 40 min", Dose("mg/kg", 0.5)),
        ("0.5mg/kg", Dose("mg/kg", 0.5)),
        (".75 mg/kg", Dose("mg/kg", 0.75)),
        ("0,75 mg/kg IV", Dose("mg/kg", 0.75)),
        ("1 mg / kg IM", Dose("mg/kg", 1.0)),
        ("0.8 mg per kg", Dose("mg/kg", 0.8)),
        ("1.5 MG/KG", Dose("mg/kg", 1.5)),
        ("56 mg", Dose("mg", 56.0)),
        ("84mg", Dose("mg", 84.0)),
        ("56 mg Spravato", Dose("mg", 56.0)),
        ("3 devices (84 mg)", Dose("mg", 84.0)),
        ("28 mg x 2", Dose("mg", 28.0)),
        ("300 mg lozenge", Dose("mg", 300.0)),
        ("ketamine 100mg sublingual", Dose("mg", 100.0)),
        ("40 milligrams", Dose("mg", 40.0)),
        ("500 mcg", Dose("µg", 500.0)),
        ("10 mL", Dose("ml", 10.0)),
    ],
)
def test_doses_people_write(written: str, dose: Dose) -> None:
    assert read_dose(written) == dose


@pytest.mark.parametrize("written", ["two sprays", "the usual", "mg", "", None, "1x2"])
def test_a_dose_without_an_amount_is_kept_as_written(written: str | None) -> None:
    assert read_dose(written) is None


def test_a_dose_is_said_plainly() -> None:
    assert str(Dose("mg/kg", 0.5)) == "0.5 mg/kg" and str(Dose("mg", 56.0)) == "56 mg"


def test_the_measures_page_shows_each_sessions_lift_and_the_outcomes(make_journal: MakeJournal) -> None:
    root = make_journal(
        {
            "2026-01-04-intention.md": doc("date: 2026-01-04\nkind: intention\nmood: 3\nscores: {phq9: 18}"),
            "2026-01-05-session.md": doc(
                "date: 2026-01-05\nkind: session\nroute: iv\ndose: 0,5 mg/kg\nmood: 5"
            ),
            "2026-01-06-after.md": doc("date: 2026-01-06\nkind: follow-up\nmood: 7\nscores: {phq9: 9}"),
            "2026-01-12-week.md": doc("date: 2026-01-12\nkind: follow-up\nmood: 3\nscores: {phq9: 4}"),
        }
    )
    soup = page(build_site(root) / "measures.html")
    outcome = [text(p) for p in soup.select(".measure-outcome")]
    assert outcome == [
        "Response (a fall of half or more from the first score, 18 on Sunday, 4 January 2026): "
        "Tuesday, 6 January 2026, at 9.",
        "Remission (a score under 5): Monday, 12 January 2026, at 4.",
    ]
    mood = soup.select_one("#lift-mood-heading").find_parent("section")
    row = [text(cell) for cell in mood.select("tbody tr")[0].find_all(["th", "td"])]
    assert row == [
        "#1 IV infusion 0.5 mg/kg",
        "3 the day before",
        "7 +1 day",
        "3 +7 days",
        "after 7 days",
    ]
    svg = mood.select_one("svg")
    assert (
        svg["role"] == "img"
        and svg.find("title")
        and "session #1: 3 on the day before, 5 on the session, 7 on +1 day" in text(svg.find("desc"))
    )


def test_an_intention_written_days_before_is_still_the_baseline(make_journal: MakeJournal) -> None:
    root = make_journal(
        {
            "2026-01-02-intention.md": doc("date: 2026-01-02\nkind: intention\nmood: 4\nsession: 2026-01-05"),
            "2026-01-05-session.md": doc("date: 2026-01-05\nkind: session\nroute: iv\nmood: 6"),
            "2026-01-06-after.md": doc("date: 2026-01-06\nkind: follow-up\nmood: 8"),
            "2026-01-20-bare.md": doc("date: 2026-01-20\nkind: session\nroute: iv"),
        }
    )
    site = build_site(root)
    assert page(site / "entries/2026-01-20-bare.html").select_one(".arc-lift") is None  # nothing to show
    soup = page(site / "entries/2026-01-05-session.html")
    lift = soup.select_one(".arc-lift")
    assert [text(c) for c in lift.select("tbody tr")[0].find_all(["th", "td"])] == [
        "Mood",
        "4 3 days before",
        "8 +1 day",
        "8 +1 day",
        "still above",
    ]
    svg = lift.select_one("svg")
    assert "4 on 3 days before, 6 on the session, 8 on +1 day" in text(svg.find("desc"))
    ticks = [text(t) for t in svg.select("text.tick")]
    assert "\u22123" in ticks and "session" in ticks  # the days before are on the chart, not left of it
    xs = [float(c["cx"]) for c in svg.select("circle")]
    assert min(xs) >= 30  # nothing drawn over the value axis


def test_each_session_page_shows_its_own_lift(built_journal: BuiltJournal) -> None:
    soup = page(built_journal().site / "entries/2026/2026-09-09-third-infusion.html")
    lift = soup.select_one(".around .arc-lift")
    assert text(lift.find("h3")) == "How long it helped"
    table = {text(tr.th): [text(td) for td in tr.find_all("td")] for tr in lift.select("table tbody tr")}
    assert table["Mood"] == ["5 the day before", "7 the session", "7 +7 days", "still above"]
    assert table["PHQ-9"] == ["—", "11 +7 days", "11 +7 days", "no intention to compare with"]
    (chart,) = lift.select("svg")  # one chart: mood is the only measure with two values or more
    assert chart["role"] == "img" and text(chart.title) == "Mood by days after session #3"
    assert [text(t) for t in chart.select("text.value-label")] == ["#3"]


def test_lift_labels_that_would_meet_are_moved_apart() -> None:
    svg = charts.lift_chart("x", "t", "d", [("#1", [(0, 5), (3, 6)]), ("#2", [(0, 4), (3, 6)])], 1, 10)
    labels = {m.group(2): float(m.group(1)) for m in re.finditer(r'y="([\d.]+)"[^>]*>(#\d)<', svg)}
    assert abs(labels["#1"] - labels["#2"]) >= 12


def test_every_chart_of_how_it_is_going_has_a_title_a_desc_and_a_table(built_journal: BuiltJournal) -> None:
    site = built_journal().site
    sessions = sorted(
        p.name for p in (site / "entries/2026").glob("*.html") if page(p).select("article.kind-session")
    )
    paths = ["measures.html", "body.html", *(f"entries/2026/{name}" for name in sessions)]
    charts_seen = 0
    for rel in paths:
        soup = page(site / rel)
        for svg in soup.select("svg.chart"):
            charts_seen += 1
            title, desc = svg.find("title"), svg.find("desc")
            assert svg["role"] == "img" and svg["aria-labelledby"] == title["id"], rel
            assert text(title) and len(text(desc)) > 40 and svg["aria-describedby"] == desc["id"], rel
            holder = svg.find_parent("section")
            if svg["id"] == "chart-dissociation":  # its numbers are the table of sessions above it
                holder = soup.select_one("#sessions-heading").find_parent("section")
            elif svg["id"].startswith("lift-") and rel.startswith("entries/"):
                holder = svg.find_parent(class_="arc-lift")
            assert holder.find("table") is not None, (rel, svg["id"])
    assert charts_seen >= 7 + 8 + 1  # a lift on each session's page, the measures page's, dissociation


def test_a_scale_of_journal_toml_says_its_remission(make_journal: MakeJournal) -> None:
    config = (
        "[scales.k10]\nlabel = 'K-10'\nmin = 10\nmax = 50\nremission_below = 16\n"
        "[scales.who5]\nlabel = 'WHO-5'\nmin = 0\nmax = 25\nhigher_is_worse = false\n"
    )
    root = make_journal(
        {
            "2026-01-04-a.md": doc("date: 2026-01-04\nscores: {k10: 30, who5: 5}"),
            "2026-01-18-b.md": doc("date: 2026-01-18\nscores: {k10: 15, who5: 20}"),
        },
        config=config,
    )
    soup = page(build_site(root) / "measures.html")
    said = {
        text(s.h2): [text(p) for p in s.select(".measure-outcome")] for s in soup.select("section.measure")
    }
    assert said["K-10"] == [
        "Response (a fall of half or more from the first score, 30 on Sunday, 4 January 2026): "
        "Sunday, 18 January 2026, at 15.",
        "Remission (a score under 16): Sunday, 18 January 2026, at 15.",
    ]
    assert said["WHO-5"] == []  # where a higher score is better, neither is counted
    (root / "journal.toml").write_text(config.replace("remission_below = 16", "remission_below = 60"))
    (problem,) = build_problems(root)
    assert problem == (
        "journal.toml:1: [scales.k10]: remission_below must be a whole number above min "
        "and at most max, like 5"
    )
