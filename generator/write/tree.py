"""The output folder as `lstat` sees it: a symbolic link is never followed, whether it is
the file itself or a folder on the way to it."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Literal

Kind = Literal["absent", "file", "other"]  # other: a link, a folder, a device, or a path through one


class Tree:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._folders: dict[str, Kind | Literal["folder"]] = {"": "folder"}

    def kind(self, path: str) -> Kind:
        parent, _, _ = path.rpartition("/")
        through = self._folder(parent)
        if through != "folder":
            return through
        mode = _lstat_mode(self.root / path)
        if mode is None:
            return "absent"
        return "file" if stat.S_ISREG(mode) else "other"

    def is_folder(self, path: str) -> bool:
        """A real folder, reached through real folders."""
        return self._folder(path) == "folder"

    def read(self, path: str) -> bytes | None:
        """A regular file's bytes; None for anything else."""
        if self.kind(path) != "file":
            return None
        try:
            fd = os.open(self.root / path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        with os.fdopen(fd, "rb") as file:
            return file.read()

    def _folder(self, path: str) -> Kind | Literal["folder"]:
        """"folder" when `path` and every folder above it are real folders."""
        if path not in self._folders:
            parent, _, _ = path.rpartition("/")
            kind = self._folder(parent)
            if kind == "folder":
                mode = _lstat_mode(self.root / path)
                kind = "absent" if mode is None else "folder" if stat.S_ISDIR(mode) else "other"
            self._folders[path] = kind
        return self._folders[path]


def _lstat_mode(path: Path) -> int | None:
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return stat.S_IFCHR  # cannot be reached: treated as something in the way
