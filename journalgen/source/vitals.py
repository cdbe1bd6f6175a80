"""The body's side of a session, from front matter: `body:` effects (a list of names, like
emotions), `dissociation: 0-10`, `blood_pressure: 135/85` and `heart_rate: 88`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from journalgen.source.fields import Fields

BODY_KEYS = ("body", "dissociation", "blood_pressure", "heart_rate")

_PRESSURE = re.compile(r"(\d{2,3})\s*/\s*(\d{2,3})(?:\s*(?:mm\s*hg|mmhg))?", re.IGNORECASE)


@dataclass(frozen=True)
class BodyFields:
    effects: tuple[str, ...] = ()
    dissociation: int | None = None
    blood_pressure: tuple[int, int] | None = None
    heart_rate: int | None = None


NO_BODY = BodyFields()
"""What an entry that says nothing of the body has."""


def _whole(f: Fields, key: str, low: int, high: int, what: str) -> int | None:
    field = f.fields.get(key)
    if field is None or field.is_null:
        return None
    raw = str(field.node.value).strip() if field.node.id == "scalar" else None
    if raw is None or not re.fullmatch(r"\d{1,4}", raw) or not low <= int(raw) <= high:
        shown = raw if raw is not None else "a list or mapping"
        f.problem(key, f"{key} must be {what}, not {shown!r}")
        return None
    return int(raw)


def read_body(f: Fields) -> BodyFields:
    """The body fields of one entry, each problem named with its line."""
    pressure: tuple[int, int] | None = None
    text = f.text("blood_pressure")
    if text is not None:
        match = _PRESSURE.fullmatch(text)
        upper, lower = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
        if match is None or not 40 <= lower < upper <= 300:
            f.problem(
                "blood_pressure", f"blood_pressure must read like 135/85 (upper/lower, in mmHg), not {text!r}"
            )
        else:
            pressure = (upper, lower)
    return BodyFields(
        effects=f.names("body"),
        dissociation=_whole(f, "dissociation", 0, 10, "a whole number from 0 to 10"),
        blood_pressure=pressure,
        heart_rate=_whole(f, "heart_rate", 20, 250, "beats per minute, a whole number like 88"),
    )
