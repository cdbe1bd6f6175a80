"""Every word, as written (issue 11): Markdown as people write it, entries from other tools, notes
(files without a date), and entries left as their template wrote them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from conftest import MakeJournal, entry, run_cli
from helpers import build_problems, build_site, page, text

from journalgen.config import load_config
from journalgen.model import Journal
from journalgen.site import search
from journalgen.source.markdown import Renderer
from journalgen.source.reader import read_journal


def journal_of(root: Path) -> Journal:
    source = read_journal(load_config(root), convert=False)
    source.raise_problems()
    return Journal(source.chosen(drafts=False), {})


def body_of_page(out: Path, rel: str) -> str:
    return text(page(out / "entries" / rel).find(class_="entry-body"))


def search_records(out: Path) -> list[dict[str, object]]:
    records: list[dict[str, object]] = []
    for path in sorted((out / "assets/search").glob("*.js")):
        records += search.read_script(path.read_bytes()) or []
    return records


DATED = "date: 2026-11-20"


# --- Markdown as people write it ----------------------------------------------------------------


def test_an_empty_item_never_hides_the_item_above(make_journal: MakeJournal) -> None:
    body = "Things I did today:\n\n- called my sister\n- \n"
    out = build_site(make_journal({"x.md": entry(DATED, body)}))
    items = page(out / "entries/x.html").select(".entry-body li")
    assert [text(li) for li in items] == ["called my sister", ""]


def test_hash_words_are_tags_not_headings(make_journal: MakeJournal) -> None:
    out = build_site(make_journal({"x.md": entry(DATED, "Slept badly.\n\n#journal #sleep\n")}))
    soup = page(out / "entries/x.html")
    assert body_of_page(out, "x.html") == "Slept badly. #journal #sleep"
    assert soup.select(".entry-body h1") == []
    links = soup.select(".entry-body a.tag")
    assert [(text(a), a["href"]) for a in links] == [
        ("#journal", "../tags/journal.html"),
        ("#sleep", "../tags/sleep.html"),
    ]
    assert [text(a) for a in soup.select(".facts .chips-tags a")] == ["journal", "sleep"]
    assert "entries/x.html" in str(page(out / "tags/sleep.html").find("main"))


def test_a_tag_line_above_the_title_heading(make_journal: MakeJournal) -> None:
    out = build_site(make_journal({"x.md": entry(DATED, "#journal\n# The title\n\nWords.\n")}))
    soup = page(out / "entries/x.html")
    assert text(soup.find("h1")) == "The title"
    assert body_of_page(out, "x.html") == "#journal Words."  # the title is shown once, above


def test_a_number_after_a_hash_stays_text_and_code_keeps_its_hashes(make_journal: MakeJournal) -> None:
    body = "After session #2 I slept.\n\n`#include` and [see #here](x.md)\n\n    #indented code\n"
    out = build_site(make_journal({"x.md": entry(DATED, body)}))
    soup = page(out / "entries/x.html")
    assert soup.select(".entry-body a.tag") == []
    assert journal_of(out.parent).entries[0].tags == ()
    assert "session #2" in body_of_page(out, "x.html")


def test_a_list_right_after_a_line_of_text_and_its_steps(make_journal: MakeJournal) -> None:
    body = "Steps for this week:\n- [ ] call my sister\n- [x] walk twice\n"
    out = build_site(make_journal({"x.md": entry(DATED, body)}))
    soup = page(out / "entries/x.html")
    assert [text(li) for li in soup.select(".entry-body li")] == ["call my sister", "walk twice"]
    steps = text(page(out / "steps.html").find("main"))
    assert "call my sister" in steps and "walk twice" in steps


def test_fenced_code_inside_a_list_item(make_journal: MakeJournal) -> None:
    body = "1. the breathing count\n   ```\n   in 4, hold 7, out 8\n   ```\n2. then sleep\n"
    out = build_site(make_journal({"x.md": entry(DATED, body)}))
    items = page(out / "entries/x.html").select(".entry-body ol > li")
    assert len(items) == 2
    assert text(items[0].find("pre")) == "in 4, hold 7, out 8"


def test_nested_lists_with_two_or_four_spaces(make_journal: MakeJournal) -> None:
    for indent in ("  ", "    "):
        body = f"- family\n{indent}- sister\n{indent}{indent}- her kids\n- work\n"
        html = Renderer()(body).html
        soup = page_of(html)
        top = soup.find("ul")
        assert [text(li.find(string=True)) for li in top.find_all("li", recursive=False)] == [
            "family",
            "work",
        ]
        assert text(top.li.ul.li.ul.li) == "her kids", indent


def page_of(html: str):  # type: ignore[no-untyped-def]
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def test_an_empty_body_is_the_first_a_process_converts() -> None:
    # It stopped build, export and serve with "internal error": the first conversion of a
    # process met an empty body before any other.
    assert Renderer()("").html == ""
    assert Renderer()("\n\n").text == ""


def test_empty_bodies_build_and_export(make_journal: MakeJournal, tmp_path: Path) -> None:
    root = make_journal(
        {
            "2026/2026-11-20-empty.md": "",
            "2026/2026-11-21-front.md": entry("title: Only front matter\ndate: 2026-11-21", ""),
            "_index.md": "+++\ntitle = 'Posts'\n+++\n",
        }
    )
    built = run_cli("build", "--root", root)
    assert built.returncode == 0, built.stderr
    exported = run_cli("export", "--root", root, "-o", tmp_path / "x.html")
    assert exported.returncode == 0, exported.stderr


# --- Front matter and file names of other tools -------------------------------------------------


def test_toml_front_matter_between_plus_signs(make_journal: MakeJournal) -> None:
    hugo = (
        '+++\ntitle = "Slow morning"\ndate = 2023-06-17T07:30:00-07:00\ntags = ["sleep", "Rest"]\n+++\nTea.\n'
    )
    journal = journal_of(make_journal({"posts/slow.md": hugo}))
    (found,) = journal.entries
    assert (found.title, found.date, found.time, found.utc_offset) == (
        "Slow morning",
        dt.date(2023, 6, 17),
        dt.time(7, 30),
        "-07:00",
    )
    assert found.tags == ("sleep", "rest")
    assert found.body == "Tea.\n"


def test_broken_toml_is_named_with_its_line(make_journal: MakeJournal) -> None:
    root = make_journal({"x.md": '+++\ntitle = "x"\ndate = \n+++\nText.\n'})
    (problem,) = build_problems(root)
    assert problem.startswith("entries/x.md:3: front-matter is not valid TOML")


def test_yaml_closed_by_three_dots(make_journal: MakeJournal) -> None:
    journal = journal_of(make_journal({"x.md": "---\ntitle: Pandoc\ndate: 2026-11-20\n...\nText.\n"}))
    assert [(e.title, e.body) for e in journal.entries] == [("Pandoc", "Text.\n")]


def test_published_false_and_jekylls_drafts_folder_are_drafts(make_journal: MakeJournal) -> None:
    root = make_journal(
        {
            "x.md": entry(f"{DATED}\npublished: false"),
            "y.md": entry(f"{DATED}\npublished: true"),
            "_drafts/not-yet.md": "Half a thought.\n",
        }
    )
    assert [e.source for e in journal_of(root).pages] == ["y.md"]


def test_tags_as_jekyll_and_obsidian_write_them(make_journal: MakeJournal) -> None:
    root = make_journal(
        {
            "a.md": entry(f"{DATED}\ntags: therapy sleep"),
            "b.md": entry(f'{DATED}\ntags: ["#kap", "work/stress"]'),
            "c.md": entry(f"{DATED}\ntags: inner child, family"),
        }
    )
    tags = {e.source: e.tags for e in journal_of(root).entries}
    assert tags == {
        "a.md": ("therapy", "sleep"),
        "b.md": ("kap", "work/stress"),
        "c.md": ("inner child", "family"),
    }


def test_keys_in_any_letter_case(make_journal: MakeJournal) -> None:
    root = make_journal({"x.md": "---\nTitle: Capitals\nDate: 2026-11-20 21:14\nTags: a, b\n---\nText.\n"})
    (found,) = journal_of(root).entries
    assert (found.title, found.date, found.time, found.tags) == (
        "Capitals",
        dt.date(2026, 11, 20),
        dt.time(21, 14),
        ("a", "b"),
    )


def test_dates_from_created(make_journal: MakeJournal) -> None:
    root = make_journal(
        {
            "iso.md": "---\ncreated: 2023-06-17T10:05\n---\nText.\n",
            "epoch.md": "---\ncreated: 1686996300000\n---\nText.\n",
            "Created.md": "---\nCreated: 2023-06-18\n---\nText.\n",
        }
    )
    found = {e.source: (e.date, e.time) for e in journal_of(root).entries}
    assert found == {
        "iso.md": (dt.date(2023, 6, 17), dt.time(10, 5)),
        "epoch.md": (dt.date(2023, 6, 17), dt.time(10, 5)),  # milliseconds since 1970, in UTC
        "Created.md": (dt.date(2023, 6, 18), None),
    }


def test_dates_and_titles_from_file_names(make_journal: MakeJournal) -> None:
    root = make_journal(
        {
            "journals/2023_06_17.md": "- went for a walk\n",
            "_posts/2017-2-5-my-first-post.md": "Hello.\n",
            "2023-09-12 Meeting with Steph.md": "We talked.\n",
        }
    )
    found = {e.source: (e.date, e.title) for e in journal_of(root).entries}
    assert found == {
        "journals/2023_06_17.md": (dt.date(2023, 6, 17), "Saturday, 17 June 2023"),
        "_posts/2017-2-5-my-first-post.md": (dt.date(2017, 2, 5), "My first post"),
        "2023-09-12 Meeting with Steph.md": (dt.date(2023, 9, 12), "Meeting with Steph"),
    }


def test_a_title_from_a_heading_is_plain_text(make_journal: MakeJournal) -> None:
    body = "# Foo *bar* and [a link](x.md) `code`\n\nText.\n"
    out = build_site(make_journal({"x.md": entry(DATED, body)}))
    assert journal_of(out.parent).entries[0].title == "Foo bar and a link code"
    assert text(page(out / "entries/x.html").find("h1")) == "Foo bar and a link code"
    assert page(out / "entries/x.html").select(".entry-body h1") == []


# --- Wikilinks ----------------------------------------------------------------------------------


def test_wikilinks_and_embeds(make_journal: MakeJournal) -> None:
    body = "See [[Safety plan]] and [[2026-11-19-before|the evening before]].\n\n![[sketch.png]]\n"
    root = make_journal(
        {
            "2026/2026-11-20-x.md": entry("", body),
            "2026/2026-11-19-before.md": "Before.\n",
            "Safety Plan.md": "Call Lena.\n",
            "images/sketch.png": b"\x89PNG\r\n\x1a\n",
        }
    )
    out = build_site(root)
    soup = page(out / "entries/2026/2026-11-20-x.html")
    links = [(text(a), a["href"]) for a in soup.select(".entry-body a")]
    assert links == [
        ("Safety plan", "../Safety%20Plan.html"),
        ("the evening before", "2026-11-19-before.html"),
    ]
    assert soup.select_one(".entry-body img")["src"] == "../images/sketch.png"
    checked = run_cli("check", "--root", root)
    assert checked.stdout.strip().endswith("0 errors, 1 warning.")  # the note (no date)


def test_an_unresolved_wikilink_stays_text_and_check_names_it(make_journal: MakeJournal) -> None:
    root = make_journal({"2026-11-20-x.md": "Met with\n[[Nobody Here|an old friend]] today.\n"})
    out = build_site(root)
    assert body_of_page(out, "2026-11-20-x.html") == "Met with an old friend today."
    checked = run_cli("check", "--root", root)
    assert checked.returncode == 0
    assert checked.stdout.splitlines()[0] == (
        "entries/2026-11-20-x.md:2: warning: [[Nobody Here]] names no entry, note or file in entries/ "
        "(no file or title of that name), so it shows as plain text; check the spelling"
    )


# --- Notes: files without a date ----------------------------------------------------------------


NOTES = {
    "safety-plan.md": "# Safety plan\n\n1. Call Lena\n2. Walk to the river #safety\n",
    "letters/to-dad.md": entry("title: A letter not sent", "Dear Dad,\n"),
    "2026/2026-11-20-session.md": entry("kind: session\nroute: iv", "It went well.\n"),
}


def test_notes_have_pages_a_list_and_search_but_no_place_in_time(make_journal: MakeJournal) -> None:
    out = build_site(make_journal(NOTES))
    note = page(out / "entries/safety-plan.html")
    assert text(note.find("h1")) == "Safety plan"
    assert "Walk to the river" in text(note.find(class_="entry-body"))
    listed = page(out / "notes.html").select("main a")
    assert [(text(a), a["href"]) for a in listed] == [
        ("A letter not sent", "entries/letters/to-dad.html"),
        ("Safety plan", "entries/safety-plan.html"),
    ]
    assert ("Notes", "notes.html") in [(text(a), a["href"]) for a in page(out / "index.html").select("nav a")]
    records = {r["url"]: r for r in search_records(out)}
    assert records["entries/safety-plan.html"]["kind"] == "note"
    assert "Call Lena" in str(records["entries/safety-plan.html"]["text"])
    for listing in ("timeline.html", "calendar.html", "sessions.html", "index.html"):
        shown = str(page(out / listing).find("main"))
        assert "safety-plan" not in shown and "to-dad" not in shown, listing
    assert "entries/safety-plan.html" in str(page(out / "tags/safety.html").find("main"))


def test_check_warns_once_per_note(make_journal: MakeJournal) -> None:
    checked = run_cli("check", "--root", make_journal(NOTES))
    assert checked.returncode == 0
    assert checked.stdout.splitlines() == [
        "entries/letters/to-dad.md:1: warning: no date: built as a note; add `date:` to make it an entry",
        "Checked 3 entries: 0 errors, 1 warning.",  # the safety plan has no date on purpose
    ]


def test_an_emotion_only_a_note_names_has_its_page(make_journal: MakeJournal) -> None:
    """A note (no date) may name emotions: one no entry names gets its page too, listing the
    note, without the chart of months (a note has no month). It used to stop the build."""
    root = make_journal(
        {
            **NOTES,
            "meds.md": entry("title: Medication list\nemotions: [wistful, calm]", "Sertraline.\n"),
            "2026/2026-11-21-after.md": entry("emotions: [calm]", "Quiet day.\n"),
        }
    )
    built = run_cli("build", "--root", root)
    assert (built.returncode, built.stderr) == (0, "")
    out = root / "site"
    wistful = page(out / "emotions/wistful.html")
    assert [a["href"] for a in wistful.select("main li a[href^='../entries/']")] == ["../entries/meds.html"]
    assert wistful.select(".strip-figure") == []
    calm = page(out / "emotions/calm.html")
    listed = [a["href"] for a in calm.select("main li a[href^='../entries/']")]
    assert listed == ["../entries/2026/2026-11-21-after.html", "../entries/meds.html"]  # entries, then notes
    assert calm.select(".strip-figure")
    assert 'href="wistful.html"' in str(page(out / "emotions/index.html").find("main"))


def test_a_broken_note_still_stops_the_build(make_journal: MakeJournal) -> None:
    root = make_journal({"a.md": entry("route: teleport"), "b.md": "---\ntitle: [unclosed\n---\n"})
    problems = build_problems(root)
    assert [p.split(":", 2)[:2] for p in problems] == [["entries/a.md", "2"], ["entries/b.md", "2"]]


# --- Entries left as their template wrote them --------------------------------------------------


def test_an_entry_left_as_its_template_wrote_it_is_not_published(make_journal: MakeJournal) -> None:
    root = make_journal({"2026/2026-11-20-x.md": "Words.\n"})
    made = run_cli("new", "reflection", "--date", "2026-11-21", "--root", root)
    assert made.returncode == 0, made.stderr
    fresh = Path(made.stdout.strip()).relative_to(root).as_posix()
    assert fresh == "entries/2026/2026-11-21-reflection.md"
    built = run_cli("build", "--root", root)
    assert built.returncode == 0, built.stderr
    assert built.stdout.splitlines()[1] == (
        f"Not published yet, nothing written but the template's questions: {fresh}"
    )
    assert (root / "site/entries/2026/2026-11-20-x.html").is_file()
    assert not (root / "site/entries/2026/2026-11-21-reflection.html").exists()
    checked = run_cli("check", "--root", root).stdout
    assert f"{fresh}:" in checked and "nothing written yet" in checked


# --- check's messages ---------------------------------------------------------------------------


def test_a_link_across_a_line_break_is_one_warning_line(make_journal: MakeJournal) -> None:
    root = make_journal({"2026-11-20-x.md": 'Before.\n\n<a href="notes/\nmissing.md">the list</a>\n'})
    checked = run_cli("check", "--root", root)
    lines = checked.stdout.splitlines()
    assert lines[0] == (
        "entries/2026-11-20-x.md:3: warning: the link notes/missing.md points to entries/notes/missing.md, "
        "which does not exist (names are case-sensitive; check the date and spelling)"
    )
    assert re.fullmatch(r"Checked 1 entr\w+: 0 errors, 1 warning\.", lines[1])


def test_a_wikilink_finds_a_page_written_later_and_loses_a_deleted_one(make_journal: MakeJournal) -> None:
    root = make_journal({"2026-11-20-x.md": "See [[Safety plan]] #sleep.\n"})
    out = build_site(root)
    assert page(out / "entries/2026-11-20-x.html").select(".entry-body a.wikilink") == []
    plan = root / "entries/safety plan.md"
    plan.write_text("Call Lena. #sleep\n")
    build_site(root)  # from the cache: the body did not change, its link did
    soup = page(out / "entries/2026-11-20-x.html")
    assert [a["href"] for a in soup.select(".entry-body a.wikilink")] == ["safety%20plan.html"]
    assert "entries/safety%20plan.html" in str(page(out / "tags/sleep.html").find("main"))
    plan.unlink()
    build_site(root)
    soup = page(out / "entries/2026-11-20-x.html")
    assert soup.select(".entry-body a.wikilink") == []
    assert body_of_page(out, "2026-11-20-x.html").startswith("See Safety plan #sleep")


def test_dates_written_in_words_and_with_slashes() -> None:
    from journalgen.source.dates import parse_date

    for written in (
        "2023/06/17",
        "17 June 2023",
        "June 17, 2023",
        "Jun 17th, 2023",
        "Saturday, 17 June 2023",
    ):
        assert parse_date(written)[0] == dt.date(2023, 6, 17), written
    for wrong in ("June 31, 2023", "17 Juno 2023", "06/17/2023"):
        try:
            parse_date(wrong)
        except ValueError:
            continue
        raise AssertionError(f"{wrong!r} was read as a date")
