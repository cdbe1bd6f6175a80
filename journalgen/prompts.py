"""`journalgen new`: render a prompt template into a new entry file, never overwriting one.

Prompt templates are Markdown files with front-matter in `templates/prompts/`: the journal's own
over the default set shipped with the theme. They are rendered by their own Jinja environment,
without HTML escaping (they produce Markdown, not HTML), and every new entry is checked by the
loader before it is written, so what `new` creates always passes `check` and builds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from slugify import slugify

from journalgen import write
from journalgen.config import Config
from journalgen.errors import JournalError, Problem, UsageError, did_you_mean
from journalgen.model import KINDS, Entry, Journal
from journalgen.site.theme import PROMPTS, Theme, default_theme_dir
from journalgen.source.dates import parse_date
from journalgen.source.entry import KIND_ALIASES, load_entry, unknown_route
from journalgen.source.reader import read_journal
from journalgen.source.safety import SAFETY_PLAN, TEMPLATE

_KIND_LINE = re.compile(r"^kind:\s*([A-Za-z][\w -]*?)\s*(?:#.*)?$", re.MULTILINE)


def default_prompts_dir() -> Path:
    """The prompt templates that ship with journalgen."""
    return default_theme_dir() / PROMPTS


def available(config: Config) -> dict[str, Path]:
    """Every prompt template by name, sorted: the journal's own replace the defaults of that name."""
    return Theme.of(config).prompts()


def find_template(config: Config, name: str) -> tuple[str, Path]:
    """The template asked for (any case; `followup` for `follow-up`), or a UsageError listing them."""
    templates = available(config)
    wanted = name.strip()
    for candidate in (wanted, wanted.casefold(), KIND_ALIASES.get(wanted.casefold(), "")):
        if candidate in templates:
            return candidate, templates[candidate]
    by_fold = {key.casefold(): key for key in templates}
    if wanted.casefold() in by_fold:
        key = by_fold[wanted.casefold()]
        return key, templates[key]
    hint = did_you_mean(wanted.casefold(), templates)
    names = ", ".join(templates) or "none"
    raise UsageError(
        f"no prompt template named {name!r}{hint}; the templates are: {names} "
        "(add your own as templates/prompts/NAME.md)"
    )


def parse_day(option: str, text: str) -> tuple[dt.date, str]:
    """Read a --date/--session value: the day and the text to write (ISO, with time if given)."""
    try:
        day, when, tz = parse_date(text)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None
    written = day.isoformat()
    if when is not None:
        written += " " + when.isoformat(timespec="minutes" if when.second == 0 else "seconds")
        written += tz or ""
    return day, written


def parse_route(config: Config, text: str) -> str:
    """A --route value as the route's key (aliases like `infusion` allowed)."""
    key = config.routes.find(text)
    if key is None:
        raise UsageError(f"--route: {unknown_route(text, config)}")
    return key


def template_kind(name: str, path: Path) -> str:
    """The entry kind a template writes: its name when that is a kind, else its `kind:` line."""
    folded = KIND_ALIASES.get(name.casefold(), name.casefold())
    if folded in KINDS:
        return folded
    match = _KIND_LINE.search(path.read_text(encoding="utf-8"))
    if match:
        written = match.group(1).strip().casefold()
        written = KIND_ALIASES.get(written, written)
        if written in KINDS:
            return written
    return "reflection"


@dataclass(frozen=True)
class Request:
    """What `journalgen new` was asked for."""

    template: str
    day: dt.date
    date_text: str
    session: dt.date | None = None
    session_text: str | None = None
    route: str | None = None
    title: str | None = None


def context(config: Config, request: Request, kind: str, entries: list[Entry]) -> dict[str, Any]:
    """The template's variables, with the session, route and numbers worked out from the journal."""
    if kind == "session" and request.session is not None:
        raise UsageError("--session is for follow-ups, intentions and reflections; a session is its own")
    # A stand-in for the new entry, sorted after every entry of its day, so the model's own rules
    # pick its session and number exactly as they will once it is written.
    probe = Entry(
        source=f"{request.day.year}/{request.day.isoformat()}-\uffff.md",
        title="",
        date=request.day,
        time=parse_date(request.date_text)[1],
        kind=kind,
        session_date=request.session or (request.day if kind == "session" else None),
    )
    journal = Journal([*entries, probe], config.routes)
    found = journal.session_of(probe)
    session = None if found is probe else found
    if kind == "session":
        number = journal.number(probe)
    elif session is not None:
        number = journal.number(session)
    elif kind == "intention":  # for a session not written yet: the number it will have
        before = request.session or dt.date.max
        number = sum(1 for s in journal.sessions if s is not probe and s.date < before) + 1
    else:
        number = None
    if request.session_text is not None:
        session_text: str | None = request.session_text
    elif session is not None and kind in ("follow-up", "intention"):
        session_text = session.date.isoformat()
    else:
        session_text = None
    session_day = request.session or (session.date if session is not None and session_text else None)
    route = request.route
    if route is None and kind != "session" and session is not None and session_text:
        route = session.route
    title = " ".join(request.title.split()) if request.title else None
    return {
        "date": request.date_text,
        "kind": request.template,
        "session": session_text,
        "route": route,
        "days_after": (request.day - session_day).days if session_day else None,
        "session_number": number,
        "title": title or None,
        "routes": list(config.routes),
    }


