"""`journalgen check`: validate every entry without building, and warn about likely mistakes.

Errors are what would stop a build (the loader's problems, two files making one page). Warnings
are things a writer would want to know: an emotion, tag or body effect spelled two ways, a
follow-up before any session, a date in the future, a link or image in the journal that does not
exist, and anything embedded from the internet (the private site would call out when opened).
"""

from __future__ import annotations

import datetime as dt
import difflib
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from journalgen import write
from journalgen.config import Config
from journalgen.errors import JournalError, Problem
from journalgen.insight.care import stale_scales
from journalgen.model import Entry, Journal, long_date
from journalgen.site.links import Targets
from journalgen.site.plan import Planner, copied_files
from journalgen.site.theme import Theme
from journalgen.site.views import Views
from journalgen.source.attachments import risky_documents
from journalgen.source.frontmatter import FrontMatterError, normalise_text, split
from journalgen.source.html import Reference, url_parts
from journalgen.source.markdown import Rendered
from journalgen.source.reader import Source, convert_bodies, read_journal
from journalgen.source.safety import SAFETY_PLAN
from journalgen.source.sanitise import neutralised
from journalgen.source.scan import MARKDOWN_SUFFIXES, SourceFiles, site_path_clashes


@dataclass(frozen=True)
class CheckReport:
    """What `check` found: problems that stop a build, and warnings that do not."""

    entries: int
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]


def check(config: Config, today: dt.date) -> CheckReport:
    """Read every entry (drafts too) and report all errors and warnings, sorted by file and line."""
    questions = Theme.of(config).questions()
    source = read_journal(config, convert=False, questions=questions)
    files = source.files
    entries = [read.entry for read in source.entries.values()]
    lines = {e.source: field_lines(config, e) for e in entries}
    journal = Journal(entries, config.routes)
    targets = Targets(journal, files, Views(journal, config))
    bodies = convert_bodies((targets.job(e) for e in entries), questions)
    errors = [*source.problems, *site_problems(config, source, bodies, today)]
    dated = list(journal.entries)
    warnings = [
        *files.skipped,
        *future_dates(dated, today, lines),
        *session_problems(journal, lines),
        *near_duplicates(entries, "emotions", "emotion", lines),
        *near_duplicates(entries, "tags", "tag", lines),
        *near_duplicates(entries, "effects", "body effect", lines, field="body", apart=EFFECTS_APART),
        *references(config, files, entries, bodies),
        *(score_reminders(config, journal, today, lines) if config.score_reminder else ()),
        *notes_and_blanks(entries, targets, lines),
        *(p for e in entries for p in neutralised(e, bodies[e.source].neutralised)),
        *risky_documents(config.entries_dir, files.assets),
    ]
    return CheckReport(len(files.markdown), _sorted(errors), _sorted(warnings))


def site_problems(
    config: Config, source: Source, bodies: Mapping[str, Rendered], today: dt.date
) -> list[Problem]:
    """What build refuses after reading every entry, by the build's own rules: the output folder,
    and two files of the site on one path (unless two files of entries/ already make one)."""
    problems: list[Problem] = []
    try:
        write.check_output(config)
    except JournalError as exc:
        problems += exc.problems
    if not site_path_clashes(source.files):
        journal = Journal(source.chosen(config.drafts), config.routes)
        paths = [page.path for page in Planner(config, journal, today).plan(bodies)]
        paths += [site for site, _ in copied_files(config, source.files.assets)]
        try:
            write.check_unique([*paths, write.MARKER])
        except JournalError as exc:
            problems += exc.problems
    return problems


def _sorted(problems: list[Problem]) -> tuple[Problem, ...]:
    return tuple(sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message)))


def field_lines(config: Config, entry: Entry) -> dict[str, int]:
    """The line of each front-matter key of a (valid) entry, for pointing warnings at it."""
    try:
        text = normalise_text((config.entries_dir / entry.source).read_bytes().decode("utf-8"))
        return {key: field.line for key, field in split(text).fields.items()}
    except (OSError, UnicodeDecodeError, FrontMatterError):
        return {}


def _where(entry: Entry, lines: dict[str, dict[str, int]], *keys: str) -> tuple[str, int]:
    """The entry's path and the line of the first of these keys it has (else line 1)."""
    found = lines.get(entry.source, {})
    return f"entries/{entry.source}", next((found[k] for k in keys if k in found), 1)


def future_dates(entries: list[Entry], today: dt.date, lines: dict[str, dict[str, int]]) -> Iterator[Problem]:
    for entry in entries:
        if entry.date > today:
            path, line = _where(entry, lines, "date")
            yield Problem(
                path,
                line,
                f"warning: dated {entry.date}, which is in the future (today is {today}); check the date",
            )


