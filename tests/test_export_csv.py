"""`journalgen export --csv`: the numbers of the chosen entries as a table, read back with csv."""

from __future__ import annotations

import csv
import shutil
import stat
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import MakeJournal, entry, run_cli

CONFIG = """\
[scales.who5]
label = "WHO-5"
min = 0
max = 25
higher_is_worse = false
"""

JOURNAL = {
    "2026/2026-03-01-intention.md": entry(
        "title: Before the first\nkind: intention\nmood: 4\nscores: {phq9: 16, gad7: 12}\ntags: [family]"
    ),
    "2026/2026-03-02-first.md": entry(
        "title: First session\ndate: 2026-03-02 14:30\nkind: session\nroute: infusion\n"
        "dose: '0,5 mg/kg over 40 min'\nmood: 6\nbody: [tingling, nausea]\ndissociation: 5\n"
        "blood_pressure: 142/91\nheart_rate: 96\ntags: [family]"
    ),
    "2026/2026-03-03-after.md": entry(
        "title: '+1 day after session #1'\nkind: follow-up\nmood: 7\nscores: {who5: 13}\nbody: headache"
    ),
    "2026/2026-03-04-private.md": entry("title: Only mine\nkind: follow-up\nmood: 2\nshare: false"),
    "2026/2026-03-05-draft.md": entry("title: Not yet\nkind: reflection\nmood: 3\ndraft: true"),
    "2026/2026-03-09-second.md": entry(
        "title: Second session\nkind: session\nroute: nasal\ndose: two devices\nscores: {phq9: 9}\n"
        "tags: [work]"
    ),
    "2026/2026-03-10-walk.md": entry("title: =A walk, on Ünter Straße\nmood: 8\ntags: [work]"),
}
HEADER = [
    "date", "time", "title", "kind", "session", "days_after", "route", "dose", "dose_amount", "dose_unit",
    "mood", "phq9", "gad7", "who5", "dissociation", "blood_pressure_upper", "blood_pressure_lower",
    "heart_rate", "body",
]  # fmt: skip
ROWS = {
    "2026-03-01": ["", "Before the first", "intention", "1", "-1", "iv", "", "", "", "4", "16", "12", "",
                   "", "", "", "", ""],
    "2026-03-02": ["14:30", "First session", "session", "1", "0", "iv", "0,5 mg/kg over 40 min", "0.5",
                   "mg/kg", "6", "", "", "", "5", "142", "91", "96", "tingling, nausea"],
    "2026-03-03": ["", "'+1 day after session #1", "follow-up", "1", "1", "iv", "", "", "", "7", "", "",
                   "13", "", "", "", "", "headache"],
    "2026-03-09": ["", "Second session", "session", "2", "0", "nasal", "two devices", "", "", "", "9", "",
                   "", "", "", "", "", ""],
    "2026-03-10": ["", "'=A walk, on Ünter Straße", "reflection", "", "", "", "", "", "", "8", "", "", "",
                   "", "", "", "", ""],
}  # fmt: skip
"""Every value of every row the whole journal exports, by date (the date is the first column)."""


@pytest.fixture
def journal(make_journal: MakeJournal) -> Path:
    return make_journal(JOURNAL, config=CONFIG)


def read_back(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def export(root: Path, *args: str) -> list[list[str]]:
    target = root.parent / "measures.csv"
    result = run_cli("export", "--csv", *args, "-o", target, cwd=root)
    assert result.returncode == 0, result.stderr
    return read_back(target)


def test_one_row_per_entry_value_by_value(journal: Path) -> None:
    table = export(journal)
    assert table[0] == HEADER
    assert {row[0]: row[1:] for row in table[1:]} == ROWS  # neither `share: false` nor the draft
    assert [row[0] for row in table[1:]] == sorted(ROWS)  # in date order
    path = journal.parent / "measures.csv"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # a BOM for spreadsheets; CSV's line ends
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    "filters",
    [
        ["--session", "1"],
        ["--kind", "session", "--kind", "follow-up"],
        ["--tag", "work"],
        ["--from", "2026-03-03", "--to", "2026-03-09"],
    ],
)
def test_the_same_filters_as_the_html_export(journal: Path, filters: list[str]) -> None:
    html = journal.parent / "same.html"
    assert run_cli("export", *filters, "-o", html, cwd=journal).returncode == 0
    titles = [h.get_text() for h in BeautifulSoup(html.read_bytes(), "html.parser").select("article h2")]
    table = export(journal, *filters)
    assert [row[2].removeprefix("'") for row in table[1:]] == titles and titles
    assert all(row[1:] == ROWS[row[0]] for row in table[1:])