def make_environment(config: Config) -> jinja2.Environment:
    """The prompts' own Jinja environment: Markdown out, so no HTML escaping; unknown names fail."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in Theme.of(config).prompt_folders()]),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _shown(config: Config, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def render(config: Config, name: str, path: Path, variables: dict[str, Any]) -> str:
    """Render one prompt template; a broken template is a JournalError naming its file and line."""
    shown = _shown(config, path)
    try:
        template = make_environment(config).get_template(path.name)
        return template.render(**variables)
    except jinja2.TemplateSyntaxError as exc:
        raise JournalError.at(shown, exc.lineno, f"template error: {exc.message}") from None
    except jinja2.TemplateError as exc:
        line = None
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == str(path):
                line = tb.tb_lineno
            tb = tb.tb_next
        raise JournalError.at(shown, line, f"template error: {exc}") from None


def file_stem(request: Request, kind_name: str) -> str:
    """`YYYY-MM-DD-<title or template name>`, as a safe lower-case file name."""
    words = slugify(request.title or "", max_length=60, word_boundary=True, save_order=True)
    words = words or slugify(kind_name, max_length=60) or "entry"
    return f"{request.day.isoformat()}-{words}"


def make_private_folders(folder: Path) -> None:
    """Create folder and the folders it needs, each readable by the user alone (mode 700)."""
    for missing in reversed([folder, *folder.parents]):
        if not missing.is_dir():
            missing.mkdir(mode=0o700, exist_ok=True)


def write_new(folder: Path, stem: str, data: bytes) -> Path:
    """Create folder/stem.md, or stem-2.md, stem-3.md...: never touching a file that exists.

    The entry is readable by the user alone (mode 600), as are the folders made for it (700).
    """
    make_private_folders(folder)
    taken = {p.name.casefold().rsplit(".", 1)[0] for p in folder.iterdir()}
    number = 1
    while True:
        name = stem if number == 1 else f"{stem}-{number}"
        number += 1
        if name.casefold() in taken:
            continue
        path = folder / f"{name}.md"
        if write.create_new(path, data):
            return path


def _not_valid(config: Config, path: Path, what: str, exc: JournalError) -> JournalError:
    """The template at `path` made `what` with these problems: say so at the template."""
    shown = _shown(config, path)
    return JournalError(
        Problem(shown, None, f"this template makes {what} that is not valid: {p.message}{_at(p)}")
        for p in exc.problems
    )


def _at(problem: Problem) -> str:
    return f" (line {problem.line} of the new entry)" if problem.line else ""


def new_safety_plan(config: Config, request: Request, path: Path) -> Path:
    """Start entries/safety-plan.md from its template (source/safety.py); never over one that exists."""
    if request.session is not None or request.route is not None:
        raise UsageError("the safety plan has no session or route; leave out --session and --route")
    variables = {"date": request.date_text, "kind": TEMPLATE, "title": request.title}
    data = render(config, TEMPLATE, path, variables).encode("utf-8")
    try:
        load_entry(SAFETY_PLAN, data, config)
    except JournalError as exc:
        raise _not_valid(config, path, "a safety plan", exc) from None
    config.entries_dir.mkdir(parents=True, exist_ok=True)
    target = config.entries_dir / SAFETY_PLAN
    if not write.create_new(target, data, 0o600):  # for your eyes only
        raise JournalError.at(
            f"entries/{SAFETY_PLAN}",
            None,
            "you already have a safety plan; open this file to change it (journalgen never writes over it)",
        )
    return target


def new_entry(config: Config, request: Request) -> Path:
    """Render the template asked for into a new file below entries/YYYY/ and return its path (the
    safety plan: entries/safety-plan.md)."""
    name, path = find_template(config, request.template)
    if name == TEMPLATE:
        return new_safety_plan(config, request, path)
    request = dataclasses.replace(request, template=name)
    kind = template_kind(name, path)
    entries = [read.entry for read in read_journal(config, convert=False).entries.values()]
    text = render(config, name, path, context(config, request, kind, entries))
    data = text.encode("utf-8")
    stem = file_stem(request, name)
    rel = f"{request.day.year}/{stem}.md"
    try:
        load_entry(rel, data, config)
    except JournalError as exc:
        raise _not_valid(config, path, "an entry", exc) from None
    return write_new(config.entries_dir / str(request.day.year), stem, data)
