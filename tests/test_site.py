"""End-to-end builds read with a real HTML parser: every page kind, links, privacy, safety.

The built sample journal is shared by the tests that only read it (built once per session by the
built_journal factory); tests that need a particular journal make their own in tmp_path.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import SAMPLE_ENTRIES, BuiltJournal, MakeJournal, copy_sample, entry, run_cli
from helpers import build_problems, build_site, other_hash_seed, page, text, tree

from journalgen.errors import JournalError
from journalgen.slugs import slug
from journalgen.source.safety import SAFETY_PLAN
from journalgen.write import MARKER

CACHE = ".journalgen-cache"
"""What a build keeps for the next one, beside the site (see test_incremental.py)."""
LINK_ATTRIBUTES = (("a", "href"), ("img", "src"), ("link", "href"), ("script", "src"))
URL_ATTRIBUTES = {
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "poster",
    "data",
    "cite",
    "ping",
    "manifest",
}


@pytest.fixture(scope="module")
def sample_site(built_journal: BuiltJournal) -> Path:
    """The repository's sample journal, built once for the session: read it, never change it."""
    return built_journal().site


@pytest.fixture(scope="module")
def sample_pages(sample_site: Path) -> dict[str, BeautifulSoup]:
    return {p.relative_to(sample_site).as_posix(): page(p) for p in sorted(sample_site.rglob("*.html"))}


def sample_sources() -> dict[str, str]:
    """The sample's entries by path below entries/ (not the safety plan, a page of its own)."""
    return {
        rel: p.read_text("utf-8")
        for p in SAMPLE_ENTRIES.rglob("*.md")
        if (rel := p.relative_to(SAMPLE_ENTRIES).as_posix()) != SAFETY_PLAN
    }


def sample_markdown_sources() -> list[str]:
    return [rel for rel, source in sorted(sample_sources().items()) if "\ndraft: true" not in source]


# --- every page kind on the sample journal -----------------------------------------------------


def test_every_page_kind_exists(sample_site: Path) -> None:
    for rel in ("index.html", "timeline.html", "robots.txt", "assets/style.css", MARKER):
        assert (sample_site / rel).is_file(), rel
    for folder in ("tags", "emotions", "routes"):
        assert (sample_site / folder / "index.html").is_file()
        assert len(list((sample_site / folder).glob("*.html"))) > 2
    for rel in sample_markdown_sources():
        assert (sample_site / "entries" / rel.replace(".md", ".html")).is_file(), rel
    assert not (sample_site / "entries/2026/2026-10-30-about-anger.html").exists()  # a draft
    assert (sample_site / "entries/2026/images/after-session-sketch.png").read_bytes() == (
        SAMPLE_ENTRIES / "2026/images/after-session-sketch.png"
    ).read_bytes()


BODY_FACTS = ["Body", "Dissociation", "Blood pressure", "Heart rate"]
"""The body's facts the sample's third session gives (tests/test_body.py reads them)."""


def test_session_page(sample_pages: dict[str, BeautifulSoup]) -> None:
    soup = sample_pages["entries/2026/2026-09-09-third-infusion.html"]
    assert text(soup.find("h1")) == "Third infusion"
    meta = soup.select_one(".entry-meta")
    assert text(meta.select_one(".kind")) == "Session #3"
    assert meta.find("time")["datetime"] == "2026-09-09"
    assert text(meta.find("time")) == "Wednesday, 9 September 2026"
    facts = {text(dt): dt.find_next_sibling("dd") for dt in soup.select(".facts dt")}
    assert list(facts) == ["Route", "Dose", "Mood", "Emotions", "Tags", *BODY_FACTS]
    assert text(facts["Route"]) == "IV infusion"
    assert facts["Route"].find("a")["href"] == "../../routes/iv.html"
    assert text(facts["Dose"]) == "0.75 mg/kg over 40 min"
    assert text(facts["Mood"]) == "7 of 10"
    assert [text(a) for a in facts["Emotions"].find_all("a")] == ["awe", "grief", "tenderness", "relief"]
    assert [a["href"] for a in facts["Tags"].find_all("a")] == [
        f"../../tags/{t}.html" for t in ("family", "therapy", "music", "self-talk")
    ]
    around = soup.select_one(".around")
    assert text(around.find("h2")) == "Around session #3"
    before = [(li.a["href"], text(li.select_one(".offset"))) for li in around.select(".arc-before li")]
    assert before == [("2026-09-08-intention-third-infusion.html", "intention, 1 day before")]
    written = {
        text(li.select_one(".slot-day")): [a["href"] for a in li.find_all("a")]
        for li in around.select(".rhythm .slot-written")
    }
    assert written["+1 day"] == ["2026-09-10-morning-after-the-third.html"]
    assert written["+7 days"] == ["2026-09-16-a-week-after-the-third.html"]
    assert soup.select_one("a[rel=prev]")["href"] == "2026-09-08-intention-third-infusion.html"
    assert soup.select_one("a[rel=next]")["href"] == "2026-09-10-morning-after-the-third.html"


