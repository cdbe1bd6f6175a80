"""Write the README's table of journal.toml settings from the one table in journalgen/config.py.

`python scripts/settings_table.py` prints it; `--write` puts it into README.md between its two
marker lines (`make docs`). tests/test_readme.py fails when the README's table is not this one.
"""

from __future__ import annotations

import sys
from pathlib import Path

from journalgen.scaffold import settings_table

README = Path(__file__).resolve().parent.parent / "README.md"
START = "<!-- settings table: made by `make docs` from journalgen/config.py; edit it there -->\n"
END = "<!-- end of the settings table -->\n"


def with_table(readme: str) -> str:
    """The README's text with the table between the markers replaced by the current one."""
    before, rest = readme.split(START, 1)
    _, after = rest.split(END, 1)
    return before + START + settings_table() + END + after


def main(argv: list[str]) -> int:
    if argv == ["--write"]:
        README.write_text(with_table(README.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        print(settings_table(), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
