"""journalgen: a private KAP journal, kept as Markdown under git, rendered into an offline site."""

from __future__ import annotations

__version__ = "0.1.0"