def session_problems(journal: Journal, lines: dict[str, dict[str, int]]) -> Iterator[Problem]:
    """Follow-ups that follow no session, or come before the session they name."""
    for entry in journal.entries:
        if entry.kind != "follow-up":
            continue
        session = journal.session_of(entry)
        if session is None and entry.session_date is None:
            path, line = _where(entry, lines, "date", "kind")
            yield Problem(
                path,
                line,
                f"warning: a follow-up dated before any session: no session entry on or before {entry.date} "
                "for it to follow; check the date, or make it `kind: reflection` or `kind: intention`",
            )
        elif session is None:
            path, line = _where(entry, lines, "session")
            yield Problem(
                path,
                line,
                f"warning: session: {entry.session_date} names no session entry (no entry with "
                "`kind: session` on that date), so this follow-up belongs to no session; check the date",
            )
        elif entry.date < session.date:
            path, line = _where(entry, lines, "date")
            yield Problem(
                path,
                line,
                f"warning: a follow-up dated {entry.date}, before its session on {session.date}; "
                "check both dates, or make it `kind: intention`",
            )


def score_reminders(
    config: Config, journal: Journal, today: dt.date, lines: dict[str, dict[str, int]]
) -> Iterator[Problem]:
    """A gentle hint, at the latest score, for each scale not scored for six weeks while sessions go on."""
    for stale in stale_scales(journal, config.scales, today):
        path, line = _where(stale.latest, lines, "scores")
        weeks = stale.days // 7
        sessions = f"{stale.sessions} session{'s' if stale.sessions != 1 else ''}"
        yield Problem(
            path,
            line,
            f"warning: the latest {stale.scale.label} score is from {long_date(stale.latest.date)}, "
            f"{weeks} weeks ago, and {sessions} came since; if your clinic asks again, a line like "
            f"`scores: {{{stale.scale.key}: N}}` in your next entry keeps the measures page current "
            "(score_reminder = false in journal.toml turns this hint off)",
        )


# Suffixes that make another form of the same word: plurals, -ness, -ous/-ity (anxious, anxiety).
# Not -less: hopeful and hopeless are different feelings.
_SUFFIXES = ("ness", "ment", "ful", "ous", "ity", "ety", "ing", "ed", "y")
_PLURAL_ES = ("sses", "xes", "zes", "ches", "shes")


def stem(word: str) -> str:
    """A rough stem shared by the forms of one word: anxious/anxiety → anx, sadness/sad → sad."""
    word = word.replace("-", " ").replace("_", " ")
    *before, last = word.split(" ") if word else [""]
    changed = True
    while changed:
        changed = False
        if last.endswith("ies") and len(last) > 4:
            last, changed = last[:-3] + "y", True
        elif last.endswith(_PLURAL_ES) and len(last) > 4:
            last, changed = last[:-2], True
        elif last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 3:
            last, changed = last[:-1], True
        else:
            for suffix in _SUFFIXES:
                if last.endswith(suffix) and len(last) - len(suffix) >= 3:
                    last, changed = last[: -len(suffix)], True
                    if last.endswith("i"):
                        last = last[:-1] + "y"
                    break
    return " ".join([*before, last])


def _transposed(a: str, b: str) -> bool:
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def _common_prefix(a: str, b: str) -> int:
    return len(posixpath.commonprefix([a, b]))


def similar(a: str, b: str) -> bool:
    """True when two different names are likely one word: a plural, another form, or a typo."""
    if a == b:
        return False
    sa, sb = stem(a), stem(b)
    if sa == sb:
        return True
    matcher = difflib.SequenceMatcher(None, a, b)
    if (sa, sb) != (a, b) and _common_prefix(sa, sb) >= max(3, len(sa) - 2, len(sb) - 2):
        return matcher.ratio() >= 0.6  # relieved/relief, anger/angry; not family/famous
    if min(len(a), len(b)) < 5 or a[0] != b[0]:
        return False  # short words and different first letters are different words: sad/mad, anger/danger
    return _transposed(a, b) or (matcher.real_quick_ratio() >= 0.88 and matcher.ratio() >= 0.88)


PAGES_APART = "each spelling gets its own page"
EFFECTS_APART = "the Body page counts each spelling apart"


