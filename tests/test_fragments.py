"""A fragment (an entry as the list pages show it, site/render.py) is made once and shown again in
other folders only where every link it makes is the same there: a theme whose entry_item links
within a folder gets each folder's own links. The navigation is made once a folder too."""

from __future__ import annotations

from conftest import MakeJournal, entry
from helpers import page

from journalgen.build import build
from journalgen.config import load_config
from journalgen.site.theme import default_theme_dir

FILES = {
    f"2026/{n:02d}.md": entry(
        f"date: 2026-03-02\ntitle: Day {n}\ntags: [calm]\nemotions: [grief]", f"Words {n}.\n"
    )
    for n in range(1, 4)
}


def links(path: object, selector: str) -> list[str]:
    return [a["href"] for a in page(path).select(selector)]  # type: ignore[arg-type]


def test_each_folder_gets_its_own_links(make_journal: MakeJournal) -> None:
    root = make_journal(FILES)
    theme = root / "templates"
    theme.mkdir()
    macros = (default_theme_dir() / "_macros.html").read_text(encoding="utf-8")
    title = '<p class="entry-item-title">'
    assert title in macros
    linked = '<a class="to-tags" href="{{ url(\'tags/index.html\') }}">tags</a>' + title
    (theme / "_macros.html").write_text(macros.replace(title, linked), encoding="utf-8")
    config = load_config(root)
    build(config, jobs=1)
    site = config.output_dir
    assert links(site / "tags/calm.html", ".entry-list .to-tags") == ["index.html"] * 3
    assert links(site / "emotions/grief.html", ".entry-list .to-tags") == ["../tags/index.html"] * 3
    assert links(site / "days/2026-03-02.html", ".entry-list .to-tags") == ["../tags/index.html"] * 3
    assert links(site / "timeline.html", ".entry-list .to-tags") == ["tags/index.html"] * 3
    for path in ("tags/calm.html", "emotions/grief.html", "days/2026-03-02.html"):
        assert "../entries/2026/03.html" in links(site / path, ".entry-item-title a")


def test_the_navigation_is_made_once_a_folder_and_marks_the_page_it_names(make_journal: MakeJournal) -> None:
    root = make_journal(FILES)
    config = load_config(root)
    build(config, jobs=1)
    site = config.output_dir
    for path, current in [("timeline.html", "timeline.html"), ("tags/index.html", "index.html")]:
        marked = page(site / path).select(".site-nav a[aria-current=page]")
        assert [a["href"] for a in marked] == [current]
    for path in ("entries/2026/01.html", "tags/calm.html", "days/2026-03-02.html", "calendar.html"):
        marked = page(site / path).select(".site-nav a[aria-current]")
        assert [a["href"] for a in marked] == (["calendar.html"] if path == "calendar.html" else [])
    # A theme of the journal's own may give the navigation its own markup.
    (root / "templates").mkdir()
    nav = (default_theme_dir() / "_nav.html").read_text(encoding="utf-8")
    (root / "templates/_nav.html").write_text(nav.replace("<ul>", '<ul class="mine">'), encoding="utf-8")
    build(load_config(root), jobs=1)
    assert len(page(site / "tags/calm.html").select(".site-nav ul.mine li")) == 13
