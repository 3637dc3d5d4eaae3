"""The output folder as `lstat` sees it: a symbolic link is never followed, whether it is
the file itself or a folder on the way to it."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Literal

from generator.write.stamps import Stamps

Kind = Literal["absent", "file", "other"]  # other: a link, a folder, a device, or a path through one


class Tree:
    """`stamps`: what the files looked like when their text was last known (stamps.py)."""

    def __init__(self, root: Path, stamps: Stamps | None = None) -> None:
        self.root = root
        self.stamps = stamps
        self._top = f"{root}{os.sep}"  # paths as strings: a regeneration reads a big client's every file
        self._folders: dict[str, Kind | Literal["folder"]] = {"": "folder"}

    def kind(self, path: str) -> Kind:
        found = self.lstat(path)
        if isinstance(found, str):
            return found
        return "file" if stat.S_ISREG(found.st_mode) else "other"

    def file_stat(self, path: str) -> os.stat_result | None:
        """The `lstat` of a regular file reached through real folders; None for anything else."""
        found = self.lstat(path)
        return None if isinstance(found, str) or not stat.S_ISREG(found.st_mode) else found

    def vouched(self, path: str, digest: str) -> bool:
        """Whether the file is known, by its stamp, to hold the text of `digest` (as the run
        found the file when it took the folder: stamps.py)."""
        return self.stamps is not None and self.stamps.vouch(path, digest)

    def lstat(self, path: str) -> os.stat_result | Kind:
        """`path`'s `lstat` when it is reached through real folders; else what is in the way
        ("other"), or "absent"."""
        parent, _, _ = path.rpartition("/")
        through = self._folder(parent)
        if through != "folder":
            return through
        try:
            return os.lstat(self._top + path)
        except FileNotFoundError:
            return "absent"
        except NotADirectoryError:
            return "other"  # cannot be reached: treated as something in the way

    def is_folder(self, path: str) -> bool:
        """A real folder, reached through real folders."""
        return self._folder(path) == "folder"

    def read(self, path: str) -> bytes | None:
        """A regular file's bytes; None for anything else."""
        if self.kind(path) != "file":
            return None
        try:
            fd = os.open(self._top + path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
        except OSError:
            return None
        try:
            size = os.fstat(fd).st_size
            data = os.read(fd, size + 1)  # a regular file reads short only at its end
            if len(data) <= size:
                return data
            chunks = [data]  # it grew since: read on to its end
            while more := os.read(fd, 1 << 20):
                chunks.append(more)
            return b"".join(chunks)
        finally:
            os.close(fd)

    def _folder(self, path: str) -> Kind | Literal["folder"]:
        """"folder" when `path` and every folder above it are real folders."""
        if path not in self._folders:
            parent, _, _ = path.rpartition("/")
            kind = self._folder(parent)
            if kind == "folder":
                mode = _lstat_mode(self._top + path)
                kind = "absent" if mode is None else "folder" if stat.S_ISDIR(mode) else "other"
            self._folders[path] = kind
        return self._folders[path]


def _lstat_mode(path: str) -> int | None:
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return stat.S_IFCHR  # cannot be reached: treated as something in the way
