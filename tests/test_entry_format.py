"""The entry format contract (README "The entry format") and journal.toml, rule by rule.

Each test builds a small journal with the real pipeline and checks either the built page or the
exact `path:line: message` problems the build reports.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import MakeJournal, entry
from helpers import build_problems, build_site, page, text

from journalgen.config import load_config
from journalgen.errors import JournalError
from journalgen.model import Journal
from journalgen.source.reader import read_journal


def load_journal(root: Path, drafts: bool = False) -> Journal:
    """The journal model of a built-from-disk journal (no pages written)."""
    config = load_config(root)
    if drafts:
        import dataclasses

        config = dataclasses.replace(config, drafts=True)
    source = read_journal(config, convert=False)
    source.raise_problems()
    return Journal(source.chosen(config.drafts), config.routes)


def only_problem(root: Path) -> str:
    problems = build_problems(root)
    assert len(problems) == 1, problems
    return problems[0]


# --- titles -------------------------------------------------------------------------------


def test_title_from_front_matter(make_journal: MakeJournal) -> None:
    root = make_journal({"x.md": entry("title: Third infusion\ndate: 2026-11-20", "# A heading\n\nWords.\n")})
    soup = page(build_site(root) / "entries/x.html")
    assert text(soup.find("h1")) == "Third infusion"
    # The body's own heading is not the title, so it stays.
    assert [text(h) for h in soup.select(".entry-body h1")] == ["A heading"]
    assert text(soup.find("title")).startswith("Third infusion · ")


def test_title_from_first_heading_is_shown_once(make_journal: MakeJournal) -> None:
    body = (
        "Intro line.\n\n```\n# not a heading, code\n```\n\n"
        "# Sleep, two weeks in\n\nWords.\n\n# Later part\n\nMore words.\n"
    )
    root = make_journal({"x.md": entry("date: 2026-11-20", body)})
    soup = page(build_site(root) / "entries/x.html")
    assert [text(h) for h in soup.find_all("h1")] == ["Sleep, two weeks in", "Later part"]
    assert soup.select_one(".entry-header h1") is not None
    assert text(soup.select_one(".entry-header h1")) == "Sleep, two weeks in"
    assert "Sleep, two weeks in" not in text(soup.select_one(".entry-body"))
    assert "# not a heading, code" in text(soup.select_one(".entry-body pre"))


def test_a_heading_inside_an_html_comment_is_never_the_title(make_journal: MakeJournal) -> None:
    body = "<!--\n# Private: how to use this template\n-->\n\nWords.\n\n# Real title\n\nMore.\n"
    root = make_journal({"x.md": entry("date: 2026-11-20", body)})
    out = build_site(root)
    soup = page(out / "entries/x.html")
    html = (out / "entries/x.html").read_text("utf-8")
    assert [text(h) for h in soup.find_all("h1")] == ["Real title"]
    assert "Private" not in html


def test_an_underlined_title_heading_is_shown_once(make_journal: MakeJournal) -> None:
    body = "Evening notes\n=============\n\nWords.\n\n# Later part\n\nMore.\n"
    root = make_journal({"x.md": entry("date: 2026-11-20", body)})
    soup = page(build_site(root) / "entries/x.html")
    assert text(soup.select_one(".entry-header h1")) == "Evening notes"
    assert [text(h) for h in soup.select(".entry-body h1")] == ["Later part"]


def test_title_falls_back_to_the_formatted_date(make_journal: MakeJournal) -> None:
    root = make_journal({"x.md": entry("date: 2026-11-19", "Just words, no heading.\n")})
    soup = page(build_site(root) / "entries/x.html")
    assert text(soup.find("h1")) == "Thursday, 19 November 2026"
    assert soup.select_one(".entry-meta time")["datetime"] == "2026-11-19"


@pytest.mark.parametrize(
    ("front", "line"),
    [("date: 2026-11-20\ntitle: [a, b]", 3), ("date: 2026-11-20\ntitle:\n  first: a", 4)],
)
def test_title_that_is_not_text_is_an_error(make_journal: MakeJournal, front: str, line: int) -> None:
    root = make_journal({"2026/x.md": entry(front)})
    assert only_problem(root).startswith(f"entries/2026/x.md:{line}: title must be text")


@pytest.mark.parametrize(
    ("value", "shown"), [("12", "12"), ("10:30", "10:30"), ("'yes'", "yes"), ("no", "no")]
)
def test_title_that_yaml_could_misread_stays_text(make_journal: MakeJournal, value: str, shown: str) -> None:
    root = make_journal({"x.md": entry(f"date: 2026-11-20\ntitle: {value}")})
    assert text(page(build_site(root) / "entries/x.html").find("h1")) == shown


# --- dates ----------------------------------------------------------------------------------


def test_a_file_without_a_date_is_a_note(make_journal: MakeJournal) -> None:
    root = make_journal({"2026/notes/x.md": entry("title: No date here"), "2026-11-20-y.md": "Words.\n"})
    journal = load_journal(root)
    assert [e.source for e in journal.notes] == ["2026/notes/x.md"]
    assert [e.source for e in journal.entries] == ["2026-11-20-y.md"]


def test_an_empty_date_makes_a_note_too(make_journal: MakeJournal) -> None:
    root = make_journal({"x.md": entry("title: t\ndate:")})
    assert [e.title for e in load_journal(root).notes] == ["t"]


def test_date_from_the_file_name(make_journal: MakeJournal) -> None:
    root = make_journal(
        {"2026/2026-11-19-evening.md": "No front-matter at all.\n", "2026-11-18-x.md": entry("title: t")}
    )
    journal = load_journal(root)
    assert [(e.source, e.date) for e in journal.entries] == [
        ("2026-11-18-x.md", dt.date(2026, 11, 18)),
        ("2026/2026-11-19-evening.md", dt.date(2026, 11, 19)),
    ]


def test_front_matter_date_wins_over_the_file_name(make_journal: MakeJournal) -> None:
    root = make_journal({"2026-01-01-x.md": entry("date: 2026-11-20")})
    assert load_journal(root).entries[0].date == dt.date(2026, 11, 20)


def test_dated_file_name_that_is_no_real_date(make_journal: MakeJournal) -> None:
    root = make_journal({"2026/2026-02-30-x.md": "Words.\n"})
    assert only_problem(root).startswith("entries/2026/2026-02-30-x.md:1: ")


@pytest.mark.parametrize(
    ("written", "time", "offset", "iso"),
    [
        ("2026-11-20", None, None, "2026-11-20"),
        ("2026-11-20 21:14", dt.time(21, 14), None, "2026-11-20T21:14"),
        ("2026-11-20T21:14:00", dt.time(21, 14), None, "2026-11-20T21:14"),
        ("2026-11-20 21:14:00 +0100", dt.time(21, 14), "+01:00", "2026-11-20T21:14+01:00"),
        ("2026-11-20T21:14:00+01:00", dt.time(21, 14), "+01:00", "2026-11-20T21:14+01:00"),
        ("'2026-11-20T21:14:00-05:30'", dt.time(21, 14), "-05:30", "2026-11-20T21:14-05:30"),
    ],
)
def test_every_date_form(
    make_journal: MakeJournal, written: str, time: dt.time | None, offset: str | None, iso: str
) -> None:
    root = make_journal({"x.md": entry(f"title: t\ndate: {written}")})
    (only,) = load_journal(root).entries
    assert (only.date, only.time, only.utc_offset) == (dt.date(2026, 11, 20), time, offset)
    soup = page(build_site(root) / "entries/x.html")
    stamp = soup.select_one(".entry-meta time")
    assert stamp["datetime"] == iso
    assert text(stamp).startswith("Friday, 20 November 2026")
    if time:
        assert text(stamp).endswith("21:14")


def test_entries_sort_by_the_time_they_carry(make_journal: MakeJournal) -> None:
    root = make_journal(
        {
            "a.md": entry("title: Evening\ndate: 2026-11-20 21:14"),
            "b.md": entry("title: Morning\ndate: 2026-11-20T08:05:00+01:00"),
            "c.md": entry("title: Noon\ndate: 2026-11-20 12:30:00 +0100"),
            "d.md": entry("title: Next day\ndate: 2026-11-21"),
            "e.md": entry("title: Day before\ndate: 2026-11-19 23:59"),
        }
    )
    assert [e.title for e in load_journal(root).entries] == [
        "Day before",
        "Morning",
        "Noon",
        "Evening",
        "Next day",
    ]
    soup = page(build_site(root) / "entries/c.html")
    assert text(soup.select_one("a[rel=prev]")).endswith("Morning")
    assert text(soup.select_one("a[rel=next]")).endswith("Evening")


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("2026-02-30", "is not a real calendar date"),
        ("2026-11-20 25:00", "has a time that does not exist"),
        ("20.11.2026", "is not a date"),
        ("yesterday", "is not a date"),
    ],
)
def test_impossible_dates_are_errors_with_their_line(
    make_journal: MakeJournal, written: str, why: str
) -> None:
    root = make_journal({"2026/x.md": entry(f"title: t\nmood: 5\ndate: {written}")})
    problem = only_problem(root)
    assert problem.startswith("entries/2026/x.md:4: ")
    assert why in problem


def test_session_date_that_does_not_exist(make_journal: MakeJournal) -> None:
    root = make_journal({"x.md": entry("date: 2026-11-20\nkind: follow-up\nsession: 2026-13-01")})
    assert only_problem(root).startswith("entries/x.md:4: session: ")


# --- kinds ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "kind", "label"),
    [
        (None, "reflection", "Reflection"),
        ("session", "session", "Session #1"),
        ("Session", "session", "Session #1"),
        ("follow-up", "follow-up", "Follow-up"),
        ("followup", "follow-up", "Follow-up"),
        ("intention", "intention", "Intention"),
        ("reflection", "reflection", "Reflection"),
    ],
)
def test_kinds(make_journal: MakeJournal, written: str | None, kind: str, label: str) -> None:
    front = "date: 2026-11-20" + (f"\nkind: {written}" if written else "")
    root = make_journal({"x.md": entry(front)})
    assert load_journal(root).entries[0].kind == kind
    soup = page(build_site(root) / "entries/x.html")
    assert text(soup.select_one(".entry-meta .kind")) == label
    assert f"kind-{kind}" in soup.select_one("article")["class"]


def test_unknown_kind_lists_the_kinds(make_journal: MakeJournal) -> None:
    root = make_journal({"x.md": entry("date: 2026-11-20\nkind: party")})
    assert only_problem(root) == (
        "entries/x.md:3: unknown kind 'party'; use one of: session, follow-up, intention, reflection"
    )


# --- routes ---------------------------------------------------------------------------------

ALIASES = {
    "iv": ["iv", "IV", "intravenous", "Intravenous", "infusion", "INFUSION", "IV infusion", "iv  infusion",
           "ketamine IV", "Ketamine infusion", "ketamine-infusion"],
    "nasal": ["nasal", "spravato", "Spravato", "intranasal", "esketamine", "EsKetamine", "nasal spray",
              "Nasal Spray", "esketamine spray", "intra-nasal"],
    "im": ["im", "IM", "intramuscular", "injection", "Injection", "shot", "IM injection", "ketamine shot"],
    "oral": ["oral", "sublingual", "lozenge", "troche", "rdt", "RDT", "Troche", "oral lozenge",
             "ketamine lozenge"],
}  # fmt: skip
"""Each route's label, its common names and spellings, in any case and spacing, after "ketamine" too."""