def test_follow_up_page_links_to_its_session(sample_pages: dict[str, BeautifulSoup]) -> None:
    # No `session:` and no `route:` in the file: both come from the latest session before it.
    soup = sample_pages["entries/2026/2026-08-29-saturday-after-the-second.html"]
    link = soup.select_one(".entry-session a")
    assert link["href"] == "2026-08-26-second-infusion.html"
    assert text(link) == "+3 days after session #2"
    assert text(soup.select_one(".kind")) == "Follow-up"
    facts = text(soup.select_one(".facts"))
    assert "Route IV infusion" in facts
    assert "Dose" not in facts  # dose is shown on session pages only
    assert "Mood 6 of 10" in facts


def test_first_and_last_entries_have_one_neighbour(sample_pages: dict[str, BeautifulSoup]) -> None:
    first = sample_pages["entries/2026/2026-08-18-before-the-first-infusion.html"]
    last = sample_pages["entries/2026/2026-11-24-three-months.html"]
    assert first.select_one("a[rel=prev]") is None and first.select_one("a[rel=next]") is not None
    assert last.select_one("a[rel=next]") is None and last.select_one("a[rel=prev]") is not None


def test_pager_walks_every_entry_in_date_order(
    sample_site: Path, sample_pages: dict[str, BeautifulSoup]
) -> None:
    current = "entries/2026/2026-08-18-before-the-first-infusion.html"
    seen = [current]
    while (next_link := sample_pages[current].select_one("a[rel=next]")) is not None:
        target = (sample_site / current).parent / next_link["href"]
        current = target.resolve().relative_to(sample_site.resolve()).as_posix()
        seen.append(current)
    assert len(seen) == len(sample_markdown_sources())
    dates = [sample_pages[p].select_one(".entry-meta time")["datetime"] for p in seen]
    assert dates == sorted(dates)


def test_index_page(sample_pages: dict[str, BeautifulSoup]) -> None:
    soup = sample_pages["index.html"]
    assert text(soup.find("h1")) == "My KAP journal"
    assert text(soup.select_one(".lede")).startswith(f"{len(sample_markdown_sources())} entries, 7 sessions.")
    latest = [a["href"] for a in soup.select(".entry-item-title a")]
    assert latest[0] == "entries/2026/2026-11-24-three-months.html"
    assert 1 < len(latest) <= 10
    hrefs = {a["href"] for a in soup.select("main a")}
    assert {"timeline.html", "tags/index.html", "emotions/index.html", "routes/index.html"} <= hrefs


def test_timeline(sample_pages: dict[str, BeautifulSoup]) -> None:
    soup = sample_pages["timeline.html"]
    months = [text(h) for h in soup.select(".timeline-month h3")]
    assert months == ["November 2026", "October 2026", "September 2026", "August 2026"]
    sessions = soup.select(".timeline-month > ol > li.kind-session")
    assert [text(li.select_one(".kind")) for li in sessions] == [f"Session #{n}" for n in range(7, 0, -1)]
    second = next(li for li in sessions if text(li.select_one(".kind")) == "Session #2")
    followups = [
        (a["href"], text(a.find_next_sibling(class_="offset"))) for a in second.select(".followups a")
    ]
    assert followups == [("entries/2026/2026-08-29-saturday-after-the-second.html", "+3 days")]
    third = next(li for li in sessions if text(li.select_one(".kind")) == "Session #3")
    assert [text(o) for o in third.select(".followups .offset")] == ["+1 day", "+7 days", "+28 days"]
    # Every entry appears exactly once; follow-ups only under their session.
    links = [a["href"] for a in soup.select("main a") if a["href"].startswith("entries/")]
    assert sorted(links) == sorted(f"entries/{p.replace('.md', '.html')}" for p in sample_markdown_sources())
    top_level = {
        li.select_one(".entry-item-title a")["href"] for li in soup.select(".timeline-month > ol > li")
    }
    assert "entries/2026/2026-08-29-saturday-after-the-second.html" not in top_level


