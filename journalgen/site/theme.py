"""The theme: the journal's templates/ over the default one shipped with journalgen.

`Theme` is the one place that knows where templates, static files (`assets/`) and prompt
templates come from, and what they all hash to.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from types import FunctionType
from typing import Any

import jinja2
import jinja2.runtime
from jinja2.runtime import Macro, missing
from markupsafe import Markup

from journalgen.config import Config
from journalgen.model import month_name
from journalgen.site.views import EntryView
from journalgen.source.questions import Questions, questions_of
from journalgen.source.scan import is_ignored

STATIC = "static"
"""Folder of a theme copied into the site as `assets/`."""
PROMPTS = "prompts"
"""Folder of a theme holding the prompt templates `journalgen new` starts entries from."""


def default_theme_dir() -> Path:
    """The default theme: package data in an installed wheel (journalgen/templates), the top-level
    templates/ in a checkout. (Found from this file: importlib.resources takes 8 ms to import.)"""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "templates"
    if packaged.is_dir():
        return packaged
    return package.parent / "templates"


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates (checked against each template's source), best effort:
    a folder that cannot be written just means templates are compiled again next time."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


class PageContext(jinja2.runtime.Context):
    """Jinja's context for pages, which calls a plain Python function (`url()`, `fragment()`,
    `month_name()`: tens a page) or a macro given only its positional arguments straight away,
    as Jinja's own `call` ends up doing after asking the function and its `__call__` whether it
    wants the context passed, and the macro how to bind its arguments."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's)
        kind = type(__obj)
        if kind is FunctionType:
            if hasattr(__obj, "jinja_pass_arg"):
                return super().call(__obj, *args, **kwargs)
        elif kind is not Macro or not _positional(__obj, args):
            return super().call(__obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            if kind is FunctionType:
                return __obj(*args, **kwargs)
            if kwargs:
                return super().call(__obj, *args, **kwargs)
            # Macro.__call__: arguments not given are `missing` (their defaults), Markup if autoescaping
            made = __obj._func(*args, *[missing] * (__obj._argument_count - len(args)))
            return Markup(made) if __self.eval_ctx.autoescape else made
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


_BINDING = ("caller", "explicit_caller", "catch_kwargs", "catch_varargs")
"""What makes a macro bind its arguments otherwise (unknown to a Jinja without them: taken as set)."""


def _positional(macro: Macro, args: tuple[Any, ...]) -> bool:
    """Whether a call of this macro with these positional arguments binds them in order, the
    rest to their defaults: no `caller`, `varargs` or `kwargs` in it, and not too many. (A Jinja
    whose macros keep these otherwise gets every call through its own Macro.__call__.)"""
    count = getattr(macro, "_argument_count", None)
    return (
        count is not None
        and len(args) <= count
        and hasattr(macro, "_func")
        and not any(getattr(macro, flag, True) for flag in _BINDING)
    )


class PageEnvironment(jinja2.Environment):
    """Jinja's environment for pages, noting which fields of entry views (views.EntryView) the
    templates read while `reads` is a set: a rebuild after an edit renders again only the pages
    that read a field the edit changed (build/deps.py)."""

    reads: set[str] | None = None
    context_class = PageContext

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is EntryView:
            reads = self.reads
            if reads is not None:
                reads.add(attribute)
            found = obj.__dict__.get(attribute, _MISSING)
            if found is not _MISSING:
                return found
        else:
            try:  # what Jinja's getattr tries first, without its call
                return getattr(obj, attribute)
            except AttributeError:
                pass
        return super().getattr(obj, attribute)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as a plain dict, not Jinja's ChainMap over the environment's: every
        page makes a dict of its template's globals, and every import compares their keys with the
        importing page's, which a ChainMap does in Python. The environment's globals are all set
        before the first template is loaded (Theme.environment), so a copy sees the same."""
        return {**self.globals, **(d or {})}

    def getitem(self, obj: Any, argument: Any) -> Any:
        if type(obj) is EntryView and self.reads is not None and isinstance(argument, str):
            self.reads.add(argument)
        return super().getitem(obj, argument)


_MISSING = object()


@dataclass(frozen=True)
class Theme:
    """Where every template and theme file comes from: the first folder that has it wins."""

    folders: tuple[Path, ...]
    """The journal's templates/, then the default theme."""

    @classmethod
    def of(cls, config: Config) -> Theme:
        return cls((config.templates_dir, default_theme_dir()))

    def environment(self, compiled: Path | None = None) -> jinja2.Environment:
        """The one Jinja environment for pages: these folders, autoescaped, unknown names an error.

        `compiled`: an existing folder to keep compiled templates in between runs (in the build
        cache), which saves compiling them on every build from the command line.
        """
        env = PageEnvironment(
            loader=jinja2.FileSystemLoader([str(folder) for folder in self.folders]),
            bytecode_cache=_CompiledTemplates(str(compiled)) if compiled is not None else None,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # Templates never change under an environment: the build keeps one only while the
            # theme's fingerprint is unchanged, and makes a new one otherwise. So no stat of the
            # template files on each get_template (several per page).
            auto_reload=False,
            cache_size=-1,
        )
        env.globals["month_name"] = month_name
        return env

    def source(self, name: str) -> str:
        """The text of one theme file (`export.css`, `lock/unlock.js`), the journal's own first."""
        for folder in self.folders:
            path = folder / name
            if path.is_file():
                return path.read_text(encoding="utf-8")
        raise jinja2.TemplateNotFound(name)

    def static_files(self) -> dict[str, Path]:
        """Static files (stylesheet, images) by site path under `assets/`, the journal's own winning."""
        found: dict[str, Path] = {}
        for base in reversed(self.folders):
            static = base / STATIC
            if static.is_dir():
                for path in sorted(static.rglob("*")):
                    if path.is_file() and not path.name.startswith("."):
                        found["assets/" + path.relative_to(static).as_posix()] = path
        return found

    def prompt_folders(self) -> tuple[Path, ...]:
        """Where prompt templates come from, the journal's own first."""
        return tuple(folder / PROMPTS for folder in self.folders)

    def prompts(self) -> dict[str, Path]:
        """Every prompt template by name, sorted: the journal's own replace the defaults of that name."""
        found: dict[str, Path] = {}
        for folder in reversed(self.prompt_folders()):
            if folder.is_dir():
                for path in folder.glob("*.md"):
                    if path.is_file() and not is_ignored(path.name):
                        found[path.stem] = path
        return dict(sorted(found.items()))

    def questions(self) -> Questions:
        """The headings of the prompt templates: the questions a page leaves out when unanswered."""
        texts = []
        for path in self.prompts().values():
            with contextlib.suppress(OSError, UnicodeDecodeError):
                texts.append(path.read_text(encoding="utf-8"))
        return questions_of(texts)

    def fingerprint(self) -> str:
        """A digest of every file of the theme (both folders): the same digest, the same templates."""
        h = hashlib.blake2b(digest_size=16)
        for folder in self.folders:
            h.update(b"\0folder\0" + str(folder).encode())
            if folder.is_dir():
                for path in sorted(folder.rglob("*")):
                    if path.is_file():
                        h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
        return h.hexdigest()


def copied_files(config: Config, assets: Iterable[str]) -> list[tuple[str, Path]]:
    """The files that go into the site as files: entries/' other files (images...), then the
    theme's static files (as `assets/`); by site path."""
    copies = [(f"entries/{rel}", config.entries_dir / rel) for rel in assets]
    return copies + sorted(Theme.of(config).static_files().items())
