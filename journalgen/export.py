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
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote

from journalgen import write
from journalgen.config import Config
from journalgen.errors import JournalError
from journalgen.lock.document import CSP_REST, csp_hash, lock_document
from journalgen.model import Entry, Journal, long_date
from journalgen.pdf import print_pdf
from journalgen.selection import Selection, select
from journalgen.site.links import Targets
from journalgen.site.theme import Theme
from journalgen.site.views import EntryView, Views
from journalgen.source.html import Rewriter, tag_text, url_parts
from journalgen.source.reader import convert_bodies, read_journal
from journalgen.source.scan import SourceFiles

TEMPLATE = "export.html"
STYLE = "export.css"
GENERATOR = "journalgen export"
"""Written into every export; an existing file without it is never overwritten."""


@dataclass(frozen=True)
class ExportReport:
    entries: int
    html: Path
    pdf: Path | None = None
    locked: bool = False
    warnings: list[str] = field(default_factory=list)
    pdf_problem: str | None = None
    """Why the PDF asked for was not made (the HTML file is written all the same)."""


class _BodyRewriter(Rewriter):
    """Re-writes an entry's HTML for the export: ids made unique, headings one level down,
    links to exported entries pointing inside the file, images embedded, nothing that loads."""

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
    scores: tuple[tuple[str, str], ...]
    """(scale, "16 of 27, moderately severe") for each questionnaire score of the entry."""


def _scores(config: Config, entry: Entry) -> tuple[tuple[str, str], ...]:
    shown = []
    for key, value in entry.scores.items():
        scale = config.scales.get(key)
        if scale is None:
            shown.append((key, str(value)))
            continue
        band = scale.band_of(value)
        name = f"{scale.label} ({scale.about})" if scale.about else scale.label
        shown.append((name, f"{value} of {scale.maximum}" + (f", {band.label}" if band else "")))
    return tuple(shown)


def _data_uri(path: Path) -> str | None:
    kind = mimetypes.guess_type(path.name)[0]
    if kind is None or not kind.startswith("image/"):
        return None
    return f"data:{kind};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def render_export(
    config: Config, journal: Journal, entries: list[Entry], selection: Selection, files: SourceFiles
) -> tuple[str, list[str]]:
    """The export document as text, and warnings (images that could not be embedded)."""
    theme = Theme.of(config)
    views = Views(journal, config)
    targets = Targets(journal, files, views)
    bodies = convert_bodies((targets.job(e) for e in entries), theme.questions())
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
                path = (entries_dir / found[0].removeprefix("entries/")).resolve()
                if entries_dir in path.parents and path.is_file():
                    data = _data_uri(path)
                    if data is not None:
                        return data
            warnings.append(
                f"entries/{entry.source}: {src!r} is not an image file in entries/; shown as its description"
            )
            return None

        body = bodies[entry.source].html
        rewritten = _BodyRewriter(anchor, link, image).rewrite(body)
        items.append(_Item(views.entry(entry), anchor, rewritten, _scores(config, entry)))

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


def check_target(config: Config, target: Path) -> Path:
    """Refuse an export path that would overwrite the user's own file or land in the site or entries."""
    path = target.expanduser().resolve()
    shown = str(target)
    for folder, why in (
        (config.entries_dir.resolve(), "inside entries/, where it would become part of the journal"),
        (config.templates_dir.resolve(), "inside templates/"),
        (config.output_dir, "inside the built site, which the next build replaces"),
    ):
        if folder == path or folder in path.parents:
            raise JournalError.at(shown, None, f"refusing to write the export {why}; choose another -o")
    if path.suffix.lower() not in (".html", ".htm"):
        raise JournalError.at(shown, None, "the export is an HTML file; give -o a name ending in .html")
    if path.is_dir():
        raise JournalError.at(shown, None, "is a folder; give -o a file name like therapist.html")
    if path.exists():
        try:
            head = path.read_bytes()[:2048]
        except OSError as exc:
            raise JournalError.at(shown, None, f"cannot be read: {exc.strerror}") from None
        if GENERATOR.encode() not in head:
            raise JournalError.at(
                shown, None, "exists and was not written by journalgen export; choose another name or move it"
            )
    if not path.parent.is_dir():
        raise JournalError.at(shown, None, f"the folder {path.parent} does not exist")
    return path


def export(
    config: Config, selection: Selection, target: Path, pdf: bool = False, password: str | None = None
) -> ExportReport:
    """Write the chosen entries to `target` (and a PDF beside it); with a password, locked."""
    if pdf and password is not None:
        raise JournalError.at(
            "--pdf", None, "a PDF cannot be locked; export with --encrypt or with --pdf, not both"
        )
    path = check_target(config, target)
    pdf_path = path.with_suffix(".pdf") if pdf else None
    if pdf_path is not None and pdf_path.exists():
        try:
            is_pdf = pdf_path.read_bytes()[:5] == b"%PDF-"
        except OSError:
            is_pdf = False
        if not is_pdf:
            raise JournalError.at(
                str(pdf_path), None, "exists and is not a PDF; choose another -o name or move it"
            )
    source = read_journal(config, convert=False, questions=Theme.of(config).questions())
    source.raise_problems()
    journal = Journal(source.chosen(drafts=False), config.routes)
    entries = select(journal, selection)
    if not entries:
        raise JournalError.at(
            str(target), None, "no entry that may be shared matches these filters; nothing to export"
        )
    document, warnings = render_export(config, journal, entries, selection, source.files)
    if password is not None:
        theme = Theme.of(config)
        style = theme.source(STYLE)
        document = lock_document(theme, config.language, document, password, generator=GENERATOR, style=style)
    write.atomic_write(path, document.encode("utf-8"), mode=0o600)
    pdf_problem = None
    if pdf_path is not None:
        try:
            print_pdf(path, pdf_path)
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
    )
