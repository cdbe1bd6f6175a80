"""Each body's answers to the questions of the prompt templates, for the Threads pages.

A question's page shows one answer of each of hundreds of entries: loading all those bodies to
cut one answer out of each would cost more than the page. So the cache keeps the answers apart,
by question (store.Store.read_answers), and a rebuild after an edit reads only the questions that
entry answers. Answers of bodies converted in this process are cut from their HTML when asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import TYPE_CHECKING

from journalgen.build.records import BodyRecord
from journalgen.build.store import Store, answer_shard

if TYPE_CHECKING:
    from journalgen.source.sections import Answer


class Answers:
    """Answers by body key and question: cut from bodies at hand, else read from the cache."""

    def __init__(self) -> None:
        self.spans: dict[str, tuple[Answer, ...]] = {}
        """Where each answer lies in the HTML of a body converted in this process."""
        self.read: dict[str, dict[str, str]] = {}
        """Answers read from the cache: question → body key → HTML."""
        self.shards: set[str] = set()
        """The answer shards read so far."""
        self.changed: set[str] = set()
        """Questions with answers of bodies converted since the cache was last saved."""

    def add(self, key: str, spans: tuple[Answer, ...]) -> None:
        """Note where a converted body's answers lie in its HTML."""
        self.spans[key] = spans
        self.changed.update(question for question, _, _ in spans)

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

    def load(self, store: Store, questions: Iterable[str]) -> None:
        """Read the answers to these questions from the cache (once per shard)."""
        for shard in {answer_shard(q) for q in questions} - self.shards:
            self.shards.add(shard)
            for question, found in store.read_answers(shard).items():
                self.read.setdefault(question, {}).update(found)

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
        bodies: Mapping[str, BodyRecord],
        every: bool = False,
    ) -> dict[str, dict[str, dict[str, str]]]:
        """The answer shards that changed (all of them with `every`), whole: for each, question →
        body key → HTML of every body `questions()` names (body key → the questions it answers),
        worked out only when a shard is to be saved (most rebuilds changed no answer)."""
        if not every and not self.changed:
            return {}
        asked = questions()
        changed = {q for qs in asked.values() for q in qs} if every else set(self.changed)
        if not changed:
            return {}
        shard_of = {q: answer_shard(q) for qs in {*asked.values()} for q in qs}  # a few dozen questions
        dirty = {shard_of.get(q) or answer_shard(q) for q in changed}
        self.load(store, [q for q, shard in shard_of.items() if shard in dirty])
        shards: dict[str, dict[str, dict[str, str]]] = {shard: {} for shard in dirty}
        for key, questions in asked.items():
            for question in questions:
                shard = shard_of[question]
                if shard in dirty:
                    found = self.html(key, question, bodies)
                    if found is not None:
                        shards[shard].setdefault(question, {})[key] = found
        self.changed.clear()
        return shards
