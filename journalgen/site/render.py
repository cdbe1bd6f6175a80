"""Render one planned page into bytes: its template with `url()`, the navigation, the config and
the safety plan's path.

`url()` makes every internal link relative to the page and names a file, so the site works from
disk (file://) as well as served. A template problem is a JournalError naming the template and
line, never a traceback.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from journalgen.config import Config
from journalgen.errors import JournalError
from journalgen.site.page import NAV, Page

Fragments = dict[tuple[str, str, int, tuple[Any, ...]], tuple[Any, Markup, frozenset[str]]]
"""Rendered fragments: (folder, macro, id of the view, other arguments) → (the view, its HTML,
the fields of entry views it read)."""

MACROS = "_macros.html"
"""The template whose macros `fragment()` renders."""
NAV_TEMPLATE = "_nav.html"
"""The template whose `site_nav` macro `site_nav()` renders."""
_NAV_PATHS = frozenset(path for path, _ in NAV)

Made = tuple[Any, Markup, frozenset[str], tuple[tuple[str, str], ...]]
"""A fragment as made for one folder: the view, its HTML, the fields of entry views it read,
and (target, link) of each link it made."""
_NESTED = ("", "\0fragment")
"""Noted among a fragment's links when it shows another fragment."""


class PageRenderer:
    """Renders the pages of one site through one Jinja environment.

    Lists of thousands of entries (the timeline, a tag's page) show each entry as the same few
    lines, wherever it is listed: templates call `fragment("entry_item", entry)`, which renders the
    macro once for each entry and folder (links are relative to it) and reuses it on every page
    of that folder. `fragments` may be kept between builds while the views and theme are the same.
    """

    def __init__(
        self,
        config: Config,
        env: jinja2.Environment,
        safety_plan: str | None = None,
        fragments: Fragments | None = None,
    ) -> None:
        self.config = config
        self.env = env
        self.safety_plan = safety_plan
        """The site path of the journal's safety plan, which every page links to; None: it has none."""
        self._urls: dict[str, dict[str, str]] = {}
        """Links already made, by the folder of the page they are on: target → relative URL."""
        self._templates: dict[tuple[str, str], jinja2.Template] = {}
        """Templates of macros, by the folder of the pages they are rendered for and name."""
        self._fragments_of: dict[str, Callable[..., Markup]] = {}
        """fragment() for the pages of each folder."""
        self.fragments: Fragments = fragments if fragments is not None else {}
        self.reads: dict[str, set[str]] = {}
        """The fields of entry views each template read (theme.PageEnvironment), by template."""
        self._fields: dict[frozenset[str], frozenset[str]] = {}
        """Each set of fields fragments read, kept once: thousands of fragments read the same few."""
        self._alike: dict[tuple[str, int, tuple[Any, ...]], list[Made]] = {}
        """The fragments made for any folder, by macro, id of the view and other arguments, with
        the links each made: another folder uses one whose links it makes the same."""
        self._linked: list[tuple[str, str]] | None = None
        """(target, link) of each url() while a fragment renders."""
        self._navs: dict[str, Callable[[str], Markup]] = {}
        """site_nav() for the pages of each folder."""
        self._macros_of: dict[str, Callable[[str], jinja2.Template]] = {}
        """macros() for the pages of each folder."""

    def _url(self, folder: str) -> Callable[[str], str]:
        links = self._urls.get(folder)
        if links is None:
            links = self._urls[folder] = {}

        def url(target: str) -> str:
            # Pages link to the same few targets again and again (nav, neighbours, terms).
            try:
                made = links[target]
            except KeyError:
                made = links[target] = _relative_url(folder, target)
            if self._linked is not None:  # while a fragment renders: what it links to
                self._linked.append((target, made))
            return made

        return url

    def _fragment(self, folder: str) -> Callable[..., Markup]:
        """fragment(name, view, *args) for the pages of a folder: the macro's HTML, made once, and
        used again in other folders where every link it makes is the same (`tags/` and `days/`)."""
        made = self._fragments_of.get(folder)
        if made is not None:
            return made
        fragments, env, alike, url = self.fragments, self.env, self._alike, self._url(folder)

        def fragment(name: str, view: Any, *args: Any) -> Markup:
            reads: set[str] = env.reads  # type: ignore[attr-defined]  # the page's (render)
            key = (folder, name, id(view), args)
            found = fragments.get(key)
            if found is not None and found[0] is view:
                reads.update(found[2])
                return found[1]
            outer = self._linked
            if outer is not None:
                outer.append(_NESTED)  # what a fragment inside it links to is not told: never shared
            for other, html, fields, links in alike.get(key[1:], ()):
                if other is view and all(url(target) == link for target, link in links):
                    fragments[key] = (view, html, fields)
                    reads.update(fields)
                    return html
            inner: set[str] = set()
            env.reads = inner  # type: ignore[attr-defined]
            self._linked = linked = []
            try:
                html = getattr(self._template(folder, MACROS).module, name)(view, *args)
            finally:
                env.reads = reads  # type: ignore[attr-defined]
                self._linked = outer
            reads.update(inner)
            fields = frozenset(inner)
            fields = self._fields.setdefault(fields, fields)
            fragments[key] = (view, html, fields)
            if _NESTED not in linked:
                alike.setdefault(key[1:], []).append((view, html, fields, tuple(dict.fromkeys(linked))))
            return html

        self._fragments_of[folder] = fragment
        return fragment

    def _macros(self, folder: str) -> Callable[[str], jinja2.Template]:
        """macros(name) for the pages of a folder: the template of macros as they use it."""
        made = self._macros_of.get(folder)
        if made is None:

            def macros(name: str) -> jinja2.Template:
                return self._template(folder, name)

            made = self._macros_of[folder] = macros
        return made

    def _nav(self, folder: str) -> Callable[[str], Markup]:
        """site_nav(page_path) for the pages of a folder: the navigation, made once for the folder
        and once for each page of it the navigation names."""
        made = self._navs.get(folder)
        if made is not None:
            return made
        shown: dict[str | None, Markup] = {}

        def site_nav(page_path: str) -> Markup:
            current = page_path if page_path in _NAV_PATHS else None
            found = shown.get(current)
            if found is None:
                found = shown[current] = self._template(folder, NAV_TEMPLATE).module.site_nav(current)
            return found

        self._navs[folder] = site_nav
        return site_nav

    def forget_fragments(self) -> None:
        """Drop the fragments made so far (the pages still to render will not list them again)."""
        self.fragments.clear()
        self._alike.clear()

    def _template(self, folder: str, name: str) -> jinja2.Template:
        """A template of macros as pages of this folder use them: what its macros read of a page
        (site, url, nav, safety_plan, fragment) are its globals, so its module is made once per
        folder; pages import it without context (`{% from macros("_macros.html") import when %}`)."""
        found = self._templates.get((folder, name))
        if found is None:
            env = self.env
            loaded = env.get_template(name)
            names = {
                "site": self.config,
                "url": self._url(folder),
                "nav": NAV,
                "safety_plan": self.safety_plan,
                "fragment": self._fragment(folder),
            }
            namespace = {
                "name": loaded.name,
                "__file__": loaded.filename,
                "blocks": loaded.blocks,
                "root": loaded.root_render_func,
                "debug_info": loaded._debug_info,  # (the line numbers of its errors)
            }
            found = env.template_class.from_module_dict(env, namespace, env.make_globals(names))
            self._templates[(folder, name)] = found
        return found

    def render(self, page: Page) -> bytes:
        """The page's bytes; a template problem raises JournalError naming the template and line."""
        if page.template is None:
            return page.produce() if page.produce is not None else page.data or b""
        path = page.path
        folder = posixpath.dirname(path)
        env = self.env
        reads: set[str] = set()
        env.reads = reads  # type: ignore[attr-defined]
        try:
            html = env.get_template(page.template).render(
                site=self.config,
                page_path=path,
                url=self._url(folder),
                nav=NAV,
                site_nav=self._nav(folder),
                safety_plan=self.safety_plan,
                fragment=self._fragment(folder),
                macros=self._macros(folder),
                **page.context,
            )
        except jinja2.TemplateSyntaxError as exc:
            raise JournalError.at(
                template_name(exc.filename, exc.name), exc.lineno, exc.message or ""
            ) from None
        except jinja2.TemplateError as exc:
            line, name = _template_frame(exc)
            raise JournalError.at(
                name or f"templates/{page.template}", line, f"template error: {exc}"
            ) from None
        finally:
            env.reads = None  # type: ignore[attr-defined]
        self.reads.setdefault(page.template, set()).update(reads)
        return html.encode("utf-8")