def test_never_overwrites_a_file_it_did_not_write(journal: Path) -> None:
    mine = journal.parent / "mine.csv"
    mine.write_text("name,amount\nrent,900\n", encoding="utf-8")
    result = run_cli("export", "--csv", "-o", mine, cwd=journal)
    assert result.returncode == 1 and "was not written by journalgen export" in result.stderr
    assert mine.read_text(encoding="utf-8") == "name,amount\nrent,900\n"
    ours = journal.parent / "measures.csv"
    export(journal, "--session", "2")
    assert len(read_back(ours)) == 2
    export(journal)  # its own file, written again
    assert len(read_back(ours)) == 1 + len(ROWS)
    forged = journal.parent / "forged.csv"  # the user's own file that starts like ours
    forged.write_bytes(ours.read_bytes()[:200])
    assert run_cli("export", "--csv", "-o", forged, cwd=journal).returncode == 1
    assert forged.read_bytes() == ours.read_bytes()[:200]
    with ours.open("a", encoding="utf-8") as edited:  # ours, changed by hand since
        edited.write("a note of mine\n")
    assert run_cli("export", "--csv", "-o", ours, cwd=journal).returncode == 1
    assert ours.read_text(encoding="utf-8-sig").endswith("a note of mine\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "entries/x.csv"], "refusing to write the export inside entries/"),
        (["-o", "../measures.txt"], "the export is a CSV file; give -o a name ending in .csv"),
        (["-o", "../m.csv", "--pdf"], "a CSV table cannot be printed or locked"),
        (["-o", "../m.csv", "--encrypt"], "a CSV table cannot be printed or locked"),
        (["-o", "../m.csv", "--tag", "nowhere"], "no entry has the tag 'nowhere'"),
    ],
)
def test_what_it_refuses(journal: Path, args: list[str], message: str) -> None:
    result = run_cli("export", "--csv", *args, cwd=journal)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert not list(journal.parent.glob("*.csv")) and not (journal / "entries/x.csv").exists()


def test_the_sample_journals_numbers(tmp_path: Path) -> None:
    root = tmp_path / "sample"
    repo = Path(__file__).resolve().parent.parent
    shutil.copytree(repo / "entries", root / "entries")
    shutil.copy(repo / "journal.toml", root / "journal.toml")
    table = export(root, "--session", "3")
    rows = {row[2]: dict(zip(table[0], row, strict=True)) for row in table[1:]}
    assert list(rows) == [
        "Intention for the third infusion",
        "Third infusion",
        "Morning after the third",
        "A week after the third infusion",
        "Four weeks after the third infusion",
    ]
    third = rows["Third infusion"]
    assert (third["date"], third["session"], third["days_after"], third["route"]) == (
        "2026-09-09",
        "3",
        "0",
        "iv",
    )
    assert (third["dose"], third["dose_amount"], third["dose_unit"]) == (
        "0.75 mg/kg over 40 min",
        "0.75",
        "mg/kg",
    )
    assert (third["mood"], third["dissociation"], third["heart_rate"]) == ("7", "7", "98")
    assert (third["blood_pressure_upper"], third["blood_pressure_lower"]) == ("145", "90")
    assert third["body"] == "numbness, impaired coordination, blurred vision"
    week = rows["A week after the third infusion"]
    assert (week["days_after"], week["phq9"], week["gad7"], week["who5"]) == ("7", "11", "10", "11")