@pytest.mark.parametrize(
    ("folder", "plural"), [("tags", "Tags"), ("emotions", "Emotions"), ("routes", "Routes")]
)
def test_term_pages_and_their_index(
    sample_site: Path, sample_pages: dict[str, BeautifulSoup], folder: str, plural: str
) -> None:
    index = sample_pages[f"{folder}/index.html"]
    assert text(index.find("h1")) == plural
    listed = index.select(".term-index li")
    assert len(listed) == len(list((sample_site / folder).glob("*.html"))) - 1
    for li in listed:
        href = li.find("a")["href"]
        count = int(text(li.select_one(".count")).split()[0])
        term = sample_pages[f"{folder}/{href}"]
        assert text(term.find("h1")).endswith(": " + text(li.find("a")))
        assert len(term.select(".entry-item")) == count
        assert term.select_one(".breadcrumb a")["href"] == "index.html"
        dates = [t["datetime"] for t in term.select(".entry-item time")]
        assert dates == sorted(dates, reverse=True)


def test_term_counts_match_the_sources(sample_pages: dict[str, BeautifulSoup]) -> None:
    counts = {
        text(li.find("a")): text(li.select_one(".count"))
        for li in sample_pages["tags/index.html"].select(".term-index li")
    }
    sources = [s for s in sample_sources().values() if "\ndraft: true" not in s]
    family = sum(1 for s in sources if re.search(r"^tags:.*\bfamily\b", s, re.MULTILINE))
    assert counts["family"] == f"{family} entries"
    routes = {text(li.find("a")) for li in sample_pages["routes/index.html"].select(".term-index li")}
    assert routes == {"IV infusion", "Nasal spray", "Oral lozenge"}


def test_unanswered_prompts_and_comments_never_reach_the_sample_site(sample_site: Path) -> None:
    for path in sample_site.rglob("*.html"):
        html = path.read_text("utf-8")
        assert "<!--" not in html, path
    soup = page(sample_site / "entries/2026/2026-08-22-three-days-on.html")
    headings = [text(h) for h in soup.select(".entry-body h3")]
    # Not a question of the prompt templates (the sample words it its own way): shown, though
    # nothing is written under it; every line the person wrote is on the page.
    assert "What has shifted, what has stayed?" in headings
    assert "How do I feel now compared with before the session?" in headings


# --- links, privacy -----------------------------------------------------------------------------


def user_written_urls() -> set[str]:
    urls: set[str] = set()
    for source in sample_sources().values():
        urls.update(re.findall(r"https?://[^\s)>\]\"']+", source))
    return urls


def internal_links(site: Path, pages: dict[str, BeautifulSoup]) -> tuple[int, list[str]]:
    """Check every internal link of a built site; return how many were checked and the broken ones."""
    checked, broken = 0, []
    for rel, soup in pages.items():
        here = (site / rel).parent
        for tag, attribute in LINK_ATTRIBUTES:
            for element in soup.find_all(tag, attrs={attribute: True}):
                url = element[attribute]
                parts = urlsplit(url)
                if parts.scheme or parts.netloc:
                    continue  # external: see test_no_external_url_except_links_the_user_wrote
                checked += 1
                if parts.path.startswith("/"):
                    broken.append(f"{rel}: {url} is not relative")
                    continue
                target_soup = soup
                if parts.path:
                    target = (here / unquote(parts.path)).resolve()
                    if not target.is_file() or site.resolve() not in target.parents:
                        broken.append(f"{rel}: {url} does not name a file in the site")
                        continue
                    target_soup = pages.get(target.relative_to(site.resolve()).as_posix())
                if (
                    parts.fragment
                    and target_soup is not None
                    and not target_soup.find(id=unquote(parts.fragment))
                ):
                    broken.append(f"{rel}: {url} names no element on its page")
    return checked, broken


def test_every_internal_link_names_an_existing_file(
    sample_site: Path, sample_pages: dict[str, BeautifulSoup]
) -> None:
    checked, broken = internal_links(sample_site, sample_pages)
    assert broken == []
    assert checked > 500


