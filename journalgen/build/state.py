"""What a build knows: what earlier builds learned (BuildState, kept in memory by serve), the
inputs as they are on disk now (Scanned), and the work this build does (Work)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journalgen.build.answers import Answers
from journalgen.build.index import Index, Shown
from journalgen.build.records import Asked, BodyRecord, Steps

if TYPE_CHECKING:
    import jinja2

    from journalgen.build.keys import Memo
    from journalgen.model import Journal
    from journalgen.site.page import Page
    from journalgen.site.plan import Planner
    from journalgen.site.render import Fragments
    from journalgen.source.read import Read
    from journalgen.source.scan import SourceFiles


class BuildState:
    """What builds learned, kept between calls in one process (serve) and on disk between runs.

    Pass the same BuildState to every build() of one journal to skip reloading the cache; a
    fresh one (or None) loads it from the journal's cache folder.
    """

    def __init__(self) -> None:
        self.owner: tuple[Path, Path] | None = None
        self.index: Index | None = None
        self.complete = False
        """Whether `index` holds all the last build learned (see index.HEAD and index.REST)."""
        self.entries: dict[str, Read] | None = None
        """Every Markdown file last read, by source."""
        self.bodies: dict[str, BodyRecord] = {}
        """Body key → HTML, text, links and headings, as loaded or converted so far."""
        self.steps: dict[str, Steps] = {}
        """Body key → its steps, for every body converted so far."""
        self.questions: dict[str, Asked] = {}
        """Body key → the questions it answers (with a digest of each answer), for every body
        converted so far."""
        self.answers = Answers()
        """The answers of bodies to those questions (for the Threads pages), as far as read or made."""
        self.environment: tuple[str, jinja2.Environment] | None = None
        """The Jinja environment with its compiled templates, and the theme fingerprint it is for."""
        self.scanned: tuple[Scanned, list[tuple[str, Path]]] | None = None
        """What the last build found on disk, and the drawings it published (inputs.scan_inputs)."""
        self.model: tuple[tuple[Any, ...], Journal, Planner] | None = None
        """The last build's model of the journal and its planner, with what they were made from."""
        self.fragments: tuple[str, Fragments] | None = None
        """Fragments of pages (site.render), with the theme they were rendered with."""
        self.memo: tuple[str, Memo] | None = None
        """Digests of views (keys.page_key) of the kept model, with the theme they were made for."""
        self.texts: dict[str, str] = {}
        """Plain texts by body key, read back from the search files (keys.search_texts)."""

    def forget(self) -> None:
        """Drop everything (after a failure midway through writing)."""
        self.owner = None
        self.index = self.entries = self.scanned = self.model = self.fragments = self.memo = None
        self.texts = {}
        self.bodies = {}
        self.steps = {}
        self.questions = {}
        self.answers = Answers()


@dataclass(frozen=True)
class Scanned:
    """entries/, the files copied into the site and what every page depends on, as they are now."""

    files: SourceFiles
    stats: dict[str, tuple[int, int]]
    """Each Markdown file's (mtime_ns, size)."""
    copies: list[tuple[str, Path]]
    """Files copied into the site (entries' images, the theme's static files): site path, file."""
    sources: dict[str, tuple[str, int, int]]
    theme: str
    """A digest of the templates and the config: what every page depends on."""
    today: dt.date
    fingerprint: str
    scan_ns: int


@dataclass(frozen=True)
class Work:
    """What a build renders and writes."""

    pages: list[Page]
    """The pages to render (on a whole build: every page)."""
    paths: list[str]
    """Every page of the site, rendered now or not."""
    keys: dict[str, str]
    """Page keys known before rendering (a whole build works them out as it renders)."""
    in_place: bool
    """Change only the changed files of the live site; else write a whole new site and swap it in."""
    shows: dict[str, Shown] = field(default_factory=dict)
    """What each page shows of the journal (build/deps.py), known before rendering likewise."""
    make: Callable[[Sequence[str]], list[Page]] | None = None
    """For a whole build: plans the pages at some paths (each worker plans its own pages)."""
