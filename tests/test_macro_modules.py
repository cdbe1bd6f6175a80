"""The theme's macros are made once for each folder of the site, not again for every page; a
theme of the journal's own that imports them `with context` (the way themes were written before)
still builds the same pages."""

from __future__ import annotations

import shutil

import jinja2
import pytest
from conftest import MakeJournal, entry
from helpers import tree

from journalgen.build import build
from journalgen.config import load_config
from journalgen.site.theme import default_theme_dir

FILES = {
    **{
        f"2026/{n:02d}.md": entry(f"date: 2026-03-{n:02d}\ntags: [calm]", f"Words {n}.\n")
        for n in range(1, 13)
    },
    "safety-plan.md": entry("title: Safety plan", "Call Sam.\n"),
}


def test_macros_are_made_once_a_folder(make_journal: MakeJournal, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str | None] = []
    make_module = jinja2.Template.make_module

    def counted(self: jinja2.Template, *args: object, **kwargs: object) -> object:
        made.append(self.name)
        return make_module(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Template, "make_module", counted)
    config = load_config(make_journal(FILES))
    report = build(config, jobs=1)
    pages = [p for p in config.output_dir.rglob("*.html")]
    folders = {p.parent for p in pages}
    assert report.pages >= len(pages) >= 20 and len(folders) < 15
    # A module of each template of macros for each folder with pages that use it (and the one
    # _insight.html imports for each), not one or two for every page.
    assert 0 < made.count("_macros.html") <= 2 * len(folders)
    assert 0 < made.count("_insight.html") <= len(folders)


def test_a_theme_importing_macros_with_context_builds_the_same(make_journal: MakeJournal) -> None:
    root = make_journal(FILES)
    config = load_config(root)
    build(config)
    default = tree(config.output_dir)
    shutil.rmtree(config.output_dir)
    shutil.rmtree(config.cache_dir)
    theme = root / "templates"
    theme.mkdir()
    old = {"_macros.html": 'from "_macros.html" import', "_insight.html": 'from "_insight.html" import'}
    new = {name: f'from macros("{name}") import' for name in old}
    for name, before, after in [
        ("base.html", new["_macros.html"], old["_macros.html"]),
        ("base.html", "crisis_line %}", "crisis_line with context %}"),
        ("base.html", "crisis_line(page_path)", "crisis_line()"),
        ("entry.html", new["_macros.html"], old["_macros.html"]),
        ("entry.html", "care_note %}", "care_note with context %}"),
        ("entry.html", new["_insight.html"], old["_insight.html"]),
        ("entry.html", "lift_table %}", "lift_table with context %}"),
        ("entry.html", "care_note(page_path)", "care_note()"),
        ("term.html", new["_macros.html"], old["_macros.html"]),
        ("term.html", "entry_list %}", "entry_list with context %}"),
    ]:
        source = (theme / name) if (theme / name).exists() else default_theme_dir() / name
        text = source.read_text(encoding="utf-8")
        assert before in text
        (theme / name).write_text(text.replace(before, after), encoding="utf-8")
    build(load_config(root))
    assert tree(config.output_dir) == default
    plan = (config.output_dir / "entries/safety-plan.html").read_text(encoding="utf-8")
    assert (
        'class="plan-link"' not in plan
        and 'class="plan-link"' in (config.output_dir / "index.html").read_text()
    )