@pytest.mark.parametrize(("written", "route"), [(w, r) for r, ws in ALIASES.items() for w in ws])
def test_route_aliases(make_journal: MakeJournal, written: str, route: str) -> None:
    root = make_journal({"x.md": entry(f"date: 2026-11-20\nkind: session\nroute: {written}")})
    assert load_journal(root).entries[0].route == route


def test_route_aliases_make_one_route_page(make_journal: MakeJournal) -> None:
    files = {
        f"{i}.md": entry(f"date: 2026-11-{i + 1:02d}\nkind: session\nroute: {w}")
        for i, w in enumerate(ALIASES["nasal"])
    }
    out = build_site(make_journal(files))
    assert sorted(p.name for p in (out / "routes").iterdir()) == ["index.html", "nasal.html"]
    soup = page(out / "routes/nasal.html")
    assert text(soup.find("h1")) == "Route: Nasal spray"
    assert len(soup.select(".entry-item")) == len(ALIASES["nasal"])
    soup = page(out / "entries/0.html")
    assert text(soup.select_one(".facts a[href='../routes/nasal.html']")) == "Nasal spray"


def test_unknown_route_lists_the_accepted_names(make_journal: MakeJournal) -> None:
    root = make_journal({"2026/x.md": entry("date: 2026-11-20\nkind: session\nroute: teleport")})
    assert only_problem(root) == (
        "entries/2026/x.md:4: unknown route 'teleport'; use one of: "
        "iv (IV infusion, intravenous, infusion, ketamine infusion), "
        "nasal (Nasal spray, spravato, esketamine, esketamine spray, intranasal), "
        "im (IM injection, intramuscular, injection, shot), "
        "oral (Oral lozenge, lozenge, troche, sublingual, RDT) "
        "(or add it, or another name for one, under [routes] in journal.toml)"
    )


