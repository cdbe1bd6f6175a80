"""Writing entries as a user does: `init`, `new`, `check`, the git hook, all through the real command."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import subprocess
import tomllib
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from journalgen.check.spelling import similar
from journalgen.config import load_config
from tests.conftest import entry, journalgen_exe, run_cli
from tests.helpers import git

Cli = Callable[..., subprocess.CompletedProcess[str]]
KINDS = ("session", "follow-up", "intention", "reflection")


def on(day: str) -> dict[str, str]:
    """The environment for a command run on a given day."""
    return {"JOURNALGEN_TODAY": day}


def created(result: subprocess.CompletedProcess[str], cwd: Path) -> Path:
    """The one path `new` printed, checked to be a new file."""
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    path = cwd / lines[0]
    assert path.is_file()
    return path


def answered(path: Path) -> Path:
    """Write a few words into a new entry, under its title (its questions stay unanswered): an
    entry left exactly as its template wrote it is not published."""
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4) + 5
    title = re.compile(r"^# .*\n", re.MULTILINE).search(text, end)
    at = title.end() if title else end
    path.write_text(f"{text[:at]}\nA few words of my own.\n\n{text[at:]}", encoding="utf-8")
    return path


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command here runs on 31 December 2026 unless a test says otherwise."""
    monkeypatch.setenv("JOURNALGEN_TODAY", "2026-12-31")


@pytest.fixture
def journal(tmp_path: Path, cli: Cli) -> Path:
    """A journal made by `journalgen init`."""
    root = tmp_path / "journal"
    result = cli("init", root)
    assert result.returncode == 0, result.stderr
    return root


# --- init ------------------------------------------------------------------------------------


