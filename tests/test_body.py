"""The body's side of the sessions: `body:`, `dissociation:`, `blood_pressure:` and `heart_rate:` read
from front matter, the Body page, the entry's facts, check's warnings and the session template."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup
from conftest import BuiltJournal, MakeJournal, entry, run_cli
from helpers import build_problems, build_site, page, text

from journalgen.insight.body import body_report
from journalgen.insight.dose import Dose
from journalgen.model import Entry, Journal

SEED = (
    "tingling",
    "numbness",
    "nausea",
    "blurred vision",
    "impaired coordination",
    "drowsiness",
    "dizziness",
    "headache",
    "raised heart rate",
    "raised blood pressure",
)
"""The effects the issue asks the session template to suggest."""


def rows(table: object) -> list[list[str]]:
    return [[text(cell) for cell in tr.find_all(["th", "td"])] for tr in table.select("tbody tr")]  # type: ignore[attr-defined]


def made(day: str, kind: str, **fields: object) -> Entry:
    return Entry(
        source=f"{day}-{kind}.md", title=f"{kind} {day}", date=dt.date.fromisoformat(day), kind=kind, **fields
    )  # type: ignore[arg-type]


def test_a_sessions_effects_gather_its_follow_ups_and_count_by_route() -> None:
    journal = Journal(
        [
            made("2026-01-05", "session", route="iv", dose="0.5 mg/kg", effects=("nausea",), dissociation=6),
            made("2026-01-06", "follow-up", effects=("headache", "nausea"), dissociation=2, heart_rate=80),
            made("2026-01-12", "session", route="iv", effects=("tingling",)),
            made("2026-01-19", "session", route="nasal", dose="56 mg", effects=("nausea", "dizziness")),
            made("2026-01-26", "session", route="nasal"),  # says nothing of the body: left out
            made("2026-01-27", "reflection", blood_pressure=(135, 85)),
        ],
        {"iv": "IV infusion", "nasal": "Nasal spray"},
    )
    report = body_report(journal)
    first, second, third = report.sessions
    assert (first.number, first.effects, first.dissociation) == (1, ("nausea", "headache"), 6)
    assert first.dose == Dose("mg/kg", 0.5) and third.dose == Dose("mg", 56.0) and second.dose is None
    assert report.dissociation == (first,)  # a follow-up's dissociation is a later day's own
    assert report.effects == ("nausea", "dizziness", "headache", "tingling")  # most sessions first
    assert report.routes == ("iv", "nasal")
    assert report.by_route[("nausea", "iv")].words == "1 of 2"
    assert report.by_route[("nausea", "nasal")].words == "1 of 1"
    assert report.by_route[("tingling", "nasal")].words == "0 of 1"
    assert [e.date.day for e in report.measured] == [5, 6, 27]


def test_the_fields_are_read_and_shown_on_the_entry(make_journal: MakeJournal) -> None:
    root = make_journal(
        {
            "2026-01-05-s.md": entry(
                "kind: session\nroute: iv\nbody: [Tingling, blurred vision ]\ndissociation: 0\n"
                "blood_pressure: 135 / 85 mmHg\nheart_rate: 88"
            ),
            "2026-01-06-f.md": entry("kind: follow-up\nbody: headache, nausea"),
        }
    )
    site = build_site(root)
    facts = {
        text(d): text(d.find_next_sibling("dd"))
        for d in page(site / "entries/2026-01-05-s.html").select(".facts dt")
    }
    assert facts["Body"] == "tingling, blurred vision"
    assert facts["Dissociation"] == "0 of 10"
    assert facts["Blood pressure"] == "135/85 mmHg"
    assert facts["Heart rate"] == "88 a minute"
    facts = {
        text(d): text(d.find_next_sibling("dd"))
        for d in page(site / "entries/2026-01-06-f.html").select(".facts dt")
    }
    assert facts["Body"] == "headache, nausea" and "Dissociation" not in facts


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("dissociation: 11", "dissociation must be a whole number from 0 to 10, not '11'"),
        ("dissociation: 0-10 (how far away things felt)", "dissociation must be a whole number from 0 to 10"),
        ("heart_rate: fast", "heart_rate must be beats per minute, a whole number like 88, not 'fast'"),
        (
            "heart_rate: [88]",
            "heart_rate must be beats per minute, a whole number like 88, not 'a list or mapping'",
        ),
        (
            "blood_pressure: 85/135",
            "blood_pressure must read like 135/85 (upper/lower, in mmHg), not '85/135'",
        ),
        ("blood_pressure: high", "blood_pressure must read like 135/85"),
        ("body: {nausea: yes}", "body must be a list like [calm, grief]"),
    ],
)
def test_a_wrong_value_is_an_error_on_its_line(make_journal: MakeJournal, line: str, message: str) -> None:
    root = make_journal({"2026-01-05-s.md": entry(f"kind: session\n{line}")})
    (problem,) = build_problems(root)
    assert problem.startswith(f"entries/2026-01-05-s.md:3: {message}"), problem


def test_the_body_page_of_the_sample_journal(built_journal: BuiltJournal) -> None:
    soup = page(built_journal().site / "body.html")
    sessions = soup.select_one("#sessions-heading").find_parent("section").table
    found = rows(sessions)
    assert len(found) == 7
    assert found[0] == [
        "#1 19 Aug 2026 IV infusion 0.5 mg/kg",
        "tingling, blurred vision, nausea, headache, drowsiness",  # the follow-up's after the session's
        "4 of 10",
    ]
    assert found[4] == [
        "#5 2 Oct 2026 Nasal spray 84 mg",
        "dizziness, nausea, drowsiness, raised blood pressure",
        "6 of 10",
    ]
    assert sessions.select_one("a")["href"] == "entries/2026/2026-08-19-first-infusion.html"
    by_route = soup.select_one("#routes-heading").find_parent("section").table
    assert [text(th) for th in by_route.select("thead th")] == [
        "Effect",
        "IV infusion",
        "Nasal spray",
        "Oral lozenge",
    ]
    assert rows(by_route)[0] == ["drowsiness", "2 of 3", "1 of 2", "2 of 2"]
    chart = soup.select_one("#dissociation-heading").find_parent("section").svg
    assert chart["role"] == "img" and text(chart.title) == "Dissociation, session by session"
    assert "session #1: 4; session #2: 5; session #3: 7" in text(chart.desc)
    measured = rows(soup.select_one("#measured-heading").find_parent("section").table)
    assert measured[0] == ["First infusion 19 Aug 2026", "4", "138/86", "92"]
    assert ["Same evening 2 Oct 2026 +6 hours after session #5", "2", "—", "—"] in measured


def test_an_empty_journal_says_what_to_write(make_journal: MakeJournal) -> None:
    main = page(build_site(make_journal({"a.md": entry("date: 2026-01-05")})) / "body.html").find("main")
    assert "Nothing about the body written yet" in text(main) and main.find("table") is None


def test_check_warns_about_an_effect_spelled_two_ways(make_journal: MakeJournal) -> None:
    root = make_journal(
        {
            "2026-01-05-s.md": entry("kind: session\nbody: [headache]"),
            "2026-01-06-f.md": entry("kind: follow-up\nmood: 5\nbody: [headaches]"),
            "2026-01-07-f.md": entry("kind: follow-up\nbody: [headache, nausea]"),
        }
    )
    result = run_cli("check", cwd=root, env={"JOURNALGEN_TODAY": "2026-02-01"})
    assert result.returncode == 0
    assert result.stdout.splitlines()[:-1] == [
        "entries/2026-01-06-f.md:4: warning: the body effect 'headaches' looks like 'headache' spelled "
        "another way ('headaches' is in 1 entry, 'headache' in 2 entries); the Body page counts each "
        "spelling apart, so use one of them"
    ]


def test_the_session_template_asks_about_the_body(make_journal: MakeJournal) -> None:
    root = make_journal({})
    today = {"JOURNALGEN_TODAY": "2026-01-05"}
    result = run_cli("new", "session", "--route", "iv", cwd=root, env=today)
    assert result.returncode == 0, result.stderr
    path = root / result.stdout.strip()
    written = path.read_text(encoding="utf-8")
    front = written.split("---")[1]
    body_line = next(line for line in front.splitlines() if line.startswith("# body: ["))
    listed = re.match(r"# body: \[(.*?)\]", body_line)
    assert listed is not None and tuple(listed.group(1).split(", ")) == SEED
    for key in ("dissociation", "blood_pressure", "heart_rate"):
        assert f"\n# {key}: " in front, key
    assert run_cli("build", cwd=root, env=today).returncode == 0  # as written, it says nothing
    assert "Nothing about the body" in text(page(root / "site/body.html").find("main"))
    # Keeping the lines (the "# " removed) with the values of the day gives the Body page its rows.
    kept = re.sub(r"(?m)^# body: \[.*$", "body: [nausea]", written)
    kept = re.sub(r"(?m)^# dissociation: .*$", "dissociation: 3", kept)
    path.write_text(kept, encoding="utf-8")
    assert run_cli("build", cwd=root, env=today).returncode == 0
    soup = BeautifulSoup((root / "site/body.html").read_bytes(), "html5lib")
    assert rows(soup.select_one("#sessions-heading").find_parent("section").table) == [
        ["#1 5 Jan 2026 IV infusion —", "nausea", "3 of 10"]
    ]
    # A line kept without its value filled in is an error on its own line.
    path.write_text(written.replace("# dissociation:", "dissociation:"), encoding="utf-8")
    result = run_cli("check", cwd=root, env=today)
    line = 1 + front.splitlines().index(next(x for x in front.splitlines() if x.startswith("# dissociation")))
    assert result.returncode == 1
    assert f"{path.relative_to(root)}:{line}: dissociation must be a whole number" in result.stdout


def test_the_sample_entries_give_the_body_fields(built_journal: BuiltJournal) -> None:
    site = built_journal().site
    facts = page(site / "entries/2026/2026-09-09-third-infusion.html").select(".body-facts dd")
    assert [text(dd) for dd in facts] == [
        "numbness, impaired coordination, blurred vision",
        "7 of 10",
        "145/90 mmHg",
        "98 a minute",
    ]


def test_the_export_shows_what_the_body_felt(make_journal: MakeJournal) -> None:
    root = make_journal(
        {
            "2026-01-05-s.md": entry(
                "kind: session\nroute: iv\nbody: [nausea]\ndissociation: 5\nheart_rate: 90"
            )
        }
    )
    target = root.parent / "therapist.html"
    assert run_cli("export", "-o", target, cwd=root).returncode == 0
    facts = BeautifulSoup(target.read_bytes(), "html5lib").select(".body-facts div")
    assert [text(div) for div in facts] == ["Body nausea", "Dissociation 5 of 10", "Heart rate 90 a minute"]