def test_journal_toml_adds_aliases_to_a_route(make_journal: MakeJournal) -> None:
    config = '[routes]\niv = {aliases = ["drip"]}\nrectal = {label = "Rectal", aliases = ["suppository"]}\n'
    files = {
        "a.md": entry("date: 2026-11-19\nkind: session\nroute: Drip"),
        "b.md": entry("date: 2026-11-20\nkind: session\nroute: suppository"),
        "c.md": entry("date: 2026-11-21\nkind: session\nroute: infusion"),
    }
    journal = load_journal(make_journal(files, config=config))
    assert [e.route for e in journal.entries] == ["iv", "rectal", "iv"]
    bad = make_journal({"x.md": entry("date: 2026-11-20\nroute: teleport")}, config=config, name="other")
    assert "iv (IV infusion, intravenous, infusion, ketamine infusion, drip), " in only_problem(bad)
    assert "rectal (suppository) (or add it" in only_problem(bad)


def test_an_alias_naming_two_routes_is_refused(make_journal: MakeJournal) -> None:
    problems = config_problems(make_journal, '[routes]\nrectal = {label = "Rectal", aliases = ["shot"]}\n')
    assert problems == [
        "journal.toml:2: route 'rectal': 'shot' already names the route im; give it to one route only"
    ]


