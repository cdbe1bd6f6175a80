"""The changes from one build's record of the journal to the next's, so a rebuild that changed a
few entries writes a few kilobytes to the cache, not the whole record again.

The cache keeps the record (the Index's fields in journal.bin, see store.py) whole, then, build
after build, the changes since the build before, each in a file of its own (`journal.1.bin`,
`journal.2.bin`...) naming the generation it starts from and the one it makes. Reading applies
them in turn until it reaches the generation index.bin names. After CHAIN files, or when the
changes are many, the record is written whole again.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Mapping, Sequence
from itertools import compress
from operator import ne
from typing import Any

CHAIN = 16
"""The most files of changes kept on top of the whole record."""

SORTED = frozenset(("order", "bodies"))
"""The fields that are sorted sequences of distinct strings: their change is what was added and
what was removed."""

Changes = dict[str, tuple[Any, ...]]
"""Field by field: ("=", value), ("d", changed items, removed keys) or ("s", added, removed)."""


def changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> Changes | None:
    """What turns the fields `old` into `new`; None when the changes are not much smaller than
    `new` (a build that changed much: write the record whole)."""
    found: Changes = {}
    total = changed = 0
    for name, value in new.items():
        before = old.get(name)
        total += len(value) if isinstance(value, (dict, list, tuple)) else 1
        if type(before) is not type(value):
            return None
        if before == value:
            continue
        if isinstance(value, dict):
            if len(value) == len(before) and list(value) == list(before):  # the same keys in the same order
                items = {k: value[k] for k in compress(value, map(ne, value.values(), before.values()))}
                removed = []
            else:
                items = {k: v for k, v in value.items() if k not in before or before[k] != v}
                removed = [k for k in before if k not in value]
            found[name] = ("d", items, removed)
            changed += len(items) + len(removed)
        elif name in SORTED:
            added, removed = sorted(set(value) - set(before)), sorted(set(before) - set(value))
            found[name] = ("s", added, removed)
            changed += len(added) + len(removed)
        else:
            found[name] = ("=", value)
            changed += len(value) if isinstance(value, (list, tuple)) else 1
    return found if changed * 8 <= total else None


def apply(values: dict[str, Any], change: Any) -> bool:
    """Apply `change` (as changes() made it, read back from the cache) to the fields `values`, in
    place; False, and `values` no longer to be trusted, when it is not such a change."""
    if not isinstance(change, dict):
        return False
    try:
        for name, (how, *parts) in change.items():
            value = values[name]
            if how == "=" and type(parts[0]) is type(value):
                values[name] = parts[0]
            elif how == "d" and isinstance(value, dict):
                items, removed = parts
                value.update(items)
                for key in removed:
                    value.pop(key, None)
            elif how == "s" and name in SORTED:
                added, removed = parts
                values[name] = type(value)(edited(value, added, removed))
            else:
                return False
    except (KeyError, TypeError, ValueError):
        return False
    return True


def edited(value: Sequence[str], added: Collection[str], removed: Collection[str]) -> list[str]:
    """The sorted, distinct `value` with `added` and without `removed`: each found by bisection
    when they are few (a rebuild changed one body of thousands), else sorted again."""
    if len(added) + len(removed) > 64:
        return sorted(set(value).difference(removed).union(added))
    items = list(value)
    for item in removed:
        at = bisect_left(items, item)
        if at < len(items) and items[at] == item:
            del items[at]
    for item in added:
        at = bisect_left(items, item)
        if at == len(items) or items[at] != item:
            items.insert(at, item)
    return items