def test_links_to_entries_with_unusual_file_names(make_journal: MakeJournal) -> None:
    root = make_journal(
        {
            "Sub Folder/2026-11-20 Session #3 ü.md": entry(
                "kind: session\ntags: [Fünf Wörter]",
                "[next](<../2026-11-21 50% & more.md>) ![p](pic%20one.png)\n",
            ),
            "Sub Folder/pic one.png": b"\x89PNG\r\n\x1a\n",
            "2026-11-21 50% & more.md": entry(
                "kind: follow-up", "[back](<Sub%20Folder/2026-11-20%20Session%20%233%20ü.md>)\n"
            ),
        }
    )
    out = build_site(root)
    pages = {p.relative_to(out).as_posix(): page(p) for p in out.rglob("*.html")}
    assert "entries/Sub Folder/2026-11-20 Session #3 ü.html" in pages
    checked, broken = internal_links(out, pages)
    assert broken == []
    assert checked > 50


def test_no_external_url_except_links_the_user_wrote(
    sample_site: Path, sample_pages: dict[str, BeautifulSoup]
) -> None:
    allowed = user_written_urls()
    assert allowed, "the sample journal should show an external link"
    seen_user_links = 0
    for rel, soup in sample_pages.items():
        for element in soup.find_all(True):
            for attribute, value in element.attrs.items():
                values = value if isinstance(value, list) else [value]
                if attribute == "srcset":
                    values = [part.split()[0] for part in value.split(",") if part.strip()]
                for item in values:
                    if attribute in URL_ATTRIBUTES:
                        parts = urlsplit(item.strip())
                        # data: is inline (the favicon): it asks nothing of anyone
                        external = bool(parts.scheme or parts.netloc) and parts.scheme != "data"
                    else:
                        external = "://" in item or "url(" in item
                    if not external:
                        continue
                    is_user_link = (
                        element.name == "a"
                        and attribute == "href"
                        and item in allowed
                        and element.find_parent(class_="entry-body") is not None
                    )
                    assert is_user_link, f"{rel}: <{element.name} {attribute}={item!r}>"
                    seen_user_links += 1
        raw = (sample_site / rel).read_text("utf-8")
        for url in allowed:
            raw = raw.replace(f'href="{url}"', "")
        assert not re.search(r"https?:|//[a-z0-9.-]+\.[a-z]{2,}/", raw, re.IGNORECASE), rel
    assert seen_user_links >= 1
    for css in sample_site.rglob("*.css"):
        style = css.read_text("utf-8")
        assert "@import" not in style and "url(" not in style and "://" not in style


def test_csp_keeps_the_browser_to_the_sites_own_files(sample_pages: dict[str, BeautifulSoup]) -> None:
    for rel, soup in sample_pages.items():
        csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert csp is not None, rel
        assert "default-src 'self'" in csp["content"]
        assert "http" not in csp["content"]