def test_extra_routes_from_journal_toml(make_journal: MakeJournal) -> None:
    config = '[routes]\nrectal = "Rectal"\nhome-kit = "Home kit"\n'
    root = make_journal({"x.md": entry("date: 2026-11-20\nkind: session\nroute: Home-Kit")}, config=config)
    out = build_site(root)
    assert text(page(out / "routes/home-kit.html").find("h1")) == "Route: Home kit"
    bad = make_journal({"x.md": entry("date: 2026-11-20\nroute: teleport")}, config=config, name="other")
    assert ", rectal, home-kit (or add it" in only_problem(bad)


def test_follow_up_and_intention_take_their_sessions_route(make_journal: MakeJournal) -> None:
    root = make_journal(
        {
            "a-intent.md": entry("date: 2026-11-18\nkind: intention\nsession: 2026-11-19"),
            "b-session.md": entry("date: 2026-11-19\nkind: session\nroute: spravato"),
            "c-follow.md": entry("date: 2026-11-20\nkind: follow-up"),
            "d-own.md": entry("date: 2026-11-21\nkind: follow-up\nroute: oral"),
            "e-reflect.md": entry("date: 2026-11-22"),
        }
    )
    out = build_site(root)
    for name, label in (("a-intent", "Nasal spray"), ("c-follow", "Nasal spray"), ("d-own", "Oral lozenge")):
        facts = page(out / f"entries/{name}.html").select_one(".facts")
        assert "Route " + label in text(facts), name
    assert page(out / "entries/e-reflect.html").select_one(".facts") is None
    nasal = [a["href"] for a in page(out / "routes/nasal.html").select(".entry-item-title a")]
    assert nasal == ["../entries/c-follow.html", "../entries/b-session.html", "../entries/a-intent.html"]


# --- emotions and tags ----------------------------------------------------------------------


def test_emotions_and_tags_fold_into_one_page(make_journal: MakeJournal) -> None:
    root = make_journal(
        {
            "a.md": entry("date: 2026-11-20\nemotions: [Grief, calm]\ntags: Family, WORK"),
            "b.md": entry('date: 2026-11-21\nemotions: "grief , Calm,  , GRIEF"\ntags: [family ,  work]'),
            "c.md": entry("date: 2026-11-22\nemotions: Grief\ntags: '  family  '"),
        }
    )
    journal = load_journal(root)
    assert [e.emotions for e in journal.entries] == [("grief", "calm"), ("grief", "calm"), ("grief",)]
    assert [e.tags for e in journal.entries] == [("family", "work"), ("family", "work"), ("family",)]
    out = build_site(root)
    assert sorted(p.name for p in (out / "emotions").iterdir()) == ["calm.html", "grief.html", "index.html"]
    assert sorted(p.name for p in (out / "tags").iterdir()) == ["family.html", "index.html", "work.html"]
    assert len(page(out / "emotions/grief.html").select(".entry-item")) == 3
    chips = [text(a) for a in page(out / "entries/b.html").select(".chips-emotions a")]
    assert chips == ["grief", "calm"]


