"""`journalgen theme`: the files of the default theme, and copies of them in the journal's
templates/ to change (the journal's own file wins over the default one of the same name)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from journalgen import write
from journalgen.config import Config
from journalgen.errors import UsageError, did_you_mean
from journalgen.prompts import make_private_folders
from journalgen.scaffold import Step
from journalgen.site.theme import default_theme_dir


@dataclass(frozen=True)
class ThemeFile:
    """One file of the default theme, and the journal's own copy of it if there is one."""

    name: str
    """Its path in the theme, with forward slashes: `base.html`, `static/style.css`."""
    default: Path
    own: Path | None


def theme_files(config: Config) -> list[ThemeFile]:
    """Every file of the default theme, sorted, with the journal's own copy where it has one."""
    base = default_theme_dir()
    found = []
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(base)
        if path.is_file() and not any(part.startswith((".", "__")) for part in rel.parts):
            own = config.templates_dir / rel
            found.append(ThemeFile(rel.as_posix(), path, own if own.is_file() else None))
    return found


def chosen(config: Config, names: list[str]) -> list[ThemeFile]:
    """The files named (a folder names every file below it), or a UsageError naming every unknown one."""
    files = theme_files(config)
    picked: dict[str, ThemeFile] = {}
    unknown = []
    for raw in names:
        name = raw.strip().strip("/").removeprefix("templates/")
        matches = [f for f in files if f.name == name or f.name.startswith(name + "/")]
        if not matches:
            unknown.append(raw)
        picked.update((f.name, f) for f in matches)
    if unknown:
        known = [f.name for f in files]
        said = ", ".join(f"{raw!r}{did_you_mean(raw, known)}" for raw in unknown)
        raise UsageError(f"no such theme file: {said}; `journalgen theme list` shows every file")
    return [picked[name] for name in sorted(picked)]


def copy_files(config: Config, names: list[str]) -> list[Step]:
    """Copy the files named into the journal's templates/, leaving any file already there alone."""
    steps = []
    for item in chosen(config, names):
        target = config.templates_dir / item.name
        shown = f"templates/{item.name}"
        make_private_folders(target.parent)
        if write.create_new(target, item.default.read_bytes()):
            steps.append(Step(shown, True, "yours to change; the build uses it from now on"))
        else:
            steps.append(Step(shown, False, "already there"))
    return steps
