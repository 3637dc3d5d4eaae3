"""Where a long run is, on one line of stderr: only on a terminal, only after a while.

A run of a second or two says nothing but its summary; a run on a big document shows its
stage, and files rendered or formatted out of the total, rewriting one line (`\\r`). When
stderr is not a terminal (CI logs, pipes) nothing is shown at all.
"""

from __future__ import annotations

import time
from typing import TextIO

AFTER = 2.0  # seconds of a run before anything is shown
_EVERY = 0.1  # seconds between two updates of the line

_stream: TextIO | None = None
_started = 0.0
_last = 0.0
_width = 0


def start(stream: TextIO) -> None:
    """Show progress on `stream` from now on, if it is a terminal."""
    global _stream, _started, _last
    _stream = stream if stream.isatty() else None
    _started = _last = time.monotonic()


def report(stage: str, done: int | None = None, total: int | None = None) -> None:
    """The stage the run is in, with a count when it has one."""
    global _last, _width
    if _stream is None:
        return
    now = time.monotonic()
    if now - _started < AFTER or (now - _last < _EVERY and done != total):
        return
    _last = now
    text = f"clientsmith: {stage}" + (f" {done}/{total}" if total else "") + "..."
    _stream.write("\r" + text.ljust(_width))
    _stream.flush()
    _width = max(_width, len(text))


def mute() -> None:
    """No progress from this process (a forked helper: its parent shows the run's)."""
    global _stream
    _stream = None


def finish() -> None:
    """Clear the line, for what is printed next; progress is off until the next start."""
    global _stream, _width
    if _stream is not None and _width:
        _stream.write("\r" + " " * _width + "\r")
        _stream.flush()
    _stream, _width = None, 0
