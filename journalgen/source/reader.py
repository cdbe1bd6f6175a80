"""`read_journal()`: every Markdown file of entries/ read, checked and converted, all problems at
once. The one reader of the journal, for build, check, export and new.

A caller that remembers earlier reads (the build cache) passes them as `known`: files it trusts
(their stat is unchanged) are not even opened, and a file whose bytes are what they were is not
parsed again. Parsing and converting can run in worker processes through a `Mapper`; the result
is the same as from one process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from journalgen.config import Config
from journalgen.errors import JournalError, Problem
from journalgen.model import Entry
from journalgen.source.entry import fields_digest, load_entry
from journalgen.source.limits import body_problems
from journalgen.source.markdown import Rendered, Renderer, body_key
from journalgen.source.marks import Links
from journalgen.source.questions import Questions
from journalgen.source.read import Read
from journalgen.source.scan import SourceFiles, scan, site_path_clashes


class Mapper(Protocol):
    """Runs `work` over chunks of items, in this process or in workers set up by `init(*args)`."""

    def __call__(
        self,
        work: Callable[[Any], list[Any]],
        items: Sequence[Any],
        init: tuple[Callable[..., None], tuple[Any, ...]],
        what: str,
    ) -> Iterator[list[Any]]: ...


def serial(
    work: Callable[[Any], list[Any]],
    items: Sequence[Any],
    init: tuple[Callable[..., None], tuple[Any, ...]],
    what: str,
) -> Iterator[list[Any]]:
    """The Mapper that does everything here, in one process."""
    init[0](*init[1])
    if items:
        yield work(items)


@dataclass(frozen=True)
class Previous:
    """What a caller remembers of earlier reads (the build cache)."""

    entries: Mapping[str, Read]
    """Files read before, by source."""
    trusted: Collection[str] = ()
    """Of those, the ones known unchanged (same stat): not even opened."""
    converted: Collection[str] = ()
    """Body keys converted before: not converted again."""


@dataclass
class Source:
    """The journal as read: every valid entry, what was done to read it, and every problem."""

    files: SourceFiles
    entries: dict[str, Read] = field(default_factory=dict)
    """Every Markdown file that reads as a valid entry, in the order of the scan."""
    problems: list[Problem] = field(default_factory=list)
    fresh: dict[str, str] = field(default_factory=dict)
    """The files parsed this time (new or changed), with a digest of everything but their body
    when the caller remembers earlier reads (else "")."""
    converted: dict[str, Any] = field(default_factory=dict)
    """Bodies converted this time, by body key: each a Rendered, or what read_journal's `keep`
    made of it."""

    def chosen(self, drafts: bool) -> list[Entry]:
        """The entries and notes of the site: drafts only when asked for, never one left exactly
        as its prompt template wrote it."""
        return [
            read.entry
            for read in self.entries.values()
            if (drafts or not read.entry.draft) and not read.entry.unanswered
        ]

    def unanswered(self) -> list[str]:
        """The files left exactly as their prompt template wrote them (not published)."""
        return [rel for rel, read in self.entries.items() if read.entry.unanswered]

    def raise_problems(self) -> None:
        """Raise one JournalError naming every problem, in the order of the files."""
        if self.problems:
            order = {f"entries/{rel}": i for i, rel in enumerate(self.files.markdown)}
            raise JournalError(sorted(self.problems, key=lambda p: order.get(p.path, len(order))))


def read_journal(
    config: Config,
    files: SourceFiles | None = None,
    previous: Previous | None = None,
    *,
    questions: Questions | None = None,
    convert: bool = True,
    mapper: Mapper = serial,
    contents: Mapping[str, bytes] | None = None,
    keep: Callable[[Rendered], Any] | None = None,
) -> Source:
    """Read every Markdown file: parse new and changed ones, convert their bodies (unless converted
    before, or `convert` is false, or the entry is a draft the build leaves out, or its body links
    across the journal: see convert_bodies). `questions`: the prompt templates' headings.
    `contents`: the bytes of some files to read instead of what entries/ holds (what git is about
    to commit), always parsed. `keep`: what the process that converts a body keeps of it for
    `converted` (as for convert_bodies)."""
    source = Source(files if files is not None else scan(config.entries_dir))
    source.problems += [*source.files.problems, *site_path_clashes(source.files)]
    known = previous.entries if previous is not None else {}
    trusted = previous.trusted if previous is not None else ()
    skip = previous.converted if previous is not None else ()
    todo: list[tuple[str, bytes | None]] = []
    given = contents or {}
    for rel in source.files.markdown:
        if rel in given:
            todo.append((rel, given[rel]))
            continue
        before = known.get(rel)
        if before is not None and rel in trusted:
            source.entries[rel] = before
            continue
        if before is None:
            todo.append((rel, None))  # read where it is parsed (in a worker)
            continue
        try:
            raw = (config.entries_dir / rel).read_bytes()
        except OSError as exc:
            source.problems.append(_unreadable(rel, exc))
            continue
        if hashlib.sha256(raw).hexdigest() == before.digest:
            source.entries[rel] = before
        else:
            todo.append((rel, raw))
    done: dict[str, Read] = {}
    init = (_init, (config, frozenset(skip), convert, previous is not None, questions, keep))
    for chunk in mapper(_read_chunk, todo, init, "reading entries"):
        for rel, result, meta, rendered, problems in chunk:
            source.problems.extend(problems)
            if result is not None:
                done[rel] = result
                source.fresh[rel] = meta
                if rendered is not None:
                    source.converted[result.key] = rendered
    if done:  # in the order of the scan
        merged = {**source.entries, **done}
        source.entries = {rel: merged[rel] for rel in source.files.markdown if rel in merged}
    return source


Job = tuple[str, str, "str | None", Links]
"""What converting one body takes: its key (markdown.linked_key), body, title heading and links."""


def title_heading(entry: Entry) -> str | None:
    """The title the page shows instead of the body's first `# ` heading (None: no such title)."""
    return entry.title if entry.title_is_heading else None


