"""Safe, stable file names for tags, emotions and routes, on every disk."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable

from slugify import slugify

_WINDOWS_RESERVED = {
    "con", "prn", "aux", "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}  # fmt: skip
_TAKEN = {"index"}
"""Stems each folder's own pages use (tags/index.html lists the tags)."""


def fold(name: str) -> str:
    """The one spelling of a tag or emotion: NFC, trimmed, case-folded, inner spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _digest(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]


def slug(name: str) -> str:
    """A lower-case ASCII file name stem; never empty, never a Windows-reserved name or `index`."""
    stem = slugify(name, max_length=60, word_boundary=True, save_order=True)
    if not stem:
        return "x-" + _digest(name)
    if stem in _WINDOWS_RESERVED or stem in _TAKEN:
        return stem + "-"
    return stem.rstrip(".") or "x-" + _digest(name)


def slug_map(names: Iterable[str]) -> dict[str, str]:
    """Map each name to a unique slug; names that collide get a short stable hash suffix."""
    by_slug: dict[str, list[str]] = {}
    for name in sorted(set(names)):
        by_slug.setdefault(slug(name), []).append(name)
    result: dict[str, str] = {}
    for stem, group in by_slug.items():
        for name in group:
            plain = len(group) == 1 or name == stem
            result[name] = stem if plain else f"{stem}-{_digest(name)}"
    return result
