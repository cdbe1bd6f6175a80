"""The cache's record of the journal written as changes, build after build (build/deltas.py): what
is read back is what the build knew, however many changes lie on journal.bin, and a damaged or
missing link is never trusted."""

from __future__ import annotations

from pathlib import Path

from conftest import MakeJournal, entry
from hypothesis import given, settings
from hypothesis import strategies as st
from test_incremental import assert_as_clean, edit

from journalgen.build import BuildState, build, deltas
from journalgen.build.index import REST, Index
from journalgen.build.store import Store
from journalgen.config import load_config

FILES = {
    f"2026/2026-{month:02d}-{day:02d}-day.md": entry(
        f"title: Day {day}\ntags: [walk]\nemotions: [calm]", f"Day {day}.\n"
    )
    for month in (3, 4)
    for day in range(1, 29)
}
DAY = "2026/2026-03-05-day.md"


def read_back(root: Path) -> Index:
    store = Store(root / ".journalgen-cache")
    index = store.read_index()
    assert index is not None and store.read_rest(index)
    return index


def rest_of(index: Index) -> dict[str, object]:
    return {name: getattr(index, name) for name in REST}


def links(root: Path) -> list[str]:
    return sorted(p.name for p in (root / ".journalgen-cache").glob("journal.*.bin"))


def test_changes_and_apply_give_back_the_new_fields() -> None:
    old = {
        "stats": {f"{n}.md": (n, n, "a") for n in range(40)},
        "order": tuple(f"{n:02d}.md" for n in range(40)),
        "bodies": [f"{n:02x}" for n in range(40)],
        "model": "m1",
    }
    new = {
        "stats": {
            **{k: v for k, v in old["stats"].items() if k != "3.md"},
            "5.md": (9, 9, "b"),
            "new.md": (1, 1, "c"),
        },
        "order": tuple(sorted((*old["order"][1:], "zz.md"))),
        "bodies": sorted([*old["bodies"][2:], "ff"]),
        "model": "m1",
    }
    change = deltas.changes(old, new)
    assert change is not None and "model" not in change
    assert change["stats"] == ("d", {"5.md": (9, 9, "b"), "new.md": (1, 1, "c")}, ["3.md"])
    values = {k: (dict(v) if isinstance(v, dict) else v) for k, v in old.items()}
    assert deltas.apply(values, change) and values == new
    # Most of it changed: no changes, the record is written whole.
    assert deltas.changes(old, {**new, "stats": {f"{n}.md": (0, 0, "z") for n in range(40)}}) is None
    assert deltas.changes(old, {**new, "model": 3}) is None  # another type
    # What is not such a change is refused.
    for bad in (
        None,
        [],
        {"stats": ("x", 1)},
        {"stats": ("s", [], [])},
        {"nope": ("=", 1)},
        {"model": ("=", 5)},
    ):
        assert not deltas.apply(dict(old), bad)


KEYS = st.text("abcdef0", min_size=1, max_size=3)


@settings(max_examples=300, deadline=None)
@given(
    st.sets(KEYS, max_size=120),
    st.lists(KEYS, max_size=90),
    st.lists(KEYS, max_size=90),
    st.sampled_from(["order", "bodies"]),
)
def test_a_sorted_field_changed_in_place_is_what_sorting_it_again_gives(
    before: set[str], added: list[str], removed: list[str], name: str
) -> None:
    """A change of the sorted fields applied by bisection (a few keys) or by sorting again (many):
    the same sorted, distinct keys, whether what it adds is there already or what it removes is not."""
    kind = tuple if name == "order" else list
    values = {name: kind(sorted(before))}
    assert deltas.apply(values, {name: ("s", added, removed)})
    assert values[name] == kind(sorted(before.difference(removed).union(added)))


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(KEYS, st.tuples(st.integers(0, 3), KEYS), max_size=60),
    st.dictionaries(KEYS, st.tuples(st.integers(0, 3), KEYS), max_size=8),
    st.booleans(),
)
def test_a_changed_mapping_is_what_applying_its_changes_gives(
    before: dict[str, tuple[int, str]], edits: dict[str, tuple[int, str]], same_keys: bool
) -> None:
    """Changed values found in place when the keys are the same and in the same order (most of a
    rebuild's record), else key by key: either way applying the changes gives the new mapping."""
    after = {k: edits.get(k, v) for k, v in before.items()} if same_keys else {**before, **edits}
    change = deltas.changes({"stats": before}, {"stats": after})
    if change is None:
        return  # most of it changed: written whole
    values = {"stats": dict(before)}
    assert deltas.apply(values, change) and values == {"stats": after}