def near_duplicates(
    entries: list[Entry],
    key: str,
    label: str,
    lines: dict[str, dict[str, int]],
    field: str | None = None,
    apart: str = PAGES_APART,
) -> Iterator[Problem]:
    """Warn once for each pair of names that differ only by spelling or plural, at the first entry
    using the rarer name (of two names used as often, the one that came later).

    `key` names the Entry's attribute, `field` the front-matter key it is written under (the same
    unless given), `apart` what two spellings do to the site."""
    users: dict[str, list[Entry]] = {}
    for entry in sorted(entries, key=lambda e: e.sort_key):
        for name in getattr(entry, key):
            users.setdefault(name, []).append(entry)

    def rarity(name: str) -> tuple[int, tuple[object, ...]]:
        return -len(users[name]), users[name][0].sort_key

    names = sorted(users)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if not similar(a, b):
                continue
            name, other = (a, b) if rarity(a) > rarity(b) else (b, a)
            path, line = _where(users[name][0], lines, field or key)
            yield Problem(
                path,
                line,
                f"warning: the {label} {name!r} looks like {other!r} spelled another way ({name!r} is "
                f"in {_entries(len(users[name]))}, {other!r} in {_entries(len(users[other]))}); "
                f"{apart}, so use one of them",
            )


def _entries(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}"


def notes_and_blanks(
    entries: list[Entry], targets: Targets, lines: dict[str, dict[str, int]]
) -> Iterator[Problem]:
    """A file without a date (built as a note), an entry left as its template wrote it (not
    published), and a `[[wikilink]]` that names nothing in the journal."""
    for entry in entries:
        path = f"entries/{entry.source}"
        if entry.date is None and entry.source != SAFETY_PLAN:  # the plan has no date on purpose
            line = lines.get(entry.source, {}).get("created", 1)
            yield Problem(path, line, "warning: no date: built as a note; add `date:` to make it an entry")
        if entry.unanswered:
            yield Problem(
                path,
                entry.body_line,
                "warning: nothing written yet, only the template's questions: it is not published "
                "until you answer one",
            )
        for name in targets.missing(entry):
            yield Problem(
                path,
                _line_of(entry, f"[[{name}"),
                f"warning: [[{name}]] names no entry, note or file in entries/ (no file or title "
                "of that name), so it shows as plain text; check the spelling",
            )


_INTERNET = ("http", "https", "ftp", "ws", "wss")


def _line_of(entry: Entry, url: str) -> int:
    lines = entry.body.split("\n")
    for needle in (url, unquote(url)):
        for index, text in enumerate(lines):
            if needle in text:
                return entry.body_line + index
    return entry.body_line


def references(
    config: Config, files: SourceFiles, entries: list[Entry], bodies: Mapping[str, Rendered]
) -> Iterator[Problem]:
    """Links and images that point at nothing in the journal, and anything loaded from the internet."""
    present = set(files.markdown) | set(files.assets)
    pages = {posixpath.splitext(rel)[0] + ".html" for rel in files.markdown}
    for entry in entries:
        seen: set[str] = set()
        for written in bodies[entry.source].links:
            # A browser drops line breaks and tabs from a URL: so does the message, on one line.
            ref = written._replace(url=re.sub(r"[\t\n\r]", "", written.url))
            if ref.url in seen:
                continue
            seen.add(ref.url)
            message = _reference_problem(config, entry, ref, present, pages)
            if message:
                line = _line_of(entry, written.url.split("\n", 1)[0])
                yield Problem(f"entries/{entry.source}", line, f"warning: {message}")


def _reference_problem(
    config: Config, entry: Entry, ref: Reference, present: set[str], pages: set[str]
) -> str | None:
    parts = url_parts(ref.url)
    if parts is None:
        return f"the {ref.what} {ref.url} is not an address a browser can follow; check how it is written"
    scheme = parts.scheme.lower()
    if scheme in _INTERNET or (not scheme and ref.url.startswith("//")):
        if not ref.loaded:
            return None
        return (
            f"the {ref.what} {ref.url} would be loaded from the internet when the page opens, telling "
            "that server when you read this entry (the site blocks it, so it will not show); save a copy "
            "in entries/ and link to that instead"
        )
    if scheme or not parts.path:
        return None  # mailto:, data:, a #fragment on the same page...
    noun = "link" if not ref.loaded else ref.what
    if parts.path.startswith("/"):
        return f"the {noun} {ref.url} starts with /, which breaks in the site; make it relative to this entry"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(entry.source), unquote(parts.path)))
    if target == ".." or target.startswith("../"):
        return f"the {noun} {ref.url} points outside entries/; only files in entries/ become part of the site"
    if target in present or target in pages:
        return None
    on_disk = config.entries_dir / target
    if on_disk.is_dir():
        return f"the {noun} {ref.url} points to a folder, not a file"
    if on_disk.exists():
        return f"the {noun} {ref.url} points to a hidden or temporary file, which the site leaves out"
    hint = ""
    if target.lower().endswith(MARKDOWN_SUFFIXES):
        hint = " (names are case-sensitive; check the date and spelling)"
    return f"the {noun} {ref.url} points to entries/{target}, which does not exist{hint}"
