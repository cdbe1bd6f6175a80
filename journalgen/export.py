"""`journalgen export`: chosen entries in one self-contained, print-ready HTML file (and a PDF).

The file stands alone: styles inline (allowed by a hash in its Content-Security-Policy), images
as data: URIs, no navigation, nothing loaded from anywhere. An entry with `share: false` in its
front-matter is never exported. With a password the whole document is sealed into one encrypted
blob inside an unlock page (same format as a locked site, see lock/).
"""

from __future__ import annotations

import base64
import html
import mimetypes
import os
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote

from journalgen.build.store import Store
from journalgen.build.workers import Progress, Workers
from journalgen.config import Config
from journalgen.errors import JournalError
from journalgen.export_files import NOT_OURS, body_html, check_target, chosen_entries, write_own
from journalgen.lock.document import CSP_REST, csp_hash, lock_document
from journalgen.model import Entry, Journal, long_date
from journalgen.pdf import print_pdf
from journalgen.selection import Selection
from journalgen.site.theme import Theme
from journalgen.site.views import EntryView, Views
from journalgen.source.html import url_parts
from journalgen.source.rewriter import Rewriter, tag_text

TEMPLATE = "export.html"
STYLE = "export.css"
GENERATOR = "journalgen export"
"""Written into every export (its `generator`)."""


@dataclass(frozen=True)
class ExportReport:
    entries: int
    html: Path
    pdf: Path | None = None
    locked: bool = False
    warnings: list[str] = field(default_factory=list)
    pdf_problem: str | None = None
    """Why the PDF asked for was not made (the HTML file is written all the same)."""
    printed_with: str | None = None
    """The browser that printed the PDF, as `Chromium (/usr/bin/chromium)`."""


class _BodyRewriter(Rewriter):
    """Re-writes an entry's HTML for the export: ids made unique, headings one level down,
    links to exported entries pointing inside the file, images embedded, nothing that loads."""

    plain_tags = True

    _DROP_URLS: ClassVar[frozenset[str]] = frozenset(
        {"src", "srcset", "poster", "data", "action", "formaction", "background"}
    )

    def __init__(
        self, prefix: str, link: Callable[[str], str | None], image: Callable[[str], str | None]
    ) -> None:
        super().__init__()
        self.prefix = prefix
        self.link = link
        self.image = image

    @staticmethod
    def _heading(tag: str) -> str:
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "12345":
            return f"h{int(tag[1]) + 1}"
        return tag

    def start(self, tag: str, attrs: dict[str, str | None], closed: bool) -> str:
        values = attrs
        if tag == "img":
            data = self.image(values.get("src") or "")
            if data is None:
                alt = values.get("alt") or "image"
                return f'<span class="missing-image">[{html.escape(alt)}]</span>'
            values["src"] = data
            values.pop("srcset", None)
        else:
            for name in self._DROP_URLS & values.keys():
                values.pop(name)
        if values.get("id"):
            values["id"] = f"{self.prefix}-{values['id']}"
        if "href" in values:
            href = values["href"] or ""
            if href.startswith("#"):
                values["href"] = f"#{self.prefix}-{href[1:]}" if len(href) > 1 else None
            elif tag in ("a", "area"):
                values["href"] = self.link(href)
            else:
                values["href"] = None
            if values["href"] is None:
                del values["href"]
        return tag_text(self._heading(tag), values, closed)

    def end(self, tag: str) -> str:
        return f"</{self._heading(tag)}>"


@dataclass(frozen=True)
class _Item:
    entry: EntryView
    anchor: str
    body: str


def _image_data(entries_dir: Path, rel: str) -> str | None:
    """The image file at `rel` below entries/ as a data: URI; None for anything else (no such
    file, one outside entries/, not an image, one that cannot be read, a name no file can have)."""
    try:
        path = (entries_dir / rel).resolve()
        kind = mimetypes.guess_type(path.name)[0]  # (of the file a link on disk points to)
        if (
            kind is None
            or not kind.startswith("image/")
            or entries_dir not in path.parents
            or not path.is_file()
        ):
            return None
        return f"data:{kind};base64," + base64.b64encode(path.read_bytes()).decode("ascii")
    except (OSError, ValueError):
        return None


