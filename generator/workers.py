"""Work in forked child processes that never outlive the run.

A child dies with the process that forked it, however that one ends:
- killed outright (SIGKILL, the OOM killer): the kernel kills the child at once
  (`PR_SET_PDEATHSIG`);
- interrupted (SIGINT, SIGTERM) or failed: leaving the `Workers` block kills and reaps the
  children it started.
Children set their signals back to the defaults, so a Ctrl-C on the terminal (sent to the
whole process group) ends them too. Forking is used on Linux only, where all of the above
holds; elsewhere `Workers.available` is False and callers do the work themselves.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import weakref
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Any, Generic, NoReturn, TypeVar

from generator import interrupts, progress

T = TypeVar("T")

_PR_SET_PDEATHSIG = 1
_YIELDING = 10  # the niceness of a child whose work is wanted later (the parent's stays)


class Workers:
    """A scope for child processes: those still running when it is left are killed."""

    available = sys.platform == "linux" and (os.cpu_count() or 1) >= 2

    def __init__(self) -> None:
        self._children: list[Child[Any]] = []

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        with interrupts.held():  # a signal now must not leave a child behind
            for child in self._children:
                child.stop()

    def fork(self, work: Callable[[], T], yielding: bool = False) -> Child[T]:
        """`yielding`: the child runs at a lower priority (nice), its work being wanted later
        than the parent's (on two cores, a parent sharing them with two children of its own
        priority runs at two thirds of its speed)."""
        child: Child[T] = Child(work, yielding)
        self._children.append(child)
        return child


class Child(Generic[T]):
    """`work()` computed in a forked process; `result()` waits for its value or exception."""

    def __init__(self, work: Callable[[], T], yielding: bool = False) -> None:
        parent = os.getpid()
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _run_child(work, parent, write_end, yielding)
        os.close(write_end)
        self._pid: int | None = pid
        self._pipe = os.fdopen(read_end, "rb")

    def result(self) -> T:
        """Unpickled as it arrives: a big answer (half of a large client's files) is never
        held twice, as bytes and as objects, here or in the child."""
        try:
            ok, value = pickle.load(self._pipe)
        except (EOFError, pickle.UnpicklingError, ValueError):  # nothing, or cut short
            status = self._reap()
            raise RuntimeError(f"a worker process ended without an answer (wait status {status})") from None
        self._reap()
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]  # what work() returned, pickled

    def done(self) -> bool:
        """Whether `result()` would not wait: the answer has come (a child sends it as it
        ends), or the child has ended without one."""
        return self._pid is None or bool(select.select([self._pipe], [], [], 0)[0])

    def stop(self) -> None:
        if self._pid is None:
            return
        try:
            os.kill(self._pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._reap()

    def _reap(self) -> int:
        self._pipe.close()
        if self._pid is None:
            return 0
        pid, self._pid = self._pid, None
        return os.waitpid(pid, 0)[1]


class Shares:
    """The numbers of `count` shares of work, taken one at a time by the processes forked
    after it was made, each the next one not yet taken (a pipe of numbers, each read
    whole): work goes to whichever process is free, instead of halves fixed before it
    starts. (A regeneration's few changed files are its heaviest, and may land anywhere.)"""

    def __init__(self, count: int) -> None:
        assert count * 4 <= 4096  # (written at once, before any reader: within what a pipe holds)
        read_end, write_end = os.pipe()
        os.write(write_end, b"".join(share.to_bytes(4, "little") for share in range(count)))
        os.close(write_end)
        self._fd = read_end
        weakref.finalize(self, os.close, read_end)

    def __iter__(self) -> Iterator[int]:
        while taken := os.read(self._fd, 4):
            yield int.from_bytes(taken, "little")


class Spool:
    """Memory that a parent shares with the children it forks after making it (a memfd): a
    child puts bytes there and sends back only where they are. Tens of megabytes (the mock's
    document of a big API) then cross no pipe, and reach their file by the kernel's copy
    (`Spooled.send`). Made in the parent, written by one child."""

    available = Workers.available and hasattr(os, "memfd_create")

    def __init__(self) -> None:
        self.fd = os.memfd_create("clientsmith-spool", os.MFD_CLOEXEC)
        self._end = 0
        weakref.finalize(self, os.close, self.fd)

    def put(self, data: bytes) -> tuple[int, int]:
        """`data` appended (in the child): where it is, for `at`."""
        place = (self._end, len(data))
        view = memoryview(data)
        while view:
            written = os.pwrite(self.fd, view, self._end)
            self._end += written
            view = view[written:]
        return place

    def at(self, place: tuple[int, int]) -> Spooled:
        """The bytes a child `put` at `place` (in the parent)."""
        return Spooled(self, *place)


class Spooled:
    """Bytes in a `Spool`, read only when compared or shown."""

    def __init__(self, spool: Spool, offset: int, size: int) -> None:
        self._spool, self._offset, self.size = spool, offset, size

    def read(self) -> bytes:
        parts, done = [], 0
        while done < self.size:
            part = os.pread(self._spool.fd, self.size - done, self._offset + done)
            if not part:
                raise OSError(f"a spool holds {done} bytes of {self.size}")
            parts.append(part)
            done += len(part)
        return b"".join(parts)

    def send(self, fd: int) -> None:
        """Into the file open at `fd`, copied by the kernel."""
        done = 0
        while done < self.size:
            sent = os.sendfile(fd, self._spool.fd, self._offset + done, self.size - done)
            if not sent:
                raise OSError(f"a spool holds {done} bytes of {self.size}")
            done += sent


def _run_child(work: Callable[[], object], parent: int, write_end: int, yielding: bool) -> NoReturn:
    status = 1
    try:
        if yielding:
            try:
                os.nice(_YIELDING)
            except OSError:  # (a sandbox that forbids it: the work is done all the same)
                pass
        for each in interrupts.SIGNALS:
            signal.signal(each, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, interrupts.SIGNALS)
        _die_with(parent)
        progress.mute()  # the parent alone writes the progress line
        with os.fdopen(write_end, "wb") as pipe:
            try:
                value = work()
            except Exception as exc:
                pipe.write(_pickled_error(exc))
            else:
                # Into the pipe frame by frame; should pickling fail half-way, the exit status
                # and the stream cut short tell the parent.
                pickle.dump((True, value), pipe, pickle.HIGHEST_PROTOCOL)
        status = 0
    finally:
        os._exit(status)  # no atexit handlers, no flushing of the parent's buffers


def _die_with(parent: int) -> None:
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent was gone before prctl took effect
        os._exit(1)


def _pickled_error(exc: Exception) -> bytes:
    try:
        return pickle.dumps((False, exc), pickle.HIGHEST_PROTOCOL)
    except Exception:
        return pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")), pickle.HIGHEST_PROTOCOL)