def test_tags_that_yaml_could_misread_stay_text(make_journal: MakeJournal) -> None:
    root = make_journal({"x.md": entry("date: 2026-11-20\ntags: [no, on, off, yes, 10:30, null, 1e3]")})
    assert load_journal(root).entries[0].tags == ("no", "on", "off", "yes", "10:30", "null", "1e3")


def test_unicode_tags_are_nfc_normalised(make_journal: MakeJournal) -> None:
    root = make_journal(
        {
            "a.md": entry("date: 2026-11-20\ntags: [Cafe\u0301]"),
            "b.md": entry("date: 2026-11-21\ntags: [café]"),
        }
    )
    journal = load_journal(root)
    assert [t.name for t in journal.tags] == ["caf\u00e9"]
    assert len(journal.tags[0].entries) == 2


def test_tags_of_the_wrong_shape(make_journal: MakeJournal) -> None:
    root = make_journal({"x.md": entry("date: 2026-11-20\ntags: {a: b}\nemotions: [[calm]]")})
    assert build_problems(root) == [
        "entries/x.md:3: tags must be a list like [calm, grief] or text like 'calm, grief'",
        "entries/x.md:4: emotions must be a list like [calm, grief] or text like 'calm, grief'",
    ]


# --- other keys -----------------------------------------------------------------------------

EXTRA_TEMPLATE = """\
{% extends "base.html" %}
{% block main %}
<h1>{{ entry.title }}</h1>
<p id="phq9">{{ entry.extra.ratings.phq9 }}</p>
<p id="aliases">{{ entry.extra.aliases | join("|") }}</p>
<p id="obsidian">{{ entry.extra["cssclass"] }}</p>
<p id="when">{{ entry.extra.updated }}</p>
<p id="evil">{{ entry.extra.evil }}</p>
{% endblock %}
"""


def test_unknown_keys_are_kept_for_templates(make_journal: MakeJournal) -> None:
    front = """\
        date: 2026-11-20
        ratings: {phq9: 16, gad7: 13}
        aliases: [first, 'second one']
        cssclass: wide
        updated: 2026-11-21 10:30
        evil: <script>alert(1)</script>
    """
    root = make_journal({"x.md": entry(front), "/templates/entry.html": EXTRA_TEMPLATE})
    soup = page(build_site(root) / "entries/x.html")
    assert text(soup.select_one("#phq9")) == "16"
    assert text(soup.select_one("#aliases")) == "first|second one"
    assert text(soup.select_one("#obsidian")) == "wide"
    assert text(soup.select_one("#when")) == "2026-11-21 10:30"
    assert text(soup.select_one("#evil")) == "<script>alert(1)</script>"
    assert soup.find("script") is None


# --- sessions -------------------------------------------------------------------------------


def test_follow_up_without_session_belongs_to_the_latest_session_on_or_before_it(
    make_journal: MakeJournal,
) -> None:
    root = make_journal(
        {
            "0-early.md": entry("date: 2026-10-30\nkind: follow-up"),
            "1-s.md": entry("title: S1\ndate: 2026-11-01\nkind: session"),
            "2-f.md": entry("date: 2026-11-05\nkind: follow-up"),
            "3-s.md": entry("title: S2\ndate: 2026-11-10 14:00\nkind: session"),
            "4-f.md": entry("date: 2026-11-10 09:00\nkind: follow-up"),
            "5-f.md": entry("date: 2026-11-10 18:30\nkind: follow-up"),
            "6-f.md": entry("date: 2026-11-12\nkind: follow-up"),
            "7-f.md": entry("date: 2026-11-13\nkind: follow-up\nsession: 2026-11-01"),
        }
    )
    journal = load_journal(root)
    session_of = {e.source: (s.title if (s := journal.session_of(e)) else None) for e in journal.entries}
    assert session_of == {
        "0-early.md": None,
        "1-s.md": "S1",
        "2-f.md": "S1",
        "4-f.md": "S1",  # the morning before the afternoon session
        "3-s.md": "S2",
        "5-f.md": "S2",
        "6-f.md": "S2",
        "7-f.md": "S1",  # named explicitly
    }
    out = build_site(root)
    link = page(out / "entries/6-f.html").select_one(".entry-session a")
    assert (link["href"], text(link)) == ("3-s.html", "+2 days after session #2")
    link = page(out / "entries/5-f.html").select_one(".entry-session a")
    assert (link["href"], text(link)) == ("3-s.html", "+4 hours after session #2")
    assert page(out / "entries/0-early.html").select_one(".entry-session") is None


