"""Page keys: a digest of everything a page shows, so a rebuild renders only pages whose key changed.

An entry's HTML and text stand in by their body key (`Lazy`), so a page's key is known without
loading the body it shows; the body is looked up only when the page is rendered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journalgen.build.records import Asked, BodyRecord, Steps
from journalgen.model import Step
from journalgen.site.views import EntryView, TermLink

if TYPE_CHECKING:
    from journalgen.site.page import Page
    from journalgen.source.reader import Read


def digest(text: str | bytes) -> str:
    """The digest the build uses for keys and for a page's bytes."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Lazy:
    """Part of a cached body (0: its HTML, 1: its plain text), looked up only when a page shows it.

    `texts` are plain texts known without loading the body (read back from the last build's
    search files): they are used first.
    """

    __slots__ = ("_bodies", "_texts", "key", "part")

    def __init__(
        self, key: str, part: int, bodies: Mapping[str, BodyRecord], texts: Mapping[str, str]
    ) -> None:
        self.key = key
        self.part = part
        self._bodies = bodies
        self._texts = texts

    def _value(self) -> str:
        if self.part == 1:
            known = self._texts.get(self.key)
            if known is not None:
                return known
        return self._bodies[self.key][self.part]

    def __html__(self) -> str:
        return self._value()

    def __str__(self) -> str:
        return self._value()

    def __repr__(self) -> str:
        return f"Lazy({self.key!r}, {self.part})"

    def cache_key(self) -> str:
        """Stands for the text in a page's key: the same key means the same text."""
        return f"{self.key}:{self.part}"


Resolve = Callable[[str, str], str]
"""resolve(body key, question): the body's answer to the question (build/answers.py)."""


class LazyAnswer:
    """A body's answer to one question (site/threads.py), looked up when a page shows it."""

    __slots__ = ("_resolve", "key", "question")

    def __init__(self, key: str, question: str, resolve: Resolve) -> None:
        self.key = key
        self.question = question
        self._resolve = resolve

    def __str__(self) -> str:
        return self._resolve(self.key, self.question)

    def __repr__(self) -> str:
        return f"LazyAnswer({self.key!r}, {self.question!r})"

    def cache_key(self) -> str:
        """Stands for the answer in a page's key: the same key means the same HTML."""
        return f"{self.key}:answer:{self.question}"


class Stored:
    """An entry's converted body as the build cache knows it: its steps and the questions it
    answers at hand, its HTML, plain text and answers looked up only when a page shows them
    (site.pages.Body)."""

    __slots__ = ("_answers", "_asked", "_bodies", "_steps", "_texts", "key")

    def __init__(
        self,
        key: str,
        steps: Steps,
        bodies: Mapping[str, BodyRecord],
        texts: Mapping[str, str],
        asked: Asked = (),
        answers: Resolve | None = None,
    ) -> None:
        self.key = key
        self._steps = steps
        self._bodies = bodies
        self._texts = texts
        self._asked = asked
        self._answers = answers

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(Step(text, done) for text, done in self._steps)

    @property
    def questions(self) -> tuple[str, ...]:
        return tuple(question for question, _ in self._asked)

    def answer(self, question: str) -> LazyAnswer:
        assert self._answers is not None, "a stored body with answers needs a resolver"
        return LazyAnswer(self.key, question, self._answers)

    @property
    def html(self) -> Lazy:
        return Lazy(self.key, 0, self._bodies, self._texts)

    @property
    def text(self) -> Lazy:
        return Lazy(self.key, 1, self._bodies, self._texts)


Memo = dict[int, tuple[str, Any, frozenset[str]]]
"""Digests of the views of one build, by id: (digest, the view, the entries whose views it holds)."""


def page_key(page: Page, theme: str, memo: Memo) -> tuple[str, frozenset[str]]:
    """A digest of everything a page shows (same key, same bytes, given the same theme and
    config), and the entries (by source) whose views it shows, with those it `shows`.

    Views (dataclasses) are written out as their class and fields; those many pages show (SHARED)
    and other objects (by their repr) are digested once per build through `memo`, by id (each
    kept alive there, so an id is never reused): an object without a stable repr just makes the
    page render again.
    """
    parts: list[str] = [theme, page.path, page.template or ""]
    deps: set[str] = set(page.shows)
    if page.data is not None:
        parts.append(digest(page.data))
    else:
        _flatten(page.context, parts, memo, deps)
    return digest("\x1f".join(parts)), frozenset(deps)


