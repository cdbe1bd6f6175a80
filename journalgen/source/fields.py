"""Typed values out of front-matter fields (text, lists of names, scores), with each problem's line."""

from __future__ import annotations

import re
from collections.abc import Mapping

from journalgen.config import Config
from journalgen.errors import Problem
from journalgen.scales import ITEMS, find_scale, scale_key
from journalgen.slugs import fold
from journalgen.source.frontmatter import Field


class Fields:
    """Reads typed values out of front-matter fields, collecting problems with their lines.

    Keys are found in any letter case (`Date:`, `Title:`), as other tools write them."""

    def __init__(self, path: str, fields: Mapping[str, Field]) -> None:
        self.path = path
        self.fields = fields
        self.problems: list[Problem] = []
        self.cautions: list[tuple[int, str]] = []
        """What is read all the same, with a word for `check`: (line, message)."""
        self._names: dict[str, str] = {}
        for name in fields:
            self._names.setdefault(name.casefold(), name)
        for name in fields:  # the key written in lower case wins over `Date` beside `date`
            if name == name.casefold():
                self._names[name] = name

    def key(self, key: str) -> str | None:
        """The key as written in the file (`Date` for `date`), or None when the file has none."""
        return self._names.get(key)

    def get(self, key: str) -> Field | None:
        name = self._names.get(key)
        return None if name is None else self.fields[name]

    def problem(self, key: str | None, message: str) -> None:
        field = self.get(key) if key else None
        line = field.line if field is not None else (1 if key else None)
        self.problems.append(Problem(self.path, line, message))

    def caution(self, key: str, message: str) -> None:
        field = self.get(key)
        self.cautions.append((field.line if field is not None else 1, message))

    def text(self, key: str) -> str | None:
        field = self.get(key)
        if field is None or field.is_null:
            return None
        if field.node.id != "scalar":
            self.problem(key, f"{key} must be text, not a list or mapping")
            return None
        value = str(field.node.value).strip()
        return value or None

    def names(self, key: str, spaced: bool = False) -> tuple[str, ...]:
        """A list of names, or text separated by commas (or, when `spaced`, by spaces if it has no
        comma, as Jekyll reads `tags: therapy sleep`); a leading `#` is dropped (`"#kap"`)."""
        field = self.get(key)
        if field is None or field.is_null:
            return ()
        if field.node.id == "scalar":
            text = str(field.node.value)
            raw = text.split() if spaced and "," not in text else text.split(",")
        elif field.node.id == "sequence" and all(n.id == "scalar" for n in field.node.value):
            raw = [str(n.value) for n in field.node.value]
        else:
            self.problem(key, f"{key} must be a list like [calm, grief] or text like 'calm, grief'")
            return ()
        folded = (fold(name.strip().removeprefix("#")) for name in raw)
        return tuple(dict.fromkeys(name for name in folded if name))


def read_scores(f: Fields, field: Field | None, config: Config) -> dict[str, int]:
    """Read `scores: {phq9: 12, gad7: 8}`: known scales (and single questions such as
    `phq9_item9`), whole numbers inside each one's range; a score left blank is left out."""
    if field is None or field.is_null:
        return {}
    if field.node.id != "mapping":
        f.problem("scores", "scores must be a mapping of scale to number, like {phq9: 12, gad7: 8}")
        return {}
    items = (s for key, s in ITEMS.items() if key not in config.scales)
    known = ", ".join(f"{s.key} ({s.label})" for s in (*config.scales.values(), *items))
    scores: dict[str, int] = {}
    seen: set[str] = set()
    for key_node, value_node in field.node.value:
        line = key_node.start_mark.line + 2
        name = str(key_node.value)
        key = scale_key(name)
        scale = find_scale(config.scales, key)
        if scale is None:
            f.problems.append(
                Problem(
                    f.path,
                    line,
                    f"scores: unknown scale {name!r}; the scales are {known} "
                    "(define more under [scales] in journal.toml)",
                )
            )
            continue
        if key in seen:
            f.problems.append(Problem(f.path, line, f"scores: {scale.label} is given twice; keep one"))
            continue
        seen.add(key)
        if value_node.tag == "tag:yaml.org,2002:null":
            continue  # left blank, as in the prompt templates: `{phq9: , gad7: 8}`
        raw = str(value_node.value).strip() if value_node.id == "scalar" else None
        if raw is None or not re.fullmatch(r"[+-]?[0-9]{1,9}", raw):  # not '٣' nor 5,000 digits
            shown = raw if raw is not None else "a list or mapping"
            f.problems.append(Problem(f.path, line, f"scores: {name} must be a whole number, not {shown}"))
            continue
        value = int(raw)
        if not scale.minimum <= value <= scale.maximum:
            f.problems.append(
                Problem(
                    f.path,
                    line,
                    f"scores: {name} is {value}, but {scale.label} scores run from "
                    f"{scale.minimum} to {scale.maximum}",
                )
            )
            continue
        scores[key] = value
    return scores
