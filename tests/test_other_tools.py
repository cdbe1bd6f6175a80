"""Journals made of other tools' files build as they are: a Jekyll `_posts` folder, a Hugo
`content/` folder, an Obsidian vault, a Logseq graph and a Dendron vault (in tests/fixtures/tools/,
each written in that tool's own format), through the real command."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli
from helpers import page, text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "tools"
TOOLS = ("jekyll", "hugo", "obsidian", "logseq", "dendron")


def copy_of(tool: str, tmp_path: Path) -> Path:
    root = tmp_path / tool
    shutil.copytree(FIXTURES / tool, root)
    return root


@pytest.mark.parametrize("tool", TOOLS)
def test_builds_and_checks_with_no_error(tool: str, tmp_path: Path) -> None:
    root = copy_of(tool, tmp_path)
    built = run_cli("build", "--root", root)
    assert built.returncode == 0, built.stderr
    assert built.stderr == ""
    assert built.stdout.startswith("Built ")
    checked = run_cli("check", "--root", root)
    assert checked.returncode == 0, checked.stdout
    assert ": 0 errors, " in checked.stdout.splitlines()[-1]
    for line in checked.stdout.splitlines()[:-1]:
        assert line.startswith("entries/") and ": warning: " in line, line


def entry_text(site: Path, rel: str) -> str:
    return text(page(site / "entries" / rel).find(class_="entry-body"))


def test_jekyll(tmp_path: Path) -> None:
    root = copy_of("jekyll", tmp_path)
    assert run_cli("build", "--root", root).returncode == 0
    site = root / "site"
    first = page(site / "entries/_posts/2017-2-5-first-appointment.html")
    assert text(first.find("h1")) == "First appointment"
    assert first.find("time")["datetime"] == "2017-02-05T18:20+01:00"
    assert [text(a) for a in first.select(".chips-tags a")] == ["therapy", "sleep"]
    words = entry_text(site, "_posts/2017-2-5-first-appointment.html")
    assert "no phone in the bedroom" in words and "{% endhighlight %}" in words  # Liquid stays text
    assert not (site / "entries/_posts/2017-03-01-not-ready.html").exists()  # published: false
    assert (
        text(page(site / "entries/_posts/2017-03-05-pandoc-style.html").find("h1"))
        == "Written in Pandoc's style"
    )
    assert [
        text(li) for li in page(site / "entries/_posts/2017-02-19-a-harder-week.html").select("ol li")
    ] == [
        "the walk on Thursday",
        "calling my sister",
    ]
    assert [text(a) for a in page(site / "notes.html").select("main a")] == ["About", "Index"]


def test_jekyll_dates_anchors_and_liquid_links_as_jekyll_reads_them(tmp_path: Path) -> None:
    root = copy_of("jekyll", tmp_path)
    assert run_cli("build", "--root", root).returncode == 0
    changed = page(root / "site/entries/_posts/2017-03-12-what-changed.html")
    # `2017-03-12 18:30:22 2017 -0800` (Jekyll reads it, as Ruby does): its leading date and time.
    assert changed.find("time")["datetime"] == "2017-03-12T18:30"
    # A kramdown attribute list names an anchor, not a tag; every word stays on the page.
    assert [text(a) for a in changed.select(".chips-tags a")] == ["therapy"]
    assert "{: #small-steps-v1}" in text(changed.find(class_="entry-body"))
    checked = run_cli("check", "--root", root).stdout.splitlines()
    mine = [line for line in checked if line.startswith("entries/_posts/2017-03-12-what-changed.md")]
    assert mine == [
        "entries/_posts/2017-03-12-what-changed.md:4: warning: date '2017-03-12 18:30:22 2017 -0800' is "
        "read as 2017-03-12 18:30; the rest ('2017 -0800') is not understood: write it as YYYY-MM-DD "
        "HH:MM, with an offset like +01:00",
        "entries/_posts/2017-03-12-what-changed.md:12: warning: the link {{ site.clinic_url }}/contact and "
        "2 more like it is written as another tool's template ({{ }} or {% %}), which only that tool "
        "fills in; here it leads nowhere, so write where it points instead",
    ]


def test_hugo(tmp_path: Path) -> None:
    root = copy_of("hugo", tmp_path)
    assert run_cli("build", "--root", root).returncode == 0
    site = root / "site"
    post = page(site / "entries/content/posts/first-infusion.html")
    assert post.find("time")["datetime"] == "2023-06-17T10:30-07:00"
    assert [text(a) for a in post.select(".chips-tags a")] == ["ketamine", "therapy"]
    assert "forty-two of them" in text(post.select_one(".entry-body ul ul"))
    assert not (site / "entries/content/posts/draft-thoughts.html").exists()
    bundle = page(site / "entries/content/posts/a-page-bundle/index.html")
    assert bundle.select_one(".entry-body img")["src"] == "river.png"
    assert (site / "entries/content/posts/a-page-bundle/river.png").is_file()
    notes = [text(a) for a in page(site / "notes.html").select("main a")]
    assert notes == ["Medication", "My journal", "Posts"]


def test_obsidian(tmp_path: Path) -> None:
    root = copy_of("obsidian", tmp_path)
    assert run_cli("build", "--root", root).returncode == 0
    site = root / "site"
    daily = page(site / "entries/Daily/2023-06-17.html")
    assert [text(a) for a in daily.select(".chips-tags a")] == ["kap", "journal/daily", "calm", "tired"]
    links = [(text(a), a["href"]) for a in daily.select(".entry-body a")]
    assert links == [
        ("#calm", "../../tags/calm.html"),
        ("#tired", "../../tags/tired.html"),
        ("my sister", "../Lena.html"),
        ("Safety plan", "../Safety%20plan.html"),
    ]
    assert daily.select_one(".entry-body img")["src"] == "../Attachments/session-sketch.png"
    assert "Room #3 was warmer than #2." in entry_text(site, "Daily/2023-06-17.html")
    later = page(site / "entries/Morning pages.html")
    assert later.find("time")["datetime"] == "2023-06-18T10:00+00:00"  # created: in milliseconds
    assert text(later.find("h1")) == "Sunday, 18 June 2023"
    assert "Someone I have not written about" in entry_text(site, "Morning pages.html")
    assert not (site / "entries/.obsidian").exists()
    checked = run_cli("check", "--root", root).stdout
    assert "entries/Morning pages.md:4: warning: [[Someone I have not written about]]" in checked


def test_dendron_links_go_to_the_note_after_the_bar_and_show_the_label(tmp_path: Path) -> None:
    """Dendron writes `[[label|note.name]]`, the other way round from Obsidian: every label stays."""
    root = copy_of("dendron", tmp_path)
    assert run_cli("build", "--root", root).returncode == 0
    site = root / "site"
    daily = page(site / "entries/daily.journal.2023.06.17.html")
    links = [(text(a), a["href"]) for a in daily.select(".entry-body a")]
    assert links == [("how I prepare", "kap.preparation.html"), ("here", "people.lena.html")]
    words = entry_text(site, "daily.journal.2023.06.17.html")
    assert "Back to the notes of this page." in words
    assert "An idea I have not written up yet: later" in words
    checked = run_cli("check", "--root", root).stdout
    assert "entries/daily.journal.2023.06.17.md:16: warning: [[later]] names no entry" in checked
    assert "[[how I prepare]]" not in checked and "[[here]]" not in checked
    assert "[[the notes]]" not in checked  # a heading of this page
    preparing = page(site / "entries/kap.preparation.html").select(".entry-body a")
    assert [(text(a), a["href"]) for a in preparing] == [("people.lena", "people.lena.html")]


def test_logseq(tmp_path: Path) -> None:
    root = copy_of("logseq", tmp_path)
    assert run_cli("build", "--root", root).returncode == 0
    site = root / "site"
    day = page(site / "entries/journals/2023_06_17.html")
    assert text(day.find("h1")) == "Saturday, 17 June 2023"
    assert text(day.select_one(".entry-body > ul > li > ul > li > ul > li")) == "we talked about Dad"
    assert [text(a) for a in day.select(".entry-body a.wikilink")] == [
        "Lena",
        "Books/The Body Keeps the Score",
    ]
    dream = page(site / "entries/journals/2023_06_18.html")
    assert [text(a) for a in dream.select(".chips-tags a")] == ["inner child"]
    kap = page(site / "entries/pages/kap.html")
    assert kap.select_one(".entry-body a.wikilink")["href"] == "../journals/2023_06_17.html"
    assert text(page(site / "entries/pages/Books___The Body Keeps the Score.html").find("h1")) == (
        "Books/The Body Keeps the Score"
    )


def test_a_truly_broken_file_is_named_with_its_line(tmp_path: Path) -> None:
    root = copy_of("obsidian", tmp_path)
    (root / "entries/Templates/Unquoted.md").write_text("---\ncreated: {{date}}T{{time}}\n---\n# {{title}}\n")
    (root / "entries/Daily/2023-02-30.md").write_text("A day that does not exist.\n")
    built = run_cli("build", "--root", root)
    assert built.returncode == 1
    assert built.stderr.splitlines() == [
        "entries/Daily/2023-02-30.md:1: the file name starts with a date that does not exist: "
        "'2023-02-30' is not a real calendar date",
        "entries/Templates/Unquoted.md:2: front-matter is not valid YAML: expected <block end>, but found "
        "'<scalar>'",
        "journalgen: 2 problems; nothing was written.",
    ]
    checked = run_cli("check", "--root", root)
    assert checked.returncode == 1
    assert "entries/Templates/Unquoted.md:2: front-matter is not valid YAML" in checked.stdout


def test_their_pages_are_valid_html(tmp_path: Path) -> None:
    # Notes, their list, wikilinks, embeds and tag links, checked by the Nu HTML checker.
    vnu = FIXTURES.parent.parent.parent / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"
    java = shutil.which("java")
    assert java and vnu.is_file(), "run `make test` once: it installs Java and the Nu HTML checker"
    pages: list[str] = []
    for tool in TOOLS:
        root = copy_of(tool, tmp_path)
        assert run_cli("build", "--root", root).returncode == 0
        pages += sorted(str(p) for p in (root / "site").rglob("*.html"))
    checked = subprocess.run(
        [java, "-jar", str(vnu), "--errors-only", *pages], capture_output=True, text=True, timeout=300
    )
    assert checked.returncode == 0, checked.stderr