def test_init_makes_a_journal(journal: Path) -> None:
    assert (journal / "entries").is_dir()
    for kind in KINDS:
        assert (journal / "templates" / "prompts" / f"{kind}.md").is_file()
    ignored = (journal / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "site/" in ignored and ".journalgen-cache/" in ignored
    toml = (journal / "journal.toml").read_text(encoding="utf-8")
    assert tomllib.loads(toml) == {}
    assert load_config(journal).title == "My KAP journal"


def test_every_setting_in_the_new_journal_toml_is_documented_and_valid(journal: Path) -> None:
    path = journal / "journal.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    settings = [i for i, line in enumerate(lines) if re.match(r"^# (\[\w+\]|\w+ = )", line)]
    names = {re.match(r"^# \[?(\w+)", lines[i]).group(1) for i in settings}  # type: ignore[union-attr]
    assert names >= {"title", "author", "output", "language", "timezone", "crisis_text", "routes", "rectal"}
    for i in settings:
        assert lines[i - 1].startswith("#"), f"no comment above {lines[i]!r}"
    for i in settings:
        lines[i] = lines[i][2:]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = load_config(journal)
    assert config.timezone == "Europe/Berlin"
    assert config.routes["rectal"] == "Rectal"


def test_init_twice_changes_and_overwrites_nothing(journal: Path, cli: Cli) -> None:
    (journal / "journal.toml").write_text('title = "Mine"\n', encoding="utf-8")
    (journal / "templates" / "prompts" / "session.md").write_text(
        "my own session prompts\n", encoding="utf-8"
    )
    before = snapshot(journal)
    result = cli("init", journal)
    assert result.returncode == 0, result.stderr
    assert snapshot(journal) == before
    left_alone = [line for line in result.stdout.splitlines() if line.startswith("left alone: ")]
    assert len(left_alone) == 2 + len(KINDS) + 2  # journal.toml, entries/, prompts, safety plan, .gitignore
    assert "left alone: journal.toml" in result.stdout
    assert "left alone: templates/prompts/session.md" in result.stdout
    assert "nothing changed" in result.stdout
    assert "created" not in result.stdout


def test_init_adds_the_site_to_an_existing_gitignore_without_touching_the_rest(
    tmp_path: Path, cli: Cli
) -> None:
    (tmp_path / ".gitignore").write_text("*.bak", encoding="utf-8")
    result = cli("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == (
        "*.bak\nsite/\n.journalgen-cache/\n.*.tmp-*\n"
    )
    assert "added site/ and .journalgen-cache/ and .*.tmp-*" in result.stdout


def test_init_refuses_a_file_where_a_folder_goes_and_creates_nothing(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "entries").write_text("not a folder", encoding="utf-8")
    result = cli("init", tmp_path)
    assert result.returncode == 1
    assert "entries: is a file where init needs a folder" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entries"]


# --- new -------------------------------------------------------------------------------------


def test_init_new_session_follow_up_check_build(journal: Path, cli: Cli) -> None:
    first = created(cli("new", "session", "--date", "2026-11-01", "--route", "nasal", cwd=journal), journal)
    session = created(
        cli("new", "session", "--route", "ketamine IV", cwd=journal, env=on("2026-11-20")), journal
    )
    follow = created(cli("new", "follow-up", cwd=journal, env=on("2026-11-23")), journal)
    for written in (first, session, follow):
        answered(written)

    assert first.relative_to(journal).as_posix() == "entries/2026/2026-11-01-session.md"
    assert session.relative_to(journal).as_posix() == "entries/2026/2026-11-20-session.md"
    assert follow.relative_to(journal).as_posix() == "entries/2026/2026-11-23-follow-up.md"
    session_text = session.read_text(encoding="utf-8")
    assert "\ndate: 2026-11-20\n" in session_text
    assert "\nroute: iv " in session_text
    assert "\n# Session #2\n" in session_text
    text = follow.read_text(encoding="utf-8")
    assert "\ndate: 2026-11-23\n" in text
    assert "\nsession: 2026-11-20\n" in text
    assert "\nroute: iv " in text
    assert "\n# +3 days after session #2\n" in text

    checked = cli("check", cwd=journal)
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.strip() == "Checked 3 entries: 0 errors, 0 warnings."

    built = cli("build", cwd=journal)
    assert built.returncode == 0, built.stderr
    site = journal / "site"
    page = soup(site / "entries/2026/2026-11-20-session.html")
    around = page.find(id="around-heading").find_parent("section")
    # The session's arc links its follow-up (as the +3 days one), beside links to emotions and sessions.
    assert [a["href"] for a in around.select(".slot-written a")] == ["2026-11-23-follow-up.html"]
    assert page.find("h1").get_text() == "Session #2"
    # Unanswered prompts and their hints are not on the page.
    body = page.find(class_="entry-body")
    assert body.find(["h2", "h3"]) is None
    assert "<!--" not in str(body)

    timeline = soup(site / "timeline.html")
    item = timeline.find("a", href="entries/2026/2026-11-20-session.html").find_parent("li")
    followups = item.find("ol", class_="followups")
    assert followups.find("a")["href"] == "entries/2026/2026-11-23-follow-up.html"
    assert followups.find(class_="offset").get_text() == "+3 days"
    assert timeline.find_all("a", href="entries/2026/2026-11-23-follow-up.html") == [followups.find("a")]

    follow_page = soup(site / "entries/2026/2026-11-23-follow-up.html")
    assert follow_page.find(class_="entry-session").get_text(strip=True) == "+3 days after session #2"


def test_intentions_and_follow_ups_find_their_session(journal: Path, cli: Cli) -> None:
    def new(*args: str) -> str:
        path = created(cli("new", *args, cwd=journal), journal)
        text = path.read_text(encoding="utf-8")
        answered(path)
        return text

    new("session", "--date", "2026-11-01", "--route", "spravato")
    intention = new("intention", "--date", "2026-11-19")
    assert "\n# Intention for session #2\n" in intention
    assert "\nsession:" not in intention
    assert re.search(r"\nroute: +# one of: iv, nasal, im, oral\n", intention)
    assert "\n# Session #2\n" in new("session", "--date", "2026-11-20 09:30", "--route", "im")
    same_day = new("follow-up", "--date", "2026-11-20 18:00")
    assert "\nsession: 2026-11-20\n" in same_day and "\n# Same day as session #2\n" in same_day
    earlier = new("follow-up", "--date", "2026-11-25", "--session", "2026-11-01")
    assert "\nsession: 2026-11-01\n" in earlier and "\nroute: nasal " in earlier
    assert "\n# +24 days after session #1\n" in earlier
    assert "\n# Intention for session #3\n" in new("intention", "--date", "2026-11-26")

    assert cli("check", cwd=journal).stdout.strip() == "Checked 6 entries: 0 errors, 0 warnings."
    assert cli("build", cwd=journal).returncode == 0
    page = soup(journal / "site/entries/2026/2026-11-20-session.html")
    around = page.find(id="around-heading").find_parent("section")
    # The session's arc: its intention before it, its same-day follow-up counting as the +1 day one.
    assert [a["href"] for a in around.select(".arc-before a, .slot-written a")] == [
        "2026-11-19-intention.html",
        "2026-11-20-follow-up.html",
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_each_new_entry_passes_check_and_builds_showing_only_answered_prompts(
    journal: Path, cli: Cli, kind: str
) -> None:
    session = created(cli("new", "session", "--date", "2026-11-20", "--route", "oral", cwd=journal), journal)
    path = created(cli("new", kind, "--date", "2026-11-22", cwd=journal), journal)
    # As `new` wrote them, nothing is answered: check says so, and the build leaves them out.
    checked = cli("check", cwd=journal).stdout.strip().splitlines()
    assert checked[-1].endswith("0 errors, 2 warnings.")
    assert all("nothing written yet" in line for line in checked[:-1])
    answered(session)

    text = path.read_text(encoding="utf-8")
    questions = re.findall(r"^### (.+\?)\n<!-- ", text, re.MULTILINE)
    assert questions, "every template asks something"
    question = questions[-1]
    path.write_text(text.replace(f"{question}\n", f"{question}\nA quiet answer.\n", 1), encoding="utf-8")

    built = cli("build", cwd=journal)
    assert built.returncode == 0, built.stderr
    html = path.relative_to(journal / "entries").with_suffix(".html")
    body = soup(journal / "site" / "entries" / html).find(class_="entry-body")
    assert [h.get_text() for h in body.find_all("h3")] == [question]
    assert body.find("h3").find_next_sibling().get_text() == "A quiet answer."
    assert "<!--" not in str(body)


def test_session_template_asks_the_clinic_questions(journal: Path, cli: Cli) -> None:
    text = created(cli("new", "session", "--date", "2026-11-20", cwd=journal), journal).read_text(
        encoding="utf-8"
    )
    sections = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert sections == ["Initial recall", "Further reflection", "Action & integration"]
    for question in (
        "What is the first thing that comes to mind from the session?",
        "What did you see?",
        "What did you hear?",
        "What did you feel?",
        "What emotion feels most accessible?",
        "Is a specific relationship or circumstance, past or present, connected to it?",
        "Did negative self-talk or self-doubt come up — the inner critic?",
        "Did feelings of self-love, self-acceptance or self-forgiveness surface?",
        "Is there a message or theme this session communicated?",
        "Are new perspectives emerging?",
        "Is there anything you are ready to let go of or loosen your grip on?",
        "What are you willing to be more curious about, even if not fully understood yet?",
        "What do you want to invite more of into your life?",
        "What is one thing you want to approach differently this week?",
        "Is there a conversation, habit or boundary you feel more ready to address?",
        "What is one small step you could take this week to support your healing?",
    ):
        assert f"\n### {question}\n<!-- " in text, question


def test_new_twice_on_one_day_makes_two_files(journal: Path, cli: Cli) -> None:
    first = created(cli("new", "reflection", cwd=journal, env=on("2026-11-24")), journal)
    first.write_text(first.read_text(encoding="utf-8") + "My own words.\n", encoding="utf-8")
    kept = first.read_bytes()
    others = [created(cli("new", "reflection", cwd=journal, env=on("2026-11-24")), journal) for _ in range(2)]
    names = [p.name for p in (first, *others)]
    assert names == ["2026-11-24-reflection.md", "2026-11-24-reflection-2.md", "2026-11-24-reflection-3.md"]
    assert first.read_bytes() == kept


def test_new_entries_and_their_folders_are_readable_by_you_alone(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "journal"
    root.mkdir()
    (root / "journal.toml").write_text("", encoding="utf-8")  # a journal with no entries/ yet
    made = created(cli("new", "reflection", "--date", "2027-01-05", cwd=root), root)
    assert made == root / "entries/2027/2027-01-05-reflection.md"
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    for folder in (root / "entries", root / "entries/2027"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_init_makes_files_and_folders_readable_by_you_alone(journal: Path) -> None:
    assert stat.S_IMODE(journal.stat().st_mode) == 0o700
    assert stat.S_IMODE((journal / "entries").stat().st_mode) == 0o700
    for path in (journal / "journal.toml", journal / ".gitignore", journal / "templates/prompts/session.md"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_new_with_a_title_names_the_file_after_it(journal: Path, cli: Cli) -> None:
    path = created(
        cli("new", "reflection", "--date", "2026-11-24 21:30", "--title", "Grief: a walk", cwd=journal),
        journal,
    )
    assert path.name == "2026-11-24-grief-a-walk.md"
    text = path.read_text(encoding="utf-8")
    assert "\ndate: 2026-11-24 21:30\n" in text
    assert "\n# Grief: a walk\n" in text
    assert cli("check", cwd=journal).returncode == 0


def test_new_uses_the_journal_timezone_for_today(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "j"
    cli("init", root)
    (root / "journal.toml").write_text('timezone = "Pacific/Kiritimati"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "JOURNALGEN_TODAY"}
    zone = ZoneInfo("Pacific/Kiritimati")
    before = dt.datetime.now(zone).date()
    result = subprocess.run(
        [journalgen_exe(), "new", "reflection"], cwd=root, env=env, capture_output=True, text=True
    )
    after = dt.datetime.now(zone).date()
    path = created(result, root)
    assert path.name in {f"{before}-reflection.md", f"{after}-reflection.md"}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("new", "sesion"),
            "no prompt template named 'sesion' (did you mean 'session'?); the templates are: ",
        ),
        (("new", "session", "--date", "2026-02-30"), "--date: '2026-02-30' is not a real calendar date"),
        (("new", "session", "--date", "20.11.2026"), "--date: '20.11.2026' is not a date"),
        (("new", "follow-up", "--session", "soon"), "--session: 'soon' is not a date"),
        (
            ("new", "session", "--route", "telepathy"),
            "--route: unknown route 'telepathy'; use one of: iv (IV infusion, intravenous",
        ),
    ],
)
def test_new_usage_errors_are_one_line_and_exit_2(
    journal: Path, cli: Cli, args: tuple[str, ...], expected: str
) -> None:
    result = cli(*args, cwd=journal)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert expected in result.stderr
    assert list((journal / "entries").rglob("*")) == []


def test_unknown_kind_lists_the_templates_including_the_journals_own(journal: Path, cli: Cli) -> None:
    (journal / "templates/prompts/dream.md").write_text(
        "---\ndate: {{ date }}\nkind: reflection\n---\n### What did you dream?\n", encoding="utf-8"
    )
    result = cli("new", "nightmare", cwd=journal)
    assert result.returncode == 2
    assert "the templates are: dream, follow-up, intention, reflection, safety-plan, session" in result.stderr
    path = created(cli("new", "dream", "--date", "2026-11-24", cwd=journal), journal)
    assert path.name == "2026-11-24-dream.md"
    assert (
        path.read_text(encoding="utf-8")
        == "---\ndate: 2026-11-24\nkind: reflection\n---\n### What did you dream?\n"
    )


def test_a_broken_template_is_an_error_naming_it_and_writes_nothing(journal: Path, cli: Cli) -> None:
    prompts = journal / "templates/prompts"
    (prompts / "typo.md").write_text("---\ndate: {{ date }}\n---\n\n{{ sesion }}\n", encoding="utf-8")
    (prompts / "invalid.md").write_text("---\ndate: {{ date }}\nmood: 12\n---\n", encoding="utf-8")
    typo = cli("new", "typo", cwd=journal)
    assert typo.returncode == 1
    assert "templates/prompts/typo.md:5: template error: 'sesion' is undefined" in typo.stderr
    invalid = cli("new", "invalid", cwd=journal)
    assert invalid.returncode == 1
    assert (
        "templates/prompts/invalid.md: this template makes an entry that is not valid: mood" in invalid.stderr
    )
    assert list((journal / "entries").rglob("*.md")) == []


def test_edit_opens_the_new_entry_in_the_editor(journal: Path, cli: Cli, tmp_path: Path) -> None:
    editor = tmp_path / "my editor.sh"
    editor.write_text('#!/bin/sh\nprintf "%s\\n" "$1: written in the editor" >> "$2"\n', encoding="utf-8")
    editor.chmod(0o755)
    result = cli(
        "new",
        "reflection",
        "--edit",
        cwd=journal,
        env={**on("2026-11-24"), "VISUAL": "", "EDITOR": f"'{editor}' --flag"},
    )
    path = created(result, journal)
    assert path.read_text(encoding="utf-8").endswith("\n--flag: written in the editor\n")
    assert cli("check", cwd=journal).returncode == 0


def test_edit_prefers_visual_and_reports_a_failing_editor(journal: Path, cli: Cli) -> None:
    result = cli(
        "new",
        "reflection",
        "--edit",
        cwd=journal,
        env={**on("2026-11-24"), "VISUAL": "false", "EDITOR": "true"},
    )
    assert result.returncode == 1
    assert "the editor exited with 1; the entry is kept" in result.stderr
    assert (journal / "entries/2026/2026-11-24-reflection.md").is_file()


# --- check -----------------------------------------------------------------------------------


BAD_JOURNAL = {
    "2026/2026-01-01-early.md": entry(
        """
        kind: follow-up
        emotions: [anxious, sad]
        tags: [sister]
        """
    ),
    "2026/2026-02-01-session.md": entry(
        """
        date: 2026-02-01
        kind: session
        emotions: [anxiety, sadness]
        tags: [sisters]
        """,
        """
        ![here](images/here.png) and ![gone](images/gone.png)

        [a later entry](2026-03-01-never-written.md) and [an earlier one](2026-01-01-early.md)
        [the web](https://example.org) is only a link.

        ![from the web](https://example.com/tracker.png)
        <p style="background: url('https://example.com/bg.png')">styled</p>
        <script src="https://example.com/x.js"></script>
        <!-- <img src="https://example.com/in-a-comment.png"> -->
        """,
    ),
    "2026/images/here.png": b"\x89PNG",
    "2026/2026-02-20-future.md": entry("kind: reflection"),
    "2026/2026-02-12-odd-link.md": entry(
        "kind: reflection", "An [odd link](http://[not-an-address]/a.md).\n"
    ),
    "2026/2026-02-10-bad-mood.md": entry("mood: 11"),
    "2026/2026-02-11-bad-date.md": entry("date: 2026-02-30"),
}


def test_check_reports_every_problem(make_journal: Callable[..., Path], cli: Cli) -> None:
    root = make_journal(BAD_JOURNAL)
    result = cli("check", cwd=root, env=on("2026-02-15"))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    expected = [
        ("2026-01-01-early.md:2: warning: a follow-up dated before any session", None),
        (
            "2026-02-01-session.md:4: warning: the emotion 'anxiety' looks like 'anxious'",
            "('anxiety' is in 1 entry, 'anxious' in 1 entry)",
        ),
        ("2026-02-01-session.md:4: warning: the emotion 'sadness' looks like 'sad'", None),
        ("2026-02-01-session.md:5: warning: the tag 'sisters' looks like 'sister'", None),
        ("2026-02-01-session.md:8: warning: the image images/gone.png points to", "images/gone.png, which"),
        (
            "2026-02-01-session.md:10: warning: the link 2026-03-01-never-written.md points to",
            "does not exist",
        ),
        (
            "2026-02-01-session.md:13: warning: the image https://example.com/tracker.png would be loaded",
            None,
        ),
        ("2026-02-01-session.md:14: warning: the file named in a style https://example.com/bg.png", None),
        ("2026-02-01-session.md:15: warning: the HTML element <script> could run a program", "as text"),
        ("2026-02-10-bad-mood.md:2: mood must be a whole number from 1 to 10, not 11", None),
        (
            "2026-02-12-odd-link.md:4: warning: the link http://[not-an-address]/a.md is not an address",
            "check how it is written",
        ),
        ("2026-02-11-bad-date.md:2: '2026-02-30' is not a real calendar date", None),
        (
            "2026-02-20-future.md:1: warning: dated 2026-02-20, which is in the future (today is 2026-02-15)",
            None,
        ),
    ]
    for start, also in expected:
        found = [line for line in lines if line.startswith(f"entries/2026/{start}")]
        assert len(found) == 1, (start, result.stdout)
        assert also is None or also in found[0]
    assert not any(word in result.stdout for word in ("here.png", "example.org", "in-a-comment"))
    assert lines[-1] == "Checked 6 entries: 2 errors, 11 warnings."
    assert len(lines) == len(expected) + 1


def test_check_exits_0_on_warnings_alone(make_journal: Callable[..., Path], cli: Cli) -> None:
    good = {k: v for k, v in BAD_JOURNAL.items() if "bad-" not in k}
    root = make_journal(good)
    result = cli("check", cwd=root, env=on("2026-02-15"))
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "Checked 4 entries: 0 errors, 11 warnings."
    assert all(": warning: " in line for line in result.stdout.splitlines()[:-1])


def test_check_finds_a_follow_up_before_its_session_and_a_session_that_is_not_there(
    make_journal: Callable[..., Path], cli: Cli
) -> None:
    root = make_journal(
        {
            "s.md": entry("date: 2026-03-01\nkind: session"),
            "early.md": entry("date: 2026-02-27\nkind: follow-up\nsession: 2026-03-01"),
            "lost.md": entry("date: 2026-03-05\nkind: follow-up\nsession: 2026-03-02"),
            "a.md": entry("date: 2026-03-06"),
            "a.markdown": entry("date: 2026-03-06"),
        }
    )
    result = cli("check", "--root", root, env=on("2026-04-01"))
    assert result.returncode == 1
    assert (
        "entries/early.md:2: warning: a follow-up dated 2026-02-27, before its session on 2026-03-01"
        in result.stdout
    )
    assert "entries/lost.md:4: warning: session: 2026-03-02 names no session entry" in result.stdout
    assert (
        "entries/a.md: makes the same file of the site (entries/a.html) as entries/a.markdown"
        in result.stdout
    )


def test_check_is_quiet_about_the_sample_journal(sample_journal: Path, cli: Cli) -> None:
    result = cli("check", "--root", sample_journal, env=on("2026-12-31"))
    assert result.returncode == 0
    assert re.fullmatch(r"Checked \d+ entries: 0 errors, 0 warnings\.\n", result.stdout), result.stdout


def test_each_near_duplicate_pair_is_reported_once(make_journal: Callable[..., Path], cli: Cli) -> None:
    root = make_journal(
        {
            "2026-03-01-a.md": entry("emotions: [grief]"),
            "2026-03-02-b.md": entry("emotions: [grief, calm]"),
            "2026-03-03-c.md": entry("emotions: [greif]"),
            "2026-03-04-d.md": entry("emotions: [greif, clam]"),
            "2026-03-05-e.md": entry("emotions: [grief]"),
            "2026-03-06-f.md": entry("tags: [sister]"),
            "2026-03-07-g.md": entry("tags: [sisters]"),
        }
    )
    result = cli("check", cwd=root, env=on("2026-03-31"))
    assert result.returncode == 0, result.stdout
    warnings = [line for line in result.stdout.splitlines() if "looks like" in line]
    assert warnings == [
        "entries/2026-03-03-c.md:2: warning: the emotion 'greif' looks like 'grief' spelled another way "
        "('greif' is in 2 entries, 'grief' in 3 entries); each spelling gets its own page, so use one "
        "of them",
        "entries/2026-03-07-g.md:2: warning: the tag 'sisters' looks like 'sister' spelled another way "
        "('sisters' is in 1 entry, 'sister' in 1 entry); each spelling gets its own page, so use one "
        "of them",
    ]


def test_check_reports_a_bad_journal_toml(make_journal: Callable[..., Path], cli: Cli) -> None:
    root = make_journal({}, config="titel = 'x'\n")
    result = cli("check", cwd=root)
    assert result.returncode == 1
    assert "journal.toml:1: unknown setting 'titel'" in result.stdout


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("anxious", "anxiety"),
        ("sad", "sadness"),
        ("sister", "sisters"),
        ("body", "bodies"),
        ("grief", "greif"),
        ("relief", "relieved"),
        ("anger", "angry"),
        ("curious", "curiosity"),
        ("lonely", "loneliness"),
        ("worry", "worried"),
        ("gratitude", "gratitute"),
        ("self-talk", "self talk"),
    ],
)
def test_near_duplicates(a: str, b: str) -> None:
    assert similar(a, b) and similar(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("hopeful", "hopeless"),
        ("content", "contempt"),
        ("sad", "mad"),
        ("lonely", "lovely"),
        ("grief", "relief"),
        ("anger", "danger"),
        ("family", "famous"),
        ("angry", "hungry"),
        ("calm", "clam"),
        ("shame", "sadness"),
        ("therapy", "therapist"),
    ],
)
def test_different_words_are_not_near_duplicates(a: str, b: str) -> None:
    assert not similar(a, b) and not similar(b, a)


# --- git -------------------------------------------------------------------------------------


def test_the_pre_commit_hook_rejects_an_invalid_entry(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "journal"
    result = cli("init", root, "--git")
    assert result.returncode == 0, result.stderr
    hook = root / ".git/hooks/pre-commit"
    assert "created: .git/hooks/pre-commit" in result.stdout
    assert stat.S_IMODE(hook.stat().st_mode) == 0o700
    assert hook.read_text(encoding="utf-8").startswith("#!/bin/sh\n")
    assert f"journalgen={Path(journalgen_exe()).resolve()}\n" in hook.read_text(encoding="utf-8")

    created(cli("new", "session", "--date", "2026-11-20", cwd=root), root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "A journal")

    bad = root / "entries/2026/2026-11-21-bad.md"
    bad.write_text(entry("kind: follow-up\nmood: eleven"), encoding="utf-8")
    git(root, "add", "-A")
    rejected = git(root, "commit", "-q", "-m", "A bad entry", check=False)
    assert rejected.returncode != 0
    said = rejected.stdout + rejected.stderr
    assert "entries/2026/2026-11-21-bad.md:3: mood must be a whole number" in said
    assert "journalgen: commit stopped: fix the problems above" in rejected.stderr
    assert "To commit anyway, this once: git commit --no-verify" in rejected.stderr
    assert git(root, "rev-list", "--count", "HEAD").stdout.strip() == "1"

    # The hook checks what is staged, not the working copy.
    bad.write_text(entry("kind: follow-up\nmood: 4"), encoding="utf-8")
    assert git(root, "commit", "-q", "-m", "still the staged bad entry", check=False).returncode != 0
    git(root, "add", "-A")
    accepted = git(root, "commit", "-q", "-m", "A fixed entry", check=False)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert git(root, "rev-list", "--count", "HEAD").stdout.strip() == "2"

    again = cli("init", root, "--git")
    assert "left alone: .git/hooks/pre-commit (already runs `journalgen check`)" in again.stdout
    assert "left alone: git repository" in again.stdout


def test_the_hook_finds_journalgen_on_the_path_when_its_recorded_one_is_gone(tmp_path: Path) -> None:
    root = tmp_path / "journal"
    assert run_cli("init", root, "--git").returncode == 0
    hook = root / ".git/hooks/pre-commit"
    text = hook.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^journalgen=.*$", "journalgen=/nonexistent/journalgen", text)
    text = re.sub(r"(?m)^python=.*$", "python=/nonexistent/python", text)
    hook.write_text(text, encoding="utf-8")
    (root / "entries/x.md").write_text(entry("date: 2026-13-01"), encoding="utf-8")
    git(root, "add", "-A")
    env_path = f"{Path(journalgen_exe()).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    result = subprocess.run(
        ["sh", str(hook)],
        cwd=root,
        env={**os.environ, "PATH": env_path},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "entries/x.md:2: '2026-13-01' is not a real calendar date" in result.stdout
