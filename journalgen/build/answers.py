"""Each body's answers to the questions of the prompt templates, for the Threads pages.

A question's page shows one answer of each of hundreds of entries: loading all those bodies to
cut one answer out of each would cost more than the page. So the cache keeps the answers apart,
by question and year, as the Threads pages show them (store.answer_shard), and a rebuild after an
edit reads and writes again only the shards of the questions that entry answers, in its year.
Answers of bodies converted in this process are cut from their HTML when asked for.

`years` (body key → the years of the entries with that body) tells which shards a body's answers
belong in: what a body is does not say when it was written.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import TYPE_CHECKING

from journalgen.build.records import BodyRecord
from journalgen.build.store import Store, answer_shard

if TYPE_CHECKING:
    from journalgen.source.sections import Answer


Years = Mapping[str, Collection[int]]
"""Body key → the years of the entries with that body: the shards its answers belong in."""


class Answers:
    """Answers by body key and question: cut from bodies at hand, else read from the cache."""

    def __init__(self) -> None:
        self.spans: dict[str, tuple[Answer, ...]] = {}
        """Where each answer lies in the HTML of a body converted in this process."""
        self.read: dict[str, dict[str, str]] = {}
        """Answers read from the cache or saved to it: question → body key → HTML."""
        self.shards: dict[str, set[tuple[str, str]]] = {}
        """The answer shards read or saved so far, with the answers each holds (body key, question)."""
        self.changed: set[tuple[str, str]] = set()
        """(body key, question) of the answers of bodies converted since the cache was last saved."""
        self.stale: set[str] = set()
        """Shards read that hold answers no longer theirs (of bodies gone, or of another year now)."""

    def add(self, key: str, spans: tuple[Answer, ...]) -> None:
        """Note where a converted body's answers lie in its HTML."""
        self.spans[key] = spans
        self.changed.update((key, question) for question, _, _ in spans)

    def html(self, key: str, question: str, bodies: Mapping[str, BodyRecord]) -> str | None:
        """The body's answer to the question, if it can be had without reading the cache."""
        body = bodies.get(key)
        if body is not None:
            spans = self.spans.get(key)
            if spans is None:
                from journalgen.source.sections import answers

                spans = self.spans[key] = answers(body[0])
            for asked, start, end in spans:
                if asked == question:
                    return body[0][start:end]
            return None
        return self.read.get(question, {}).get(key)

    def load(self, store: Store, wanted: Iterable[tuple[str, str]], years: Years) -> set[tuple[str, str]]:
        """Read the shards these answers (body key, question) belong in, each once; the answers
        not in one of them (to save with them: their entry moved to another year, or the cache
        was made by another version)."""
        where = {(key, q): [answer_shard(q, year) for year in years.get(key, ())] for key, q in wanted}
        for shard in self._load(store, {shard for shards in where.values() for shard in shards}):
            if any(all(answer_shard(q, y) != shard for y in years.get(k, ())) for k, q in self.shards[shard]):
                self.stale.add(shard)
        return {pair for pair, shards in where.items() if any(pair not in self.shards[s] for s in shards)}

    def _load(self, store: Store, shards: Iterable[str]) -> list[str]:
        """Read these shards, but those read before; the shards read."""
        read = sorted(set(shards) - set(self.shards))
        for shard in read:
            found = store.read_answers(shard)
            self.shards[shard] = {(key, question) for question, answers in found.items() for key in answers}
            for question, answers in found.items():
                self.read.setdefault(question, {}).update(answers)
        return read

    def missing(self, wanted: Collection[tuple[str, str]], bodies: Mapping[str, BodyRecord]) -> set[str]:
        """The body keys of wanted (key, question) pairs whose answer is not at hand."""
        return {key for key, question in wanted if self.html(key, question, bodies) is None}

    def forget(self, live: Collection[str]) -> None:
        """Drop what belongs to bodies no longer in the journal."""
        self.spans = {k: v for k, v in self.spans.items() if k in live}
        for question in self.read:
            self.read[question] = {k: v for k, v in self.read[question].items() if k in live}

    def shards_to_save(
        self,
        store: Store,
        questions: Callable[[], Mapping[str, tuple[str, ...]]],
        years_of: Callable[[], Years],
        bodies: Mapping[str, BodyRecord],
        live: Collection[str],
        every: bool = False,
    ) -> dict[str, dict[str, dict[str, str]]]:
        """The answer shards that changed (all of them with `every`, from `questions()`: body key
        → the questions it answers), whole: question → body key → HTML of each `live` body whose
        answers belong in the shard (`years_of()`, worked out only when a shard is to be saved:
        most rebuilds change no answer). A changed shard is the cache's copy (read again when not
        at hand), without the bodies no longer live, with the answers changed since."""
        shards: dict[str, dict[str, dict[str, str]]] = {}
        if not (every or self.changed or self.stale):
            return shards
        years = years_of()
        if every:
            self.changed.clear()
            self.stale.clear()
            for key, asked in questions().items():
                for question in asked:
                    found = self.html(key, question, bodies)
                    for year in years.get(key, ()) if found is not None else ():
                        into = shards.setdefault(answer_shard(question, year), {})
                        into.setdefault(question, {})[key] = found
            return shards
        changed = {(key, question) for key, question in self.changed if key in live}
        self.changed.clear()
        dirty = {answer_shard(question, year) for key, question in changed for year in years.get(key, ())}
        dirty |= self.stale
        self.stale.clear()
        if not dirty:
            return shards
        self._load(store, dirty)
        for key, question in changed:  # the answers at hand join those read
            found = self.html(key, question, bodies)
            if found is not None:
                self.read.setdefault(question, {})[key] = found
        for question in {q for shard in dirty for _, q in self.shards[shard]} | {q for _, q in changed}:
            for key, found in self.read.get(question, {}).items():
                for year in years.get(key, ()) if key in live else ():
                    shard = answer_shard(question, year)
                    if shard in dirty:
                        shards.setdefault(shard, {}).setdefault(question, {})[key] = found
        for shard in dirty:
            held = shards.setdefault(shard, {})
            self.shards[shard] = {(key, question) for question, answers in held.items() for key in answers}
        return shards