# --- how the file is read -------------------------------------------------------------------


def test_bom_and_crlf_read_like_plain_files(make_journal: MakeJournal) -> None:
    raw = (
        "\ufeff---\r\ntitle: Windows\r\ndate: 2026-11-20\r\ntags: [a]\r\n---\r\n"
        "Line one.\r\n\r\n## Prompt\r\nAnswer.\r\n"
    )
    root = make_journal({"x.md": raw.encode("utf-8"), "y.md": raw.replace("\r\n", "\r").encode("utf-8")})
    out = build_site(root)
    for name in ("x", "y"):
        html = (out / f"entries/{name}.html").read_text(encoding="utf-8")
        assert "\r" not in html and "\ufeff" not in html
        soup = page(out / f"entries/{name}.html")
        assert text(soup.find("h1")) == "Windows"
        assert [text(p) for p in soup.select(".entry-body p")] == ["Line one.", "Answer."]
    bad = raw.replace("tags: [a]", "tags: [a]\r\ntitle: again")
    assert only_problem(make_journal({"z.md": bad.encode()}, name="bad")).startswith(
        "entries/z.md:5: the key 'title'"
    )


def test_unclosed_front_matter_is_an_error_not_body_text(make_journal: MakeJournal) -> None:
    root = make_journal({"2026/x.md": "---\ntitle: t\ndate: 2026-11-20\n\nThe body, never closed.\n"})
    assert only_problem(root).startswith("entries/2026/x.md:1: front-matter starts with --- but never ends")


def test_a_file_without_front_matter_is_all_body(make_journal: MakeJournal) -> None:
    root = make_journal({"2026-11-20-x.md": "Plain text.\n\n---\n\nAfter a rule.\n"})
    soup = page(build_site(root) / "entries/2026-11-20-x.html")
    assert [text(p) for p in soup.select(".entry-body p")] == ["Plain text.", "After a rule."]
    assert soup.select_one(".entry-body hr") is not None


@pytest.mark.parametrize("front", ["- a\n- b", "just some words", "'quoted'"])
def test_front_matter_that_is_not_a_mapping(make_journal: MakeJournal, front: str) -> None:
    root = make_journal({"2026-11-20-x.md": f"---\n{front}\n---\nBody.\n"})
    assert only_problem(root).startswith(
        "entries/2026-11-20-x.md:2: front-matter must be a list of `key: value` lines"
    )


def test_invalid_yaml_names_its_line(make_journal: MakeJournal) -> None:
    root = make_journal({"x.md": "---\ndate: 2026-11-20\ntitle: t\ntags: [a, b\n---\nBody.\n"})
    assert only_problem(root).startswith("entries/x.md:4: front-matter is not valid YAML")


def test_a_key_given_twice_names_the_line(make_journal: MakeJournal) -> None:
    root = make_journal({"2026/x.md": entry("date: 2026-11-20\ntitle: a\nmood: 4\ntitle: b")})
    assert only_problem(root) == (
        "entries/2026/x.md:5: the key 'title' is given twice (first on line 3); keep only one"
    )