def test_a_rebuild_writes_its_changes_and_reading_them_back_gives_what_the_build_knew(
    make_journal: MakeJournal, tmp_path: Path
) -> None:
    root = make_journal(FILES)
    config = load_config(root)
    build(config)
    assert links(root) == []
    edits = [
        lambda: edit(root / "entries" / DAY, "Day 5.", "Day 5, and a long walk."),
        lambda: edit(root / "entries" / DAY, "tags: [walk]", "tags: [walk, rain]"),
        lambda: edit(root / "entries" / DAY, "emotions: [calm]", "emotions: [calm, glad]"),
        lambda: edit(root / "entries" / DAY, "Day 5, and", "Day 5, then"),
    ]
    for n, change in enumerate(edits, start=1):
        change()
        state = BuildState()
        report = build(config, state=state)
        assert report.mode == "incremental"
        assert links(root) == [f"journal.{k}.bin" for k in range(1, n + 1)]
        assert state.index is not None and rest_of(read_back(root)) == rest_of(state.index)
        assert read_back(root).chain == n
    # An entry gone or new moves every later entry's place in what pages show: written whole.
    for change in (
        lambda: (root / "entries/2026/2026-03-07-day.md").unlink(),
        lambda: (root / "entries/2026/2026-03-29-new.md").write_text(entry("title: New"), encoding="utf-8"),
        lambda: edit(root / "entries" / DAY, "Day 5, then", "Day 5, now"),
    ):
        change()
        state = BuildState()
        build(config, state=state)
        assert state.index is not None and rest_of(read_back(root)) == rest_of(state.index)
    assert_as_clean(root, tmp_path)


def test_after_the_longest_chain_the_record_is_written_whole(make_journal: MakeJournal) -> None:
    root = make_journal(FILES)
    config = load_config(root)
    build(config)
    for n in range(deltas.CHAIN + 1):
        edit(root / "entries" / DAY, f"Day 5{'.' if n == 0 else f' ({n - 1})'}", f"Day 5 ({n})")
        build(config)
    assert links(root) == []  # the record whole again, the changes on the record before it gone
    assert read_back(root).chain == 0
    edit(root / "entries" / DAY, f"Day 5 ({deltas.CHAIN})", "Day 5, at last")
    build(config)
    assert links(root) == ["journal.1.bin"]


def test_a_damaged_or_missing_link_is_not_trusted(make_journal: MakeJournal, tmp_path: Path) -> None:
    root = make_journal(FILES)
    config = load_config(root)
    build(config)
    for n in range(3):
        edit(root / "entries" / DAY, f"Day 5{'.' if n == 0 else f' ({n - 1})'}", f"Day 5 ({n})")
        build(config)
    folder = root / ".journalgen-cache"
    link = folder / "journal.2.bin"
    link.write_bytes(link.read_bytes()[:-3])
    store = Store(folder)
    index = store.read_index()
    assert index is not None and not store.read_rest(index)
    edit(root / "entries" / DAY, "Day 5 (2)", "Day 5, read again")
    report = build(config)
    assert report.parsed == len(FILES)  # nothing of the record trusted: every entry read again
    assert_as_clean(root, tmp_path)
    assert links(root) == [] and read_back(root).chain == 0  # written whole, the old links gone


def test_changes_written_before_a_stop_are_not_read_past_what_index_bin_names(
    make_journal: MakeJournal,
) -> None:
    root = make_journal(FILES)
    config = load_config(root)
    build(config)
    edit(root / "entries" / DAY, "Day 5.", "Day 5, once.")
    build(config)
    folder = root / ".journalgen-cache"
    before = (folder / "index.bin").read_bytes()
    known = rest_of(read_back(root))
    edit(root / "entries" / DAY, "Day 5, once.", "Day 5, twice.")
    build(config)
    # As if the build had stopped after writing its changes, before index.bin: the index of the
    # build before names where the chain stops.
    (folder / "index.bin").write_bytes(before)
    assert links(root) == ["journal.1.bin", "journal.2.bin"]
    index = read_back(root)
    assert index.chain == 1 and rest_of(index) == known
