"""Names spelled two ways: an emotion, tag or body effect written once as `anxious` and once as
`anxiety` gets two pages (or two rows); check says so, once for each pair."""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Iterator, Mapping, Sequence

from journalgen.check.lines import where
from journalgen.errors import Problem
from journalgen.model import Entry

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
    entries: Sequence[Entry],
    key: str,
    label: str,
    lines: Mapping[str, dict[str, int]],
    field: str | None = None,
    apart: str = PAGES_APART,
) -> Iterator[Problem]:
    """Warn once for each pair of names that differ only by spelling or plural, at the first entry
    using the rarer name (of two names used as often, the one that came later).

    `entries` in the journal's order (Journal.pages); `key` names the Entry's attribute, `field` the
    front-matter key it is written under (the same unless given), `apart` what two spellings do
    to the site."""
    users: dict[str, list[Entry]] = {}
    for entry in entries:
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
            path, line = where(users[name][0], lines, field or key)
            yield Problem(
                path,
                line,
                f"warning: the {label} {name!r} looks like {other!r} spelled another way ({name!r} is "
                f"in {_entries(len(users[name]))}, {other!r} in {_entries(len(users[other]))}); "
                f"{apart}, so use one of them",
            )


def _entries(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}"