def test_every_page_asks_robots_and_referrers_to_stay_away(
    sample_site: Path, sample_pages: dict[str, BeautifulSoup]
) -> None:
    assert len(sample_pages) > 40
    for rel, soup in sample_pages.items():
        robots = soup.find_all("meta", attrs={"name": "robots"})
        referrer = soup.find_all("meta", attrs={"name": "referrer"})
        assert [m["content"] for m in robots] == ["noindex, nofollow"], rel
        assert [m["content"] for m in referrer] == ["no-referrer"], rel
        assert soup.find("html")["lang"] == "en"
        for script in soup.find_all("script"):  # only the site's own script files, never inline
            assert script.get("src", "").endswith(".js") and not script.string, rel
            assert (page_path := (sample_site / rel).parent / script["src"]).resolve().is_file(), page_path
    assert (sample_site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"


def test_crisis_text_in_every_footer(sample_pages: dict[str, BeautifulSoup]) -> None:
    for rel, soup in sample_pages.items():
        assert "988" in text(soup.select_one("footer .crisis")), rel


# --- Markdown bodies -------------------------------------------------------------------------

PROMPTS = """\
Opening words.

<!-- a private note that must not reach the site -->

## Before the session

### My intention
<!-- one sentence, in your own words -->
To stay curious.

### What I hope to explore
<!-- a memory, a question, a feeling -->

### Fears or worries

## After

### Empty prompt at the end
<!-- nothing here -->
"""


TEMPLATE = """\
---
date: {{ date }}
---
# {{ title or "Intention" }}

## Before the session

### My intention
<!-- one sentence, in your own words -->

### What I hope to explore
<!-- a memory, a question, a feeling -->

### Fears or worries

## After

### Empty prompt at the end
"""


def test_unanswered_prompt_headings_and_comments_are_left_out(make_journal: MakeJournal) -> None:
    # Only the questions of the journal's prompt templates are ever left out.
    root = make_journal(
        {"x.md": entry("title: t\ndate: 2026-11-20", PROMPTS), "/templates/prompts/mine.md": TEMPLATE}
    )
    out = build_site(root)
    html = (out / "entries/x.html").read_text("utf-8")
    assert "<!--" not in html and "private note" not in html and "one sentence" not in html
    soup = page(out / "entries/x.html")
    headings = [text(h) for h in soup.select(".entry-body h2, .entry-body h3")]
    assert headings == ["Before the session", "My intention"]
    assert [text(p) for p in soup.select(".entry-body p")] == ["Opening words.", "To stay curious."]


def test_a_heading_of_ones_own_stays_with_nothing_under_it(make_journal: MakeJournal) -> None:
    # Without a prompt template asking them, the same empty headings are the person's own words.
    root = make_journal({"x.md": entry("title: t\ndate: 2026-11-20", PROMPTS)})
    soup = page(build_site(root) / "entries/x.html")
    headings = [text(h) for h in soup.select(".entry-body h2, .entry-body h3")]
    assert headings == [
        "Before the session",
        "My intention",
        "What I hope to explore",
        "Fears or worries",
        "After",
        "Empty prompt at the end",
    ]


def test_markdown_extensions(make_journal: MakeJournal) -> None:
    body = """\
        | a | b |
        |---|---|
        | 1 | 2 |

        Said it.[^1]

        ```python
        x = "<b>"
        ```

        A paragraph
        {: .quiet }

        | left | right | middle |
        |:-----|------:|:------:|
        | 1    | 2     | 3      |

        [^1]: The note.
    """
    root = make_journal({"x.md": entry("title: t\ndate: 2026-11-20", body)})
    soup = page(build_site(root) / "entries/x.html")
    assert soup.select_one(".entry-body table td") is not None
    assert soup.select_one(".entry-body .footnote") is not None
    assert text(soup.select_one(".entry-body pre code")) == 'x = "<b>"'
    assert soup.select_one(".entry-body p.quiet") is not None
    # Alignment as classes: the Content-Security-Policy would block style attributes.
    cells = soup.select(".entry-body table")[1].select("th")
    assert [c.get("class") for c in cells] == [["align-left"], ["align-right"], ["align-center"]]
    assert soup.select_one("[style]") is None


def test_relative_links_to_entries_point_at_their_pages(make_journal: MakeJournal) -> None:
    body = """\
        [then](../2026/2026-01-05-x.md), [same folder](2026-02-01-y.md#part), [up](../notes/z.markdown)
        and [outside](https://example.org/readme.md) and [picture](pic.png) and [mail](mailto:a@b.c)
        and [odd](http://[not-an-address]/a.md), which is left as written.
    """
    root = make_journal(
        {
            "2026/2026-01-05-x.md": entry("title: X"),
            "2026/2026-02-01-y.md": entry("title: Y", "## part\n\nwords\n"),
            "notes/z.markdown": entry("title: Z\ndate: 2026-03-01"),
            "2026/2026-03-02-links.md": entry("title: Links", body),
            "2026/pic.png": b"\x89PNG\r\n\x1a\n",
        }
    )
    out = build_site(root)
    soup = page(out / "entries/2026/2026-03-02-links.html")
    hrefs = [a["href"] for a in soup.select(".entry-body a")]
    assert hrefs == [
        "../2026/2026-01-05-x.html",
        "2026-02-01-y.html#part",
        "../notes/z.html",
        "https://example.org/readme.md",
        "pic.png",
        "mailto:a@b.c",
        "http://[not-an-address]/a.md",
    ]
    for href in hrefs[:3] + hrefs[4:5]:
        assert (out / "entries/2026" / href.partition("#")[0]).resolve().is_file(), href


def test_other_files_are_copied_and_editor_leftovers_ignored(make_journal: MakeJournal) -> None:
    files: dict[str, str | bytes] = {
        "2026/2026-11-20-x.md": entry(
            "title: X", "![a sketch](img/sketch.png)\n\n[notes](files/notes.pdf)\n"
        ),
        "2026/img/sketch.png": b"\x89PNG\r\n\x1a\nimage",
        "2026/files/notes.pdf": b"%PDF-1.4 notes",
        "2026/files/data.csv": "a,b\n1,2\n",
    }
    leftovers = [
        ".hidden.md",
        "2026/.x",
        "2026/.2026-11-21-hidden.md",
        "2026/2026-11-20-x.md~",
        "2026/x~",
        "2026/x.swp",
        "2026/.2026-11-20-x.md.swp",
        "2026/#2026-11-22-x.md#",
        "2026/#x#",
        "2026/4913",
        ".git/config",
        ".obsidian/workspace.json",
        "2026/.trash/2026-11-23-deleted.md",
    ]
    for rel in leftovers:
        files[rel] = entry("title: [not valid yaml") if rel.endswith(("md", "#", "~")) else b"junk"
    root = make_journal(files)
    out = build_site(root)
    copied = sorted(f"entries/{rel}" for rel in tree(out / "entries"))
    assert copied == [
        "entries/2026/2026-11-20-x.html",
        "entries/2026/files/data.csv",
        "entries/2026/files/notes.pdf",
        "entries/2026/img/sketch.png",
    ]
    assert (out / "entries/2026/img/sketch.png").read_bytes() == b"\x89PNG\r\n\x1a\nimage"
    soup = page(out / "entries/2026/2026-11-20-x.html")
    assert soup.select_one(".entry-body img")["src"] == "img/sketch.png"
    assert soup.select_one(".entry-body img")["alt"] == "a sketch"
    everything = b"".join(tree(out).values())
    assert b"junk" not in everything


# --- deterministic, atomic ----------------------------------------------------------------------


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    roots = []
    for name in ("one", "somewhere/else/two"):
        root = tmp_path / name
        copy_sample(root)
        roots.append(root)
    first = tree(build_site(roots[0]))
    again = tree(build_site(roots[0]))
    # The real command in another process, hashing with another seed: set order must not show.
    result = run_cli("build", "--root", roots[1], env={"PYTHONHASHSEED": other_hash_seed()})
    assert result.returncode == 0, result.stderr
    elsewhere = tree(roots[1] / "site")
    assert len(first) > 60
    assert first == again
    assert first == elsewhere  # nothing of where the journal lives leaks into the site


def test_failed_build_leaves_the_old_site_byte_identical(sample_journal: Path) -> None:
    result = run_cli("build", "--root", sample_journal)
    assert result.returncode == 0, result.stderr
    site = sample_journal / "site"
    before = tree(site)
    beside = sorted(p.name for p in sample_journal.iterdir())
    (sample_journal / "entries/2026/2026-12-01-bad.md").write_text(
        entry("title: Bad\nmood: 5\nroute: teleport")
    )
    (sample_journal / "entries/2026/2026-12-02-title.md").write_text("---\ntitle: Good\n\nno closing fence\n")
    result = run_cli("build", "--root", sample_journal)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("entries/2026/2026-12-01-bad.md:4: unknown route 'teleport'")
    assert lines[1].startswith("entries/2026/2026-12-02-title.md:1: front-matter starts with ---")
    assert lines[2] == "journalgen: 2 problems; nothing was written."
    assert "Traceback" not in result.stderr + result.stdout
    assert tree(site) == before
    assert sorted(p.name for p in sample_journal.iterdir()) == beside


def test_failure_while_writing_leaves_no_temporary_folder(make_journal: MakeJournal) -> None:
    root = make_journal({"2026-11-20-a.md": entry("title: A")})
    site = build_site(root)
    before = tree(site)
    # Two sources that would both become entries/2026-11-20-b.html: found before writing, as check does.
    (root / "entries/2026-11-20-b.md").write_text(entry("title: B"))
    (root / "entries/2026-11-20-b.markdown").write_text(entry("title: B again"))
    problems = build_problems(root)
    assert problems == [
        "entries/2026-11-20-b.md: makes the same file of the site (entries/2026-11-20-b.html) as "
        "entries/2026-11-20-b.markdown; rename one"
    ]
    assert tree(site) == before
    assert sorted(p.name for p in root.iterdir() if p.name != CACHE) == ["entries", "site"]


def test_template_error_leaves_the_old_site(make_journal: MakeJournal) -> None:
    root = make_journal({"2026-11-20-a.md": entry("title: A")})
    site = build_site(root)
    before = tree(site)
    (root / "templates").mkdir()
    (root / "templates/index.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ nothing.here }}\n'
    )
    problems = build_problems(root)
    assert len(problems) == 1 and problems[0].startswith("templates/index.html:"), problems
    assert tree(site) == before
    assert sorted(p.name for p in root.iterdir() if p.name != CACHE) == ["entries", "site", "templates"]


def test_a_site_journalgen_made_is_replaced_whole(make_journal: MakeJournal) -> None:
    root = make_journal({"2026-11-20-a.md": entry("title: A"), "2026-11-21-b.md": entry("title: B")})
    site = build_site(root)
    (root / "entries/2026-11-21-b.md").unlink()
    build_site(root)
    assert not (site / "entries/2026-11-21-b.html").exists()
    assert (site / MARKER).is_file()
    empty = root / "empty"
    empty.mkdir()
    assert build_site(root, output=empty) == empty and (empty / "index.html").is_file()


# --- output-folder refusals ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "why"),
    [
        (".", "it is the journal folder itself or holds it"),
        ("..", "it is the journal folder itself or holds it"),
        ("entries", "it is inside entries/"),
        ("entries/site", "it is inside entries/"),
        ("templates", "it is inside templates/"),
        ("templates/static", "it is inside templates/"),
        ("mine", "the folder is not empty and was not made by journalgen"),
        ("notes.txt", "it exists and is not a folder journalgen made"),
    ],
)
def test_output_folder_refusals(make_journal: MakeJournal, output: str, why: str) -> None:
    root = make_journal(
        {
            "2026-11-20-a.md": entry("title: A"),
            "/templates/static/mine.css": "p {}\n",
            "/mine/keep.txt": "my own file\n",
            "/notes.txt": "a file\n",
        }
    )
    before = tree(root.parent)
    result = run_cli("build", "--root", root, "--output", root / output)
    assert result.returncode == 1
    assert why in result.stderr and "refusing to build here" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(root.parent) == before
    assert sorted(p.name for p in root.iterdir()) == ["entries", "mine", "notes.txt", "templates"]


