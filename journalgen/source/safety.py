"""The safety plan: `entries/safety-plan.md`, the one Markdown file of entries/ that is not an entry.

It has no date, session or kind: it is a page of its own (`entries/safety-plan.html`), linked from
every page's header and from the crisis text. `journalgen new safety-plan` starts it from the
prompt template `safety-plan.md`. Until dateless files are read as notes of their own, this module
is the one place that knows it; read_journal() hands it here by its fixed path.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from journalgen.errors import JournalError
from journalgen.source.entry import first_heading
from journalgen.source.fields import Fields
from journalgen.source.frontmatter import FrontMatterError, normalise_text, split
from journalgen.source.markdown import Rendered

SAFETY_PLAN = "safety-plan.md"
"""Its path below entries/."""
SAFETY_PAGE = "entries/safety-plan.html"
"""Its page in the site, mirroring entries/ so links to it from entries work as written."""
TEMPLATE = "safety-plan"
"""The prompt template `journalgen new safety-plan` renders."""
DEFAULT_TITLE = "My safety plan"


@dataclass(frozen=True)
class SafetyPlan:
    """The safety plan as read: its title and text, and (once converted) its HTML."""

    title: str
    body: str
    title_is_heading: bool
    digest: str
    """The SHA-256 of the file's bytes."""
    rendered: Rendered | None = None


def load_safety_plan(raw: bytes) -> SafetyPlan:
    """Read the safety plan's bytes: optional front-matter (only `title:` is used), then Markdown."""
    shown = f"entries/{SAFETY_PLAN}"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise JournalError.at(shown, line, "not UTF-8 text; save the file as UTF-8") from None
    try:
        doc = split(normalise_text(text))
    except FrontMatterError as exc:
        raise JournalError.at(shown, exc.line, exc.message) from None
    fields = Fields(shown, doc.fields)
    title = fields.text("title")
    if fields.problems:
        raise JournalError(fields.problems)
    heading = None if title else first_heading(doc.body)
    return SafetyPlan(
        title=title or heading or DEFAULT_TITLE,
        body=doc.body,
        title_is_heading=heading is not None,
        digest=hashlib.sha256(raw).hexdigest(),
    )