_SCALARS = frozenset((str, int, float, bool, type(None), dt.date, dt.datetime, dt.time))
"""Values written into a key as their repr (a date's is as stable as a number's)."""

SHARED = (EntryView, TermLink)
"""The views many pages show: each digested once per build and kept in the Memo. Any other view
(a dataclass) is written out in the key of the page that shows it: a digest of its own would
cost more than it saves."""


def _parts(items: Iterable[Any], out: list[str], memo: Memo, deps: set[str]) -> None:
    """Each of these values: a scalar's repr, the digest of one already known this build (a view
    many pages list), else flattened."""
    known_of = memo.get
    for item in items:
        if type(item) in _SCALARS:
            out.append(repr(item))
            continue
        known = known_of(id(item))
        if known is None:
            _flatten(item, out, memo, deps)
        else:
            out.append(known[0])
            if known[2]:
                deps.update(known[2])


def _flatten(value: Any, out: list[str], memo: Memo, deps: set[str]) -> None:
    kind = type(value)
    if kind in _SCALARS:
        out.append(repr(value))
    elif kind is list or kind is tuple:
        out.append("[")
        _parts(value, out, memo, deps)
        out.append("]")
    elif kind is dict or (kind is not Lazy and kind is not LazyAnswer and isinstance(value, Mapping)):
        out.append("{")
        for key, item in value.items():
            out.append(repr(key) if type(key) in _SCALARS else digest(repr(key)))
            _parts((item,), out, memo, deps)
        out.append("}")
    elif kind is Lazy or kind is LazyAnswer:
        out.append("lazy:" + value.cache_key())
    elif kind in SHARED:
        known = memo.get(id(value))
        if known is None:  # its class and its fields, the views inside it digested once
            inner = [kind.__qualname__]
            held: set[str] = {value.source} if kind is EntryView else set()
            _parts(value.__dict__.values(), inner, memo, held)
            known = memo[id(value)] = (digest("\x1f".join(inner)), value, frozenset(held))
        out.append(known[0])
        deps.update(known[2])
    elif hasattr(kind, "__dataclass_fields__") and hasattr(value, "__dict__"):
        out.append(kind.__qualname__ + "(")  # a view: its class and its fields, here
        _parts(value.__dict__.values(), out, memo, deps)
        out.append(")")
    else:
        known = memo.get(id(value))
        if known is None:
            known = memo[id(value)] = (digest(repr(value)), value, frozenset())
        out.append(known[0])


def search_texts(
    out: Path,
    pages: list[Page],
    manifest: Mapping[str, tuple[str, int, int]],
    previous: Mapping[str, Read],
    keys: Mapping[str, str],
) -> dict[str, str]:
    """Plain texts by body key, read back from the search files about to be rewritten.

    A month's search file holds the text of each of its entries; rewriting it (one entry's words or
    tags changed) would otherwise load every body of that year from the cache. A file is used only
    when its bytes are what the last build wrote (its digest in the manifest), and a text only for
    an entry whose body is the one it had then (the same body key).
    """
    from journalgen.site import search
    from journalgen.source.scan import page_sources

    by_url: dict[str, str] = {}
    for page in pages:
        old = manifest.get(page.path)
        if not page.path.startswith(search.FOLDER + "/") or old is None:
            continue
        try:
            data = (out / page.path).read_bytes()
        except OSError:
            continue
        if digest(data) != old[0]:
            continue
        for record in search.read_script(data) or ():
            if isinstance(record, dict) and isinstance(record.get("url"), str):
                text = record.get("text")
                if isinstance(text, str):
                    by_url[record["url"]] = text
    found: dict[str, str] = {}
    for url, text in by_url.items():
        for source in page_sources(url):
            before = previous.get(source)
            key = keys.get(source)
            if key is not None and before is not None and before.key == key and before.entry.url == url:
                found[key] = text
    return found