def test_output_refusal_from_journal_toml(make_journal: MakeJournal) -> None:
    root = make_journal({"2026-11-20-a.md": entry("title: A")}, config='output = "entries"\n')
    assert build_problems(root) == [
        "entries: refusing to build here: it is inside entries/, which holds your own files; "
        "choose another --output"
    ]


# --- escaping and safe file names ----------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "../../etc",
    "..",
    "CON",
    "aux.",
    "nul",
    "🌊",
    "🌊🌊",
    "Cafe\u0301",
    "Café",
    "a/b\\c",
    '" onmouseover="x',
    "x" * 300,
]


def test_hostile_titles_and_tags_are_escaped_and_safe(make_journal: MakeJournal) -> None:
    front = "title: \"<script>alert('t')</script> & <b>bold</b>\"\ndate: 2026-11-20\nkind: session\n"
    front += "dose: <img src=x onerror=alert(1)>\n"
    front += (
        "tags: ["
        + ", ".join(f'"{t}"' for t in (h.replace("\\", "\\\\").replace('"', '\\"') for h in HOSTILE))
        + "]\n"
    )
    front += "emotions: ['<script>', '../x']"
    root = make_journal({"x.md": entry(front)})
    out = build_site(root)
    for path in out.rglob("*"):
        assert out.resolve() in path.resolve().parents
        if path.suffix == ".html":
            raw = path.read_text("utf-8")
            soup = BeautifulSoup(raw, "html.parser")
            assert all(tag.get("src", "").startswith(("assets/", "../")) for tag in soup.find_all("script"))
            assert "<script>" not in raw.lower() and "alert(1)</script>" not in raw.lower(), path
            assert "<img src=x" not in raw and "<b>bold" not in raw, path
            assert 'onmouseover="x' not in raw, path
    assert not (root / "etc").exists() and not (root.parent / "etc").exists()
    soup = page(out / "entries/x.html")
    assert text(soup.find("h1")) == "<script>alert('t')</script> & <b>bold</b>"
    assert text(soup.find("title")).startswith("<script>alert('t')</script> & <b>bold</b> · ")
    assert "Dose <img src=x onerror=alert(1)>" in text(soup.select_one(".facts"))
    assert soup.find("img") is None and soup.find("b") is None
    labels = [text(a) for a in soup.select(".chips-tags a")]
    assert "<script>alert(1)</script>" in labels and "../../etc" in labels and "café" in labels
    assert labels.count("café") == 1  # NFC: "Cafe\u0301" and "Café" are one tag
    names = sorted(p.name for p in (out / "tags").iterdir())
    assert len(names) == len(HOSTILE) - 1 + 1  # the two cafés fold into one; plus index.html
    reserved = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
    for name in names + sorted(p.name for p in (out / "emotions").iterdir()):
        stem = name.removesuffix(".html")
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", stem), name
        assert stem not in reserved and len(name) < 100, name
    assert [a["href"] for a in soup.select(".chips-tags a")][
        labels.index("🌊")
    ] == f"../tags/{slug('🌊')}.html"


