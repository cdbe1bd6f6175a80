"""The converted bodies a build has at hand: what earlier builds converted (in memory, or in the
cache's shards, loaded only when a page to render shows them) and what this build converts.

Pages hold stand-ins for the bodies they show (keys.Lazy, keys.LazyAnswer): `needs()` finds them
in the pages to render, and `ensure()` has each at hand before rendering, from the cache, else by
converting the entry again.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from journalgen.build.answers import Years
from journalgen.build.keys import Lazy, LazyAnswer, Stored
from journalgen.build.records import BodyRecord, asked_record, body_record, steps_record
from journalgen.build.spill import Kept, Spills, plain, spill
from journalgen.build.state import BuildState
from journalgen.build.store import Store, shard_of
from journalgen.build.workers import Workers
from journalgen.site.page import Page
from journalgen.site.views import EntryView, TermLink
from journalgen.source.markdown import Rendered
from journalgen.source.questions import Questions
from journalgen.source.reader import Job, convert_bodies


class Bodies:
    """The bodies of one build, over the state earlier builds left (BuildState)."""

    def __init__(self, state: BuildState, store: Store, questions: Questions) -> None:
        self.state = state
        self.store = store
        self.questions = questions
        self.texts = state.texts
        """Plain texts by body key read back from search files the last builds wrote."""
        self.converted: set[str] = set()
        """Body keys converted by this build."""

    def add(self, converted: Mapping[str, Rendered | Kept], spills: Spills | None = None) -> None:
        """Keep bodies just converted: their records, steps and answers (Kept: in the file of the
        worker that converted it, one of `spills`)."""
        state = self.state
        for key, rendered in converted.items():
            if isinstance(rendered, Kept):
                assert spills is not None
                state.bodies[key] = spills.body(rendered)  # type: ignore[assignment]  # a BodyRecord in a file
                steps, asked, answered = rendered.steps, rendered.asked, rendered.answered
            else:
                state.bodies[key] = body_record(rendered)
                steps, asked, answered = steps_record(rendered), asked_record(rendered), rendered.answered
            state.steps[key] = steps
            state.questions[key] = tuple((sys.intern(question), digest) for question, digest in asked)
            state.answers.add(key, answered)
            self.converted.add(key)

    def known(self, key: str) -> bool:
        """Whether the body was converted before (its steps and questions are at hand)."""
        return key in self.state.steps and key in self.state.questions

    def stored(self, keys: Mapping[str, str]) -> Mapping[str, Stored]:
        """Each entry's body (by source, from its body key) as pages show it, made when asked for."""
        return _Stored(self, keys)

    def answer(self, key: str, question: str) -> str:
        """A body's answer to a question: ensure() made sure it is at hand."""
        found = self.state.answers.html(key, question, self.state.bodies)
        if found is None:
            raise KeyError(f"no answer of {key} to {question!r}")
        return found

    def ensure(
        self, needed: Collection[str], jobs: Callable[[set[str]], Iterable[Job]], workers: Workers
    ) -> None:
        """Have these bodies at hand: from memory, the cache's shards, else converted again
        (`jobs(keys)`: what converting them takes)."""
        state = self.state
        missing = {k for k in needed if k not in state.bodies or not self.known(k)}
        stored = {k for k in missing if self.known(k)}
        if stored:
            state.bodies.update(self.store.read_bodies(stored))
            missing = {k for k in missing if k not in state.bodies or not self.known(k)}
        if missing:
            self.add(convert_bodies(jobs(missing), self.questions, workers.map))

    def ensure_answers(
        self,
        wanted: Collection[tuple[str, str]],
        years: Years,
        jobs: Callable[[set[str]], Iterable[Job]],
        workers: Workers,
    ) -> None:
        """Have these answers (body key, question) at hand: from the cache's answer shards (their
        bodies' `years` say which), else cut from their bodies."""
        answers = self.state.answers
        unsaved = answers.load(self.store, wanted, years)
        missing = answers.missing(wanted, self.state.bodies)
        if missing:  # not in the cache (made by another version): cut from the bodies
            self.ensure(missing, jobs, workers)
        answers.changed.update(unsaved)  # saved where they belong

    def shards(self, live: Collection[str], every: bool) -> Mapping[str, dict[str, BodyRecord]]:
        """The body shards to save: each shard holding a body converted by this build (all of
        them with `every`), whole, with the live bodies of the cache's copy. Each is made when
        asked for (a cold build's bodies wait on disk: see spill)."""
        state = self.state
        changed = set(state.bodies) if every else self.converted
        keys: dict[str, list[str]] = {shard_of(k): [] for k in changed}
        for key in state.bodies:
            if key in live and shard_of(key) in keys:
                keys[shard_of(key)].append(key)
        return _Shards(self, dict(sorted(keys.items())), live)

    def spill(self, folder: Path, prefix: str) -> None:
        """Move the HTML and text of the bodies at hand out of memory (spill.spill)."""
        spill(self.state.bodies, folder, prefix)


class _Shards(Mapping[str, dict[str, BodyRecord]]):
    """Body shards to save, each made when asked for, so that a cold build never holds them all."""

    def __init__(self, bodies: Bodies, keys: dict[str, list[str]], live: Collection[str]) -> None:
        self._bodies = bodies
        self._keys = keys
        self._live = live

    def __getitem__(self, shard: str) -> dict[str, BodyRecord]:
        held = self._bodies.state.bodies
        content = {key: plain(held[key]) for key in self._keys[shard]}
        stored = self._bodies.store.read_shard(shard)
        content.update((k, v) for k, v in stored.items() if k in self._live and k not in content)
        return content

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class _Stored(Mapping[str, Stored]):
    """Each entry's body as pages show it, by source: most rebuilds plan a few pages, and ask for a
    few bodies."""

    def __init__(self, bodies: Bodies, keys: Mapping[str, str]) -> None:
        self._at_hand = bodies
        self._keys = keys
        self._made: dict[str, Stored] = {}

    def __getitem__(self, source: str) -> Stored:
        made = self._made.get(source)
        if made is None:
            key, at_hand = self._keys[source], self._at_hand
            state = at_hand.state
            made = Stored(
                key, state.steps[key], state.bodies, at_hand.texts, state.questions[key], at_hand.answer
            )
            self._made[source] = made
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def needs(pages: Iterable[Page]) -> tuple[set[str], set[str], set[tuple[str, str]]]:
    """The bodies the pages show: keys whose HTML they show, keys whose plain text they show, and
    (body key, question) of the answers they show."""
    html: set[str] = set()
    text: set[str] = set()
    answers: set[tuple[str, str]] = set()
    seen: set[int] = set()

    def walk(value: Any) -> None:
        kind = type(value)
        if kind is Lazy:
            (text if value.part == 1 else html).add(value.key)
        elif kind is LazyAnswer:
            answers.add((value.key, value.question))
        elif kind is list or kind is tuple:
            for item in value:
                if type(item) not in _PLAIN:
                    walk(item)
        elif kind is dict:
            for item in value.values():
                if type(item) not in _PLAIN:
                    walk(item)
        elif kind not in _PLAIN_VIEWS and hasattr(kind, "__dataclass_fields__") and id(value) not in seen:
            seen.add(id(value))
            for item in vars(value).values():
                if type(item) not in _PLAIN:
                    walk(item)

    for page in pages:
        walk(dict(page.context))
    return html, text, answers


_PLAIN = frozenset((str, int, float, bool, type(None)))
_PLAIN_VIEWS = frozenset((EntryView, TermLink))
"""Views that never hold a body (most of what list pages show): not looked into."""