def relative_url(page: str, target: str) -> str:
    """A link from one site path to another, relative and percent-encoded: works on file://.

    `page.html#id` links to an id; a `#` followed by a dot belongs to a file name
    (`entries/Session #3.html`), since every site file has a suffix and ids here have no dots.
    """
    return _relative_url(posixpath.dirname(page), target)


def _relative_url(folder: str, target: str) -> str:
    if "#" not in target:
        return _relative_path(folder, target)
    path, _, fragment = target.rpartition("#")
    if "." in fragment or "/" in fragment:
        return _relative_path(folder, target)
    return _relative_path(folder, path) + (f"#{quote(fragment)}" if fragment else "")


def _relative_path(folder: str, path: str) -> str:
    """posixpath.relpath(path, folder), percent-encoded; pure string work (no getcwd).

    Site paths are plain (no empty, `.` or `..` parts): for them the relative path is worked
    out from the parts the two share; anything else goes through posixpath.relpath.
    """
    start = folder.split("/") if folder else []
    parts = path.split("/")
    if not _plain(parts) or not _plain(start):
        rel = posixpath.relpath(posixpath.join("/", path), posixpath.join("/", folder))
        return quote(rel, safe="/")
    shared = 0
    for a, b in zip(start, parts, strict=False):
        if a != b:
            break
        shared += 1
    rel = "/".join([".."] * (len(start) - shared) + parts[shared:]) or "."
    return quote(rel, safe="/")


def _plain(parts: list[str]) -> bool:
    return all(part and part != "." and part != ".." for part in parts)


def template_name(filename: str | None, name: str | None) -> str:
    """A template's path as the user knows it: `templates/x.html` (theirs or the default theme's)."""
    if filename:
        path = Path(filename)
        if "templates" in path.parts:
            index = len(path.parts) - 1 - path.parts[::-1].index("templates")
            return "/".join(path.parts[index:])
        return str(path)
    return f"templates/{name}"


def _template_frame(exc: BaseException) -> tuple[int | None, str | None]:
    tb = exc.__traceback__
    found: tuple[int | None, str | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt")):
            found = (tb.tb_lineno, template_name(filename, None))
        tb = tb.tb_next
    return found