def render_export(
    config: Config,
    journal: Journal,
    entries: list[Entry],
    selection: Selection,
    bodies: Mapping[str, str],
    progress: Progress | None = None,
) -> tuple[str, list[str]]:
    """The export document as text, and warnings (images that could not be embedded).
    `bodies`: each entry's HTML by source; `progress` is told how far it is."""
    theme = Theme.of(config)
    views = Views(journal, config)
    anchors = {e.url: f"entry-{n}" for n, e in enumerate(entries, start=1)}
    entries_dir = config.entries_dir.resolve()
    warnings: list[str] = []

    def resolve(page: str, href: str) -> tuple[str, str] | None:
        parts = url_parts(href)
        if parts is None or parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return None
        return posixpath.normpath(
            posixpath.join(posixpath.dirname(page), unquote(parts.path))
        ), parts.fragment

    items: list[_Item] = []
    for entry in entries:
        anchor = anchors[entry.url]

        def link(href: str, entry: Entry = entry) -> str | None:
            parts = url_parts(href)
            if parts is not None and parts.scheme in ("http", "https", "mailto"):
                return href
            found = resolve(entry.url, href)
            return f"#{anchors[found[0]]}" if found and found[0] in anchors else None

        def image(src: str, entry: Entry = entry) -> str | None:
            found = resolve(entry.url, src)
            if found is not None and found[0].startswith("entries/"):
                data = _image_data(entries_dir, found[0].removeprefix("entries/"))
                if data is not None:
                    return data
            warnings.append(
                f"entries/{entry.source}: {src!r} is not an image file in entries/; shown as its description"
            )
            return None

        rewritten = _BodyRewriter(anchor, link, image).rewrite(bodies[entry.source])
        items.append(_Item(views.entry(entry), anchor, rewritten))
        if progress is not None:
            progress("writing the export", len(items), len(entries))

    sessions = []
    covered = {s.source: s for e in entries if (s := journal.session_of(e)) is not None}
    for session in sorted(covered.values(), key=lambda s: s.sort_key):
        route = journal.route_of(session)
        sessions.append(
            {
                "number": journal.number(session),
                "date": long_date(session.date),
                "route": journal.routes.get(route, route) if route else None,
            }
        )
    style = theme.source(STYLE)
    csp = f"default-src 'none'; style-src {csp_hash(style)}; {CSP_REST}"
    text = (
        theme.environment()
        .get_template(TEMPLATE)
        .render(
            site=config,
            safety_plan=None,  # the export stands alone: nothing to link to
            generator=GENERATOR,
            csp=csp,
            style=style,
            items=items,
            sessions=sessions,
            first=long_date(entries[0].date),
            last=long_date(entries[-1].date),
            filters=selection.describe(),
        )
    )
    return text, warnings


def export(
    config: Config,
    selection: Selection,
    target: Path,
    pdf: bool = False,
    password: str | None = None,
    progress: Progress | None = None,
) -> ExportReport:
    """Write the chosen entries to `target` (and a PDF beside it); with a password, locked.
    `progress` is told how far a long export is."""
    if pdf and password is not None:
        raise JournalError.at(
            "--pdf", None, "a PDF cannot be locked; export with --encrypt or with --pdf, not both"
        )
    store = Store(config.cache_dir)
    path = check_target(config, target, store)
    pdf_path = path.with_suffix(".pdf") if pdf else None
    if pdf_path is not None and os.path.lexists(pdf_path) and not store.wrote(pdf_path):
        raise JournalError.at(str(pdf_path), None, NOT_OURS)
    workers = Workers(None, progress)
    chosen = chosen_entries(config, selection, target, workers)
    bodies = body_html(config, chosen, workers)
    document, warnings = render_export(config, chosen.journal, chosen.entries, selection, bodies, progress)
    entries = chosen.entries
    if password is not None:
        theme = Theme.of(config)
        style = theme.source(STYLE)
        document = lock_document(
            theme,
            config.language,
            document,
            password,
            generator=GENERATOR,
            style=style,
            crisis_text=config.crisis_text,
        )
    write_own(store, path, document.encode("utf-8"))
    pdf_problem = browser = None
    if pdf_path is not None:
        try:
            printed, used = print_pdf(path, pdf_path)
            if os.path.lexists(pdf_path) and not store.wrote(pdf_path):  # made while the browser ran
                raise JournalError.at(str(pdf_path), None, NOT_OURS)
            write_own(store, pdf_path, printed)
            browser = str(used)
        except JournalError as exc:
            pdf_problem = str(exc)
            pdf_path = None
    return ExportReport(
        entries=len(entries),
        html=path,
        pdf=pdf_path,
        locked=password is not None,
        warnings=warnings,
        pdf_problem=pdf_problem,
        printed_with=browser,
    )