def test_emoji_only_tags_get_stable_non_empty_slugs(make_journal: MakeJournal) -> None:
    one = make_journal({"x.md": entry("date: 2026-11-20\ntags: ['🌊']")}, name="one")
    two = make_journal({"x.md": entry("date: 2026-11-20\ntags: ['🌊', '🔥', 'calm']")}, name="two")
    first = sorted(p.name for p in (build_site(one) / "tags").iterdir())
    second = sorted(p.name for p in (build_site(two) / "tags").iterdir())
    wave = [n for n in first if n != "index.html"]
    assert len(wave) == 1 and len(wave[0]) > len(".html") + 2
    assert wave[0] in second and len(second) == 4
    assert wave[0] == f"{slug('🌊')}.html" and slug("🌊") != slug("🔥")


def test_tags_that_slug_alike_get_their_own_pages(make_journal: MakeJournal) -> None:
    root = make_journal({"x.md": entry("date: 2026-11-20\ntags: [self talk, self-talk, Self_Talk]")})
    out = build_site(root)
    pages = sorted(p.name for p in (out / "tags").iterdir() if p.name != "index.html")
    assert len(pages) == 3
    headings = sorted(text(page(out / "tags" / p).find("h1")) for p in pages)
    assert headings == ["Tag: self talk", "Tag: self-talk", "Tag: self_talk"]