def convert_bodies(
    items: Iterable[Job],
    questions: Questions | None = None,
    mapper: Mapper = serial,
    keep: Callable[[Rendered], Any] | None = None,
) -> dict[str, Any]:
    """Convert bodies: Rendered by key, or what `keep` (a module's function, which workers can
    be given) takes of each, so that only that comes back from the workers."""
    todo = list(items)
    converted: dict[str, Any] = {}
    init = (_init, (None, frozenset(), True, False, questions, keep))
    for chunk in mapper(_convert_chunk, todo, init, "rendering entries"):
        converted.update(chunk)
    return converted


def _unreadable(rel: str, exc: OSError) -> Problem:
    return Problem(f"entries/{rel}", None, f"cannot be read: {exc.strerror}")


_worker: dict[str, Any] = {}
"""What one process reads with: the config, the body keys not to convert, one Markdown converter."""


def _init(
    config: Config | None,
    skip: frozenset[str],
    convert: bool,
    digests: bool = False,
    questions: Questions | None = None,
    keep: Callable[[Rendered], Any] | None = None,
) -> None:
    _worker.update(
        config=config,
        entries=str(config.entries_dir) if config is not None else "",  # (a Path made and written out once)
        skip=skip,
        convert=convert,
        digests=digests,
        questions=questions,
        headings=questions if questions is not None else Questions(),
        markdown=None,
        keep=keep,
    )


def _markdown() -> Renderer:
    """The process's Markdown converter, made when first needed (making one costs more than
    converting an entry, and most rebuilds convert nothing)."""
    made = _worker["markdown"]
    if made is None:
        made = _worker["markdown"] = Renderer(_worker["headings"])
    return made


def _read_one(rel: str, raw: bytes | None) -> tuple[str, Read | None, str, Any, list[Problem]]:
    config: Config = _worker["config"]
    if raw is None:
        try:
            with open(f"{_worker['entries']}/{rel}", "rb") as handle:
                raw = handle.read()
        except OSError as exc:
            return rel, None, "", None, [_unreadable(rel, exc)]
    digest = hashlib.sha256(raw).hexdigest()
    questions: Questions | None = _worker["questions"]
    try:
        entry = load_entry(rel, raw, config, questions)
    except JournalError as exc:
        return rel, None, "", None, exc.problems
    slow = body_problems(f"entries/{rel}", entry.body, entry.body_line)
    if slow:
        return rel, None, "", None, slow
    title = title_heading(entry)
    key = body_key(entry.body, title, _worker["headings"])
    rendered = None
    # A body that links across the journal (#tags, [[wikilinks]]) is converted once every file
    # is read and its links are known (build/incremental.py).
    local = not (entry.inline_tags or entry.wikilinks)
    wanted = (config.drafts or not entry.draft) and not entry.unanswered
    if _worker["convert"] and local and key not in _worker["skip"] and wanted:
        rendered = _markdown()(entry.body, title)
        if _worker["keep"] is not None:
            rendered = _worker["keep"](rendered)
    meta = fields_digest(entry) if _worker["digests"] else ""
    return rel, Read(digest, key, entry), meta, rendered, []


def _read_chunk(chunk: Sequence[tuple[str, bytes | None]]) -> list[Any]:
    return [_read_one(rel, raw) for rel, raw in chunk]


def _convert_chunk(chunk: Sequence[Job]) -> list[tuple[str, Any]]:
    markdown, keep = _markdown(), _worker["keep"]
    if keep is None:
        return [(key, markdown(body, title, links)) for key, body, title, links in chunk]
    return [(key, keep(markdown(body, title, links))) for key, body, title, links in chunk]
