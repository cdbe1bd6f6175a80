"""The safety plan: `entries/safety-plan.md`, a note (a file without a date) with a place of its own.

`journalgen new safety-plan` starts it from the prompt template `safety-plan.md`, at this fixed
path, never over one that exists. Once it is published, every page's header links to it and the
crisis text does too (build/incremental.py keys every page by whether it is).
"""

from __future__ import annotations

SAFETY_PLAN = "safety-plan.md"
"""Its path below entries/."""
SAFETY_PAGE = "entries/safety-plan.html"
"""Its page in the site, the one any note at that path gets (links to it from entries work as written)."""
TEMPLATE = "safety-plan"
"""The prompt template `journalgen new safety-plan` renders, and the page template of its note."""