def test_error_for_a_hostile_journal_is_still_one_line_per_problem(make_journal: MakeJournal) -> None:
    root = make_journal({"x.md": entry('date: 2026-11-20\nroute: "<script>\\nCON"')})
    problems = build_problems(root)
    assert len(problems) == 1 and problems[0].startswith("entries/x.md:3: unknown route")
    with pytest.raises(JournalError):
        build_site(root)


# --- small journals ----------------------------------------------------------------------------


def test_an_empty_journal_builds_a_welcoming_site(make_journal: MakeJournal) -> None:
    out = build_site(make_journal({}))
    assert "Nothing written yet" in text(page(out / "index.html").find("main"))
    assert "No entries yet" in text(page(out / "timeline.html").find("main"))
    for folder in ("tags", "emotions", "routes"):
        assert "None yet" in text(page(out / folder / "index.html").find("main"))
    assert sorted(tree(out)) == [
        MARKER,
        "assets/search.js",
        "assets/style.css",
        "body.html",
        "calendar.html",
        "emotions/index.html",
        "index.html",
        "measures.html",
        "notes.html",
        "robots.txt",
        "routes/index.html",
        "search.html",
        "sessions.html",
        "steps.html",
        "tags/index.html",
        "threads.html",
        "timeline.html",
    ]


def test_the_journals_templates_override_the_theme_file_by_file(make_journal: MakeJournal) -> None:
    root = make_journal(
        {
            "2026-11-20-x.md": entry("title: X"),
            "/templates/static/style.css": "body { color: black; }\n",
            "/templates/static/fonts/extra.txt": "mine\n",
            "/templates/index.html": (
                '{% extends "base.html" %}{% block main %}<h1>My own home</h1>{% endblock %}\n'
            ),
        }
    )
    out = build_site(root)
    assert (out / "assets/style.css").read_text() == "body { color: black; }\n"
    assert (out / "assets/fonts/extra.txt").read_text() == "mine\n"
    assert text(page(out / "index.html").find("h1")) == "My own home"
    assert text(page(out / "entries/2026-11-20-x.html").find("h1")) == "X"  # the default entry page
