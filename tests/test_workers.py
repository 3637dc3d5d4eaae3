"""Forked workers: an answer of any size arrives whole, a failure says what failed."""

from __future__ import annotations

import os
import time

import pytest

from generator.workers import Shares, Spool, Workers

pytestmark = pytest.mark.skipif(not Workers.available, reason="workers fork, on Linux with two cores or more")


def test_a_big_answer_arrives_whole() -> None:
    # Far more than a pipe holds (64 KiB): the child writes while the parent unpickles.
    with Workers() as workers:
        child = workers.fork(lambda: {f"file{i}.py": "x = 1\n" * i for i in range(2_000)})
        answer = child.result()
    assert len(answer) == 2_000
    assert answer["file1999.py"] == "x = 1\n" * 1999


def test_an_exception_in_the_child_is_raised_in_the_parent() -> None:
    def fails() -> None:
        raise ValueError("from the child")

    with Workers() as workers:
        child = workers.fork(fails)
        with pytest.raises(ValueError, match="from the child"):
            child.result()


def test_a_child_that_dies_without_answering_is_an_error() -> None:
    with Workers() as workers:
        child = workers.fork(lambda: os._exit(3))
        with pytest.raises(RuntimeError, match="without an answer"):
            child.result()


def test_an_answer_cut_short_is_an_error() -> None:
    class Unpicklable:
        def __reduce__(self) -> tuple[object, ...]:
            raise TypeError("cannot be pickled")

    # The first values are in the pipe before the last one fails to pickle.
    with Workers() as workers:
        child = workers.fork(lambda: ["x" * 200_000, Unpicklable()])
        with pytest.raises(RuntimeError, match="without an answer"):
            child.result()


def test_a_child_whose_work_is_wanted_later_yields_the_cores_to_its_parent() -> None:
    """The validator, the mock and the memos' writer run beside the model's making, which the
    run waits for: niced, they take what it leaves of the cores."""
    mine = os.nice(0)
    with Workers() as workers:
        later = workers.fork(lambda: os.nice(0), yielding=True)
        now = workers.fork(lambda: os.nice(0))
        assert (later.result(), now.result()) == (min(mine + 10, 19), mine)
    assert os.nice(0) == mine


def test_a_child_is_done_once_its_answer_has_come_or_it_has_ended() -> None:
    go_read, go_write = os.pipe()
    with Workers() as workers:
        child = workers.fork(lambda: os.read(go_read, 1))
        assert not child.done()  # (waits for the byte below)
        os.write(go_write, b"x")
        child_ended = workers.fork(lambda: os._exit(3))
        for each in (child, child_ended):
            deadline = time.monotonic() + 20
            while not each.done() and time.monotonic() < deadline:
                time.sleep(0.01)
            assert each.done()
        assert child.result() == b"x"
        assert child.done()  # (collected: nothing to wait for)
        with pytest.raises(RuntimeError, match="without an answer"):
            child_ended.result()


@pytest.mark.skipif(not Spool.available, reason="a spool is a memfd (Linux)")
def test_bytes_a_child_spools_reach_the_parent_and_its_files_whole(tmp_path) -> None:
    """The mock's document of a big API (tens of MB) is left in shared memory, not sent."""
    first, second = b"{}" * 3_000_000, bytes(range(256)) * 100
    spool = Spool()
    with Workers() as workers:
        places = workers.fork(lambda: [spool.put(first), spool.put(b""), spool.put(second)]).result()
    found = [spool.at(place) for place in places]
    assert [f.read() for f in found] == [first, b"", second]
    target = tmp_path / "file"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT)
    try:
        found[2].send(fd)
        found[0].send(fd)
    finally:
        os.close(fd)
    assert target.read_bytes() == second + first


def test_shares_are_each_taken_once_by_whichever_process_is_free() -> None:
    shares = Shares(500)
    started_read, started_write = os.pipe()

    def take(signal: int | None = None) -> list[int]:
        taken = []
        for share in shares:
            taken.append(share)
            if signal is not None and len(taken) == 1:
                os.write(signal, b"x")  # (the parent takes its first share after the child's)
            time.sleep(0.0005)
        return taken

    with Workers() as workers:
        child = workers.fork(lambda: take(started_write))
        os.read(started_read, 1)
        mine = take()
        theirs = child.result()
    os.close(started_read)
    os.close(started_write)
    assert sorted(mine + theirs) == list(range(500))
    assert mine and theirs
    assert list(shares) == []  # (none left for a later taker)
