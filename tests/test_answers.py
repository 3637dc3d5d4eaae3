"""answers.py: one table of what a memo's entries read, and which entries it tells are as they were."""

from __future__ import annotations

from typing import Any

from generator.ir import answers


def _table(entries: dict[str, answers.Kept]) -> answers.Answers:
    return answers.answers_of(entries.items(), 2)


def _asks(now: dict[Any, Any]) -> tuple[Any, ...]:
    return (now.__getitem__, now.__getitem__)


ENTRIES = {
    "a": answers.kept(({("components", "Pet"): "v1"}, {"Pet": "d1"})),
    "b": answers.kept(({("components", "Tag"): "v2"}, {})),
}
NOW = {("components", "Pet"): "v1", ("components", "Tag"): "v2", "Pet": "d1"}


def test_an_entry_none_of_whose_reads_changed_is_told_unchanged() -> None:
    table = _table(ENTRIES)
    changes = answers.changed(table, _asks(NOW), ({}, {}))
    assert changes == set()
    assert all(answers.unchanged(key, found, table, changes) for key, found in ENTRIES.items())


def test_a_changed_read_leaves_only_the_entries_that_made_it_to_be_checked() -> None:
    table = _table(ENTRIES)
    nows: tuple[dict[Any, Any], ...] = ({}, {})
    changes = answers.changed(table, _asks({**NOW, ("components", "Tag"): "v3"}), nows)
    assert not answers.unchanged("b", ENTRIES["b"], table, changes)
    assert answers.unchanged("a", ENTRIES["a"], table, changes)
    assert nows[0][("components", "Tag")] == "v3"  # (what it gives now, for the entries checked whole)


def test_a_read_that_cannot_be_asked_counts_as_changed() -> None:
    table = _table(ENTRIES)
    gone = {k: v for k, v in NOW.items() if k != "Pet"}  # a class gone: the lookup raises KeyError
    changes = answers.changed(table, _asks(gone), ({}, {}))
    assert not answers.unchanged("a", ENTRIES["a"], table, changes)
    assert answers.unchanged("b", ENTRIES["b"], table, changes)


def test_an_entry_the_table_was_not_made_from_is_never_told_unchanged() -> None:
    table = _table(ENTRIES)
    other = answers.kept(({("components", "Pet"): "v0"}, {"Pet": "d1"}))  # made by another run: its reads are not the table's
    assert not answers.unchanged("a", other, table, set())
    assert not answers.unchanged("a", ENTRIES["a"], None, set())


def test_reads_answered_differently_by_two_entries_count_as_changed() -> None:
    disagreeing = {**ENTRIES, "c": answers.kept(({("components", "Pet"): "v9"}, {}))}
    table = _table(disagreeing)
    assert table[0][0][("components", "Pet")] is None
    changes = answers.changed(table, _asks(NOW), ({}, {}))
    assert not answers.unchanged("a", ENTRIES["a"], table, changes)
    assert not answers.unchanged("c", disagreeing["c"], table, changes)
    assert answers.unchanged("b", ENTRIES["b"], table, changes)


def test_an_entry_keeps_its_reads_as_they_were() -> None:
    reads = ({("paths", "/pets"): "v"}, {"Pet": "d"})
    assert answers.reads_of(answers.kept(reads)) == reads