def test_times_stay_text(make_journal: MakeJournal) -> None:
    root = make_journal({"x.md": entry("date: 2026-11-20\ntitle: t\nstarted: 10:30\nlength: 1:20:00")})
    (only,) = load_journal(root).entries
    assert only.extra["started"] == "10:30"
    assert only.extra["length"] == "1:20:00"


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/new:os.system ['touch {marker}']",
        "!!python/name:os.system",
        "!!binary aGk=",
        "!custom thing",
    ],
)
def test_yaml_tags_are_errors_and_run_nothing(make_journal: MakeJournal, tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "ran"
    root = make_journal({"x.md": entry(f"date: 2026-11-20\ntitle: t\nx: {tag.format(marker=marker)}")})
    problem = only_problem(root)
    assert problem.startswith("entries/x.md:4: the YAML tag ")
    assert "is not allowed" in problem
    assert not marker.exists()


def test_anchors_and_aliases_are_refused_on_their_line(make_journal: MakeJournal) -> None:
    lines = ["date: 2026-11-20", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]  # 10**9 leaves
    root = make_journal({"x.md": entry("\n".join(lines))})
    assert only_problem(root) == (
        "entries/x.md:3: front-matter may not use YAML anchors or aliases (&name, *name); write the value out"
    )
    loop = make_journal({"x.md": entry("date: 2026-11-20\ntitle: t\nx: &a [*a]")}, name="loop")
    assert only_problem(loop).startswith("entries/x.md:4: front-matter may not use YAML anchors")


@pytest.mark.parametrize(
    ("written", "mood"), [("1", 1), ("10", 10), ("'7'", 7), ("07", 7), ("08", 8), ("~", None)]
)
def test_mood_in_range(make_journal: MakeJournal, written: str, mood: int | None) -> None:
    root = make_journal({"x.md": entry(f"date: 2026-11-20\nmood: {written}")})
    assert load_journal(root).entries[0].mood == mood
    facts = page(build_site(root) / "entries/x.html").select_one(".facts")
    if mood is None:
        assert facts is None
    else:
        assert f"Mood {mood} of 10" in text(facts)


@pytest.mark.parametrize("written", ["0", "11", "-1", "5.5", "high", "true", "[5]", "011"])
def test_mood_out_of_range(make_journal: MakeJournal, written: str) -> None:
    root = make_journal({"2026/x.md": entry(f"date: 2026-11-20\ntitle: t\nmood: {written}")})
    assert only_problem(root).startswith("entries/2026/x.md:4: mood must be a whole number from 1 to 10")


def test_whole_numbers_with_leading_zeros_are_decimal(make_journal: MakeJournal) -> None:
    root = make_journal({"x.md": entry("date: 2026-11-20\nweek: 09\nhour: 011")})
    extra = load_journal(root).entries[0].extra
    assert (extra["week"], extra["hour"]) == (9, 11)


def test_not_utf8(make_journal: MakeJournal) -> None:
    raw = "---\ndate: 2026-11-20\n---\nCaf\u00e9 au lait.\n".encode("latin-1")
    root = make_journal({"2026/x.md": raw})
    assert only_problem(root) == "entries/2026/x.md:4: not UTF-8 text (byte 0xe9); save the file as UTF-8"


def test_draft_is_left_out_unless_asked_for(make_journal: MakeJournal) -> None:
    root = make_journal(
        {
            "a.md": entry("title: Kept\ndate: 2026-11-20\ntags: [visible]"),
            "b.md": entry("title: Unfinished\ndate: 2026-11-21\ndraft: true\ntags: [secret]"),
        }
    )
    out = build_site(root)
    assert not (out / "entries/b.html").exists()
    assert not (out / "tags/secret.html").exists()
    everything = b"".join((out / p).read_bytes() for p in ("index.html", "timeline.html", "tags/index.html"))
    assert b"Unfinished" not in everything and b"secret" not in everything
    out = build_site(root, drafts=True)
    soup = page(out / "entries/b.html")
    assert text(soup.find("h1")) == "Unfinished"
    assert "draft" in text(soup.select_one(".entry-meta"))
    assert (out / "tags/secret.html").is_file()


def test_draft_must_be_true_or_false(make_journal: MakeJournal) -> None:
    root = make_journal({"x.md": entry("date: 2026-11-20\ndraft: maybe")})
    assert only_problem(root).startswith("entries/x.md:3: draft must be true or false")


def test_every_problem_in_every_file_in_one_run(make_journal: MakeJournal) -> None:
    root = make_journal(
        {
            "2026/a.md": entry("date: 2026-02-30\nroute: teleport\nmood: 12"),
            "2026/b.md": entry("title: [x]"),
            "2026/c.md": entry("date: 2026-11-20"),
            "d.md": b"\xff\xfe",
        }
    )
    problems = build_problems(root)
    assert [p.split(" ", 1)[0] for p in problems] == [
        "entries/2026/a.md:2:",
        "entries/2026/a.md:3:",
        "entries/2026/a.md:4:",
        "entries/2026/b.md:2:",
        "entries/d.md:1:",
    ]


# --- journal.toml ---------------------------------------------------------------------------


def config_problems(make_journal: MakeJournal, config: str) -> list[str]:
    root = make_journal({}, config=config)
    with pytest.raises(JournalError) as info:
        load_config(root)
    return [str(p) for p in info.value.problems]


def test_journal_toml_settings_are_used(make_journal: MakeJournal) -> None:
    config = """\
        title = "Sam's <notes>"
        author = "Sam"
        language = "de-CH"
        timezone = "Europe/Berlin"
        crisis_text = "Call Lena, or 144."
        output = "public"
    """
    root = make_journal({"x.md": entry("date: 2026-11-20\ntitle: t")}, config=config)
    out = build_site(root)
    assert out == root / "public"
    soup = page(out / "entries/x.html")
    assert soup.find("html")["lang"] == "de-CH"
    assert text(soup.find("title")) == "t · Sam's <notes>"
    assert text(soup.select_one(".site-title")) == "Sam's <notes>"
    assert text(soup.select_one(".crisis")) == "Call Lena, or 144."
    assert "Sam" in text(soup.select_one(".site-footer"))


def test_journal_toml_defaults() -> None:
    from journalgen.config import Config

    config = Config(root=Path("/x"))
    assert (config.output, config.language, config.timezone) == (Path("site"), "en", None)
    assert "988" in config.crisis_text and "emergency number" in config.crisis_text
    assert list(config.routes) == ["iv", "nasal", "im", "oral"]


def test_journal_toml_unknown_key_names_key_and_line(make_journal: MakeJournal) -> None:
    problems = config_problems(make_journal, 'title = "x"\n\nthem = "dark"\n')
    assert len(problems) == 1
    assert problems[0].startswith("journal.toml:3: unknown setting 'them'; the settings are: title, author,")


def test_journal_toml_unknown_table_names_its_line(make_journal: MakeJournal) -> None:
    problems = config_problems(make_journal, '[routes]\nrectal = "Rectal"\n\n[theme]\ncolour = "blue"\n')
    assert len(problems) == 1 and problems[0].startswith("journal.toml:4: unknown setting 'theme'")


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ('timezone = "Mars/Olympus"\n', "journal.toml:1: unknown timezone 'Mars/Olympus'"),
        ('title = "t"\ntimezone = "../../etc/passwd"\n', "journal.toml:2: unknown timezone"),
        ('language = "english please"\n', "journal.toml:1: language 'english please' is not a language tag"),
        ("title = 3\n", "journal.toml:1: title must be a non-empty text"),
        ('title = "  "\n', "journal.toml:1: title must be a non-empty text"),
        ("routes = 3\n", "journal.toml:1: routes must be a table"),
        ('[routes]\nRec Tal = "x"\n', "journal.toml:"),
        ('[routes]\nrectal = ""\n', "journal.toml:2: route 'rectal' needs a lower-case name"),
        ('[routes]\niv = {aliases = "drip"}\n', "journal.toml:2: route 'iv': give a label and a list"),
        ('[routes]\nrectal = {aliases = ["x"]}\n', "journal.toml:2: route 'rectal' needs a lower-case name"),
        ('title = "a"\ntitle = "b"\n', "journal.toml:2: not valid TOML"),
        ('title = "unclosed\n', "journal.toml:1: not valid TOML"),
    ],
)
def test_journal_toml_bad_values(make_journal: MakeJournal, config: str, expected: str) -> None:
    problems = config_problems(make_journal, config)
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_journal_toml_reports_every_problem(make_journal: MakeJournal) -> None:
    problems = config_problems(make_journal, 'title = 3\ntimezone = "Nowhere/Else"\nthemes = 1\n')
    assert sorted(p.split(" ", 1)[0] for p in problems) == [
        "journal.toml:1:",
        "journal.toml:2:",
        "journal.toml:3:",
    ]


def test_journal_toml_not_utf8(make_journal: MakeJournal) -> None:
    root = make_journal({"/journal.toml": 'title = "Caf\u00e9"\n'.encode("latin-1")})
    with pytest.raises(JournalError) as info:
        load_config(root)
    assert str(info.value).startswith("journal.toml: not UTF-8")
