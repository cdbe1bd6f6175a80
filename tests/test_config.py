"""Config's table, load_config and init's journal.toml agree: every setting described once."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path
from typing import Any

import pytest

from journalgen.config import BUILTIN_ROUTES, SETTINGS, Config, load_config
from journalgen.errors import JournalError
from journalgen.scaffold import init_journal
from journalgen.scales import BUILTIN_SCALES, Scale

NOT_SETTINGS = ("root", "drafts", "cache")
"""The fields journalgen or the command line sets; journal.toml cannot."""


def init_toml(root: Path) -> str:
    """The journal.toml that `journalgen init` writes into a new journal at root."""
    init_journal(root)
    return (root / "journal.toml").read_text(encoding="utf-8")


def problems(root: Path, toml: str) -> list[str]:
    """Write journal.toml and return load_config's problems as `path:line: message` lines."""
    (root / "journal.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(JournalError) as caught:
        load_config(root)
    return [str(p) for p in caught.value.problems]


def example_block(lines: list[str], name: str) -> int:
    """Where the commented-out example of setting `name` starts in lines (it must be there once)."""
    block = [f"# {line}" for line in SETTINGS[name].example.splitlines()]
    starts = [i for i in range(len(lines)) if lines[i : i + len(block)] == block]
    assert len(starts) == 1, f"the example of {name} is in init's journal.toml {len(starts)} times"
    return starts[0]


def as_toml(name: str, value: Any) -> Any:
    """A Config value as journal.toml spells it: the tables without what is built in."""
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    if name == "routes":
        return {key: label for key, label in value.items() if key not in BUILTIN_ROUTES}
    if name == "scales":
        return {key: scale_as_toml(s) for key, s in value.items() if key not in BUILTIN_SCALES}
    return value


def scale_as_toml(scale: Scale) -> dict[str, Any]:
    return {
        "label": scale.label,
        "about": scale.about,
        "min": scale.minimum,
        "max": scale.maximum,
        "higher_is_worse": scale.higher_is_worse,
        "bands": [[b.low, b.high, b.label] for b in scale.bands],
    }


def test_the_settings_are_every_field_but_root_drafts_and_cache() -> None:
    names = [f.name for f in dataclasses.fields(Config)]
    assert list(SETTINGS) == [name for name in names if name not in NOT_SETTINGS]
    assert set(names) - set(SETTINGS) == set(NOT_SETTINGS)


def test_every_field_has_a_docstring_and_every_setting_an_example() -> None:
    for f in dataclasses.fields(Config):
        row = f.metadata["setting"]
        assert row.doc.strip().endswith("."), f"{f.name} has no docstring"
        if f.name in SETTINGS:
            assert row.check is not None and row.example, f"{f.name} has no check or example"
            assert set(tomllib.loads(row.example)) == {f.name}, f"the example of {f.name} sets something else"


def test_init_lists_every_setting_in_order_with_its_docstring_above_it(tmp_path: Path) -> None:
    text = init_toml(tmp_path)
    assert tomllib.loads(text) == {}, "init's journal.toml must set nothing until a line is uncommented"
    lines = text.splitlines()
    starts = [example_block(lines, name) for name in SETTINGS]
    assert starts == sorted(starts), "init's journal.toml lists the settings out of order"
    for name, start in zip(SETTINGS, starts, strict=True):
        above = []
        for line in reversed(lines[:start]):
            if not line.startswith("# "):
                break
            above.insert(0, line[2:])
        assert " ".join(above) == " ".join(SETTINGS[name].doc.split()), f"{name}'s docstring is not above it"


def test_uncommenting_every_example_gives_exactly_the_documented_values(tmp_path: Path) -> None:
    lines = init_toml(tmp_path).splitlines()
    for name in SETTINGS:
        start = example_block(lines, name)
        example = SETTINGS[name].example.splitlines()
        lines[start : start + len(example)] = example
    (tmp_path / "journal.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = load_config(tmp_path)
    for name, row in SETTINGS.items():
        assert as_toml(name, getattr(config, name)) == tomllib.loads(row.example)[name], name
    assert config.timezone == "Europe/Berlin" and config.encrypt is True
    assert config.routes["rectal"] == "Rectal" and config.routes["iv"] == "IV infusion"
    assert config.scales["who5"].label == "WHO-5" and "phq9" in config.scales


def test_an_unknown_setting_lists_exactly_the_settings(tmp_path: Path) -> None:
    [problem] = problems(tmp_path, 'title = "Mine"\ncolour = "blue"\n')
    head, _, listed = problem.partition("; the settings are: ")
    assert head == "journal.toml:2: unknown setting 'colour'"
    assert listed.split(", ") == list(SETTINGS)


@pytest.mark.parametrize("name", NOT_SETTINGS)
def test_fields_that_are_not_settings_are_unknown_in_journal_toml(tmp_path: Path, name: str) -> None:
    [problem] = problems(tmp_path, f'{name} = "x"\n')
    assert problem.startswith(f"journal.toml:1: unknown setting {name!r}; the settings are: title, ")


GOOD = {
    "title": ('title = "  Notes  "', "Notes"),
    "author": ('author = " S. "', "S."),
    "output": ('output = "../journal-site"', Path("../journal-site")),
    "language": ('language = "de-CH"', "de-CH"),
    "timezone": ('timezone = "America/New_York"', "America/New_York"),
    "crisis_text": ('crisis_text = "Call the clinic."', "Call the clinic."),
    "follow_up_days": ("follow_up_days = [2, 14]", (2, 14)),
    "score_reminder": ("score_reminder = false", False),
    "encrypt": ("encrypt = true", True),
    "password_env": ('password_env = "MY_KEY"', "MY_KEY"),
    "routes": ('[routes]\nsub-q = " Subcutaneous "', {**BUILTIN_ROUTES, "sub-q": "Subcutaneous"}),
    "scales": (
        "[scales.K-10]\nmin = 10\nmax = 50",
        {**BUILTIN_SCALES, "k10": Scale("k10", "K-10", 10, 50)},
    ),
}
"""A good value of each setting, other than its default, and the value Config gets from it."""


def test_every_setting_has_a_good_and_a_bad_value_below() -> None:
    assert set(GOOD) == set(SETTINGS) == set(BAD)


@pytest.mark.parametrize("name", GOOD)
def test_a_good_value_of_each_setting_reaches_config(tmp_path: Path, name: str) -> None:
    toml, value = GOOD[name]
    (tmp_path / "journal.toml").write_text(toml + "\n", encoding="utf-8")
    config = load_config(tmp_path)
    assert getattr(config, name) == value != getattr(Config(root=tmp_path), name)
    assert dataclasses.replace(config, **{name: getattr(Config(root=tmp_path), name)}) == Config(
        root=tmp_path
    )


BAD = {
    "title": ('title = ""', "title must be a non-empty text in quotes"),
    "author": ("author = 5", "author must be a non-empty text in quotes"),
    "output": ('output = ["site"]', "output must be a non-empty text in quotes"),
    "language": ('language = "english!"', "language 'english!' is not a language tag like en or de-CH"),
    "timezone": (
        'timezone = "Mars/Olympus"',
        "unknown timezone 'Mars/Olympus'; use a name like Europe/Berlin",
    ),
    "crisis_text": (
        'crisis_text = "   "',
        "crisis_text cannot be empty: it is the line that points to help on every page and on the "
        "unlock page; write your clinic's or local helpline's number in it, or remove the line to "
        "keep the default",
    ),
    "score_reminder": ("score_reminder = 0", "score_reminder must be true or false (without quotes)"),
    "follow_up_days": (
        "follow_up_days = [7, 3]",
        "follow_up_days must be whole days after a session, rising, up to 3660: [1, 3, 7, 28]",
    ),
    "encrypt": ('encrypt = "yes"', "encrypt must be true or false (without quotes)"),
    "password_env": (
        'password_env = "my key"',
        "password_env 'my key' is not an environment variable name like JOURNALGEN_PASSWORD",
    ),
    "routes": ('routes = "rectal"', 'routes must be a table: [routes] then lines like rectal = "Rectal"'),
    "scales": ("scales = 5", "scales must be tables: [scales.who5] then label, min, max and bands"),
}
"""A bad value of each setting and the problem it gives (today's exact words)."""


@pytest.mark.parametrize("name", BAD)
def test_a_bad_value_of_each_setting_is_reported_with_its_line(tmp_path: Path, name: str) -> None:
    toml, message = BAD[name]
    assert problems(tmp_path, f"# my settings\n\n{toml}\n") == [f"journal.toml:3: {message}"]


def test_every_problem_is_reported_at_once_each_with_its_line(tmp_path: Path) -> None:
    toml = (
        'title = "Mine"\n'
        'language = "english!"\n'
        'timezone = "Mars/Olympus"\n'
        "[routes]\n"
        'ok = "Fine"\n'
        'Rectal = "Rectal"\n'
        "[scales.who5]\n"
        "min = 9\n"
        "max = 1\n"
    )
    assert problems(tmp_path, toml) == [
        "journal.toml:2: language 'english!' is not a language tag like en or de-CH",
        "journal.toml:3: unknown timezone 'Mars/Olympus'; use a name like Europe/Berlin",
        "journal.toml:6: route 'Rectal' needs a lower-case name and a label in quotes, "
        'like rectal = "Rectal"',
        "journal.toml:7: [scales.who5]: min and max must be whole numbers with min below max, "
        "like min = 0 and max = 25",
    ]


def test_overrides_apply_through_the_table_and_win_over_journal_toml(tmp_path: Path) -> None:
    (tmp_path / "journal.toml").write_text('output = "public"\ntitle = "Mine"\n', encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    config = load_config(tmp_path, {"drafts": True, "output": elsewhere, "encrypt": True})
    assert (config.drafts, config.output, config.encrypt) == (True, elsewhere, True)
    assert config.output_dir == elsewhere.resolve()
    assert config.title == "Mine" and config.root == tmp_path
    assert load_config(tmp_path).output == Path("public")


def test_overrides_without_a_journal_toml(tmp_path: Path) -> None:
    config = load_config(tmp_path, {"drafts": True})
    assert config == dataclasses.replace(Config(root=tmp_path), drafts=True)


@pytest.mark.parametrize("name", ["colour", "root", "output_dir"])
def test_an_override_that_is_not_a_field_is_a_programming_error(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match=f"cannot override '{name}'; the fields are: title, "):
        load_config(tmp_path, {name: "x"})


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            "follow_up_days = [100000000]",
            "journal.toml:1: follow_up_days must be whole days after a session, rising, up to 3660",
        ),
        ('output = "\\u0000"', "journal.toml:1: output must be a folder name without a NUL character"),
        ('output = "site\\u0000/x"', "journal.toml:1: output must be a folder name without a NUL character"),
    ],
)
@pytest.mark.parametrize("command", ["build", "check", "serve"])
def test_values_that_once_crashed_every_command_are_clear_errors(
    make_journal, cli, toml: str, message: str, command: str
) -> None:
    root = make_journal({"2026/2026-11-01-first.md": "---\nkind: session\n---\nWords.\n"}, config=toml)
    done = cli(command, "--root", root, timeout=60)
    assert done.returncode == 1
    assert message in done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert sorted(p.name for p in root.iterdir()) == ["entries", "journal.toml"]
