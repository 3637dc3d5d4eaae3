"""answers.py: one table of what a memo's entries read, and which entries it tells are as they were."""

from __future__ import annotations

from typing import Any

from generator.ir import answers

ENTRIES = {
    "a": answers.kept(({("components", "Pet"): "v1"}, {"Pet": "d1"})),
    "b": answers.kept(({("components", "Tag"): "v2"}, {})),
}
NOW = {("components", "Pet"): "v1", ("components", "Tag"): "v2", "Pet": "d1"}


def _asked(entries: dict[str, answers.Kept], now: dict[Any, Any]) -> answers.Table:
    """A run's table: the one written from `entries`, asked again with the answers `now`."""
    table = answers.Table(answers.answers_of(entries.items(), 2), 2)
    table.ask((now.__getitem__, now.__getitem__))
    return table


def test_an_entry_none_of_whose_reads_changed_is_told_unchanged() -> None:
    table = _asked(ENTRIES, NOW)
    assert all(table.unchanged(key, found) for key, found in ENTRIES.items())
    assert table.told == {"a", "b"}


def test_a_changed_read_leaves_only_the_entries_that_made_it_to_be_checked() -> None:
    table = _asked(ENTRIES, {**NOW, ("components", "Tag"): "v3"})
    assert not table.unchanged("b", ENTRIES["b"])
    assert table.unchanged("a", ENTRIES["a"])
    assert table.now[0][("components", "Tag")] == "v3"  # (what it gives now, for the entries checked whole)


def test_a_read_that_cannot_be_asked_counts_as_changed() -> None:
    table = _asked(ENTRIES, {k: v for k, v in NOW.items() if k != "Pet"})  # a class gone: the lookup raises KeyError
    assert not table.unchanged("a", ENTRIES["a"])
    assert table.unchanged("b", ENTRIES["b"])


def test_an_entry_the_table_was_not_made_from_is_never_told_unchanged() -> None:
    table = _asked(ENTRIES, NOW)
    other = answers.kept(({("components", "Pet"): "v0"}, {"Pet": "d1"}))  # made by another run: its reads are not the table's
    assert not table.unchanged("a", other)
    assert not answers.Table(None, 2).unchanged("a", ENTRIES["a"])


def test_reads_answered_differently_by_two_entries_count_as_changed() -> None:
    disagreeing = {**ENTRIES, "c": answers.kept(({("components", "Pet"): "v9"}, {}))}
    assert answers.answers_of(disagreeing.items(), 2)[0][0][("components", "Pet")] is None
    table = _asked(disagreeing, NOW)
    assert not table.unchanged("a", ENTRIES["a"]) and not table.unchanged("c", disagreeing["c"])
    assert table.unchanged("b", ENTRIES["b"])


def test_the_next_table_is_this_runs_answers_whether_made_whole_or_not() -> None:
    """Made from the old table's reads as asked now and the reads of the entries not told
    unchanged, it tells the next run what a table made from every entry would."""
    table = _asked(ENTRIES, {**NOW, ("components", "Tag"): "v3"})
    assert table.unchanged("a", ENTRIES["a"]) and not table.unchanged("b", ENTRIES["b"])
    entries = {"a": ENTRIES["a"], "b": answers.kept(({("components", "Tag"): "v3"}, {}))}  # b made again
    made = {key: ("inputs", found) for key, found in entries.items()}
    assert table.made(made, 1, whole=False) == table.made(made, 1, whole=True) == answers.answers_of(entries.items(), 2)


def test_an_entry_keeps_its_reads_as_they_were() -> None:
    reads = ({("paths", "/pets"): "v"}, {"Pet": "d"})
    assert answers.reads_of(answers.kept(reads)) == reads


def test_many_changed_reads_are_looked_for_as_well_as_a_few() -> None:
    """Up to 16 changed reads are looked for in the signatures' bytes, more by their hashes."""
    entries = {f"e{i}": answers.kept(({("components", f"S{i}"): "v"}, {})) for i in range(20)}
    for changed in (3, 17):
        now: dict[Any, Any] = {("components", f"S{i}"): "w" if i < changed else "v" for i in range(20)}
        table = _asked(entries, now)
        assert [key for key, found in entries.items() if table.unchanged(key, found)] == [f"e{i}" for i in range(changed, 20)]


def test_no_entry_is_told_unchanged_before_the_table_is_asked() -> None:
    table = answers.Table(answers.answers_of(ENTRIES.items(), 2), 2)
    assert not table.unchanged("a", ENTRIES["a"])
