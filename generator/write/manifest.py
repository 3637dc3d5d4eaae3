"""The manifest, `.clientsmith.json`: what the last run wrote, and so what clientsmith owns.

It is committed to repositories and read in CI, so it is read as untrusted input: an entry
that is not a plain relative path inside the output folder is refused, with a reason.
"""

from __future__ import annotations

import hashlib
import json
import re
from json.encoder import encode_basestring_ascii
from dataclasses import dataclass, field

MANIFEST = ".clientsmith.json"


@dataclass(frozen=True)
class Manifest:
    """The inputs' fingerprint, and per file the hash of the text before formatting (to skip
    black when it has not changed) and of the text written (to know the file is untouched).
    An empty fingerprint says the folder is not what any inputs give (a file was kept)."""

    inputs: str = ""
    operations: int = 0
    models: int = 0
    raw: dict[str, str] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)  # the spec's other files, beside it
    # Set by `generate --bump` (release.py): the package's version, and the document's
    # info.version it was set for; empty when the version is the document's own.
    package_version: str = ""
    spec_version: str = ""

    def text(self) -> str:
        """`json.dumps(..., indent=1)` of it, byte for byte; the files, a big client's tens of
        thousands, are laid out here with the C string encoder (the indenting encoder is pure
        Python, and took a quarter of a second on graph-beta's)."""
        body: dict[str, object] = {"generator": "clientsmith", "inputs": self.inputs, "operations": self.operations, "models": self.models}
        if self.sources:
            body["sources"] = self.sources
        if self.package_version:
            body["version"] = {"package": self.package_version, "spec": self.spec_version}
        if not self.written:
            return json.dumps({**body, "files": {}}, indent=1) + "\n"
        head = json.dumps({**body, "files": None}, indent=1).removesuffix("null\n}")
        quote = encode_basestring_ascii
        entries = [f"  {quote(path)}: [\n   {quote(self.raw.get(path, ''))},\n   {quote(self.written[path])}\n  ]" for path in sorted(self.written)]
        return head + "{\n" + ",\n".join(entries) + "\n }\n}\n"


def parse(text: str) -> tuple[Manifest, dict[str, str]]:
    """The manifest, and the entries refused with the reason; ValueError if it is not one."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("generator") != "clientsmith":
            raise ValueError("not a clientsmith manifest")
        files = data["files"]
        if not isinstance(files, dict):
            raise ValueError("'files' is not a mapping")
        raw: dict[str, str] = {}
        written: dict[str, str] = {}
        refused: dict[str, str] = {}
        if _all_plain(files):  # (most manifests: a big client's lists tens of thousands of files)
            raw = {path: hashes[0] for path, hashes in files.items()}
            written = {path: hashes[1] for path, hashes in files.items()}
            files = {}
        for path, hashes in files.items():
            problem = entry_problem(path)
            if problem is None and not (isinstance(hashes, list) and len(hashes) == 2 and all(isinstance(h, str) for h in hashes)):
                problem = "its hashes are not two strings"
            if problem is not None:
                refused[path] = problem
                continue
            raw[path], written[path] = hashes
        # Only hashed into the fingerprint: a forged entry is dropped, no harm done.
        listed = data.get("sources")
        sources = [s for s in listed if isinstance(s, str) and relative_problem(s) is None] if isinstance(listed, list) else []
        version = data.get("version")
        package, spec = (version.get("package"), version.get("spec")) if isinstance(version, dict) else ("", "")
        if not (isinstance(package, str) and isinstance(spec, str)):
            package, spec = "", ""
        manifest = Manifest(str(data.get("inputs", "")), int(data.get("operations", 0)), int(data.get("models", 0)), raw, written, sources, package, spec)
        return manifest, refused
    except (KeyError, TypeError, OverflowError) as exc:
        raise ValueError(f"missing or malformed {exc}") from None
    except RecursionError:
        raise ValueError("nested too deeply") from None


def entry_problem(path: str) -> str | None:
    """Why a listed path cannot be clientsmith's, or None. Generated files have plain relative
    paths and no hidden parts: that keeps a forged entry away from `.git` and the like."""
    if _PLAIN.fullmatch(path) and path[1:2] != ":":  # (most: a big client's manifest lists tens of thousands)
        return None
    problem = relative_problem(path)
    if problem is None and any(part.startswith(".") for part in path.split("/")):
        return "a hidden path, which clientsmith never writes"
    return problem


# Parts that are not empty, do not start with a dot, and hold no separator of any system.
_PLAIN = re.compile(r"[^./\\\0][^/\\\0]*(?:/[^./\\\0][^/\\\0]*)*")
# Such paths, each not starting with a drive (`c:`), joined by NULs (which no path holds).
_ALL_PLAIN = re.compile(r"(?:(?!.:)%s)(?:\0(?!.:)%s)*" % (_PLAIN.pattern, _PLAIN.pattern), re.DOTALL)


def _all_plain(files: dict[str, object]) -> bool:
    """Whether every entry is a plain path with two strings for hashes, as `entry_problem`
    and `parse` check one by one, told in a few passes of C."""
    if not all(type(hashes) is list and len(hashes) == 2 and type(hashes[0]) is str and type(hashes[1]) is str for hashes in files.values()):
        return False
    joined = "\0".join(files)
    return not files or (joined.count("\0") == len(files) - 1 and bool(_ALL_PLAIN.fullmatch(joined)))  # (a NUL of its own: no path)


def relative_problem(path: str) -> str | None:
    """Why a path is not a plain relative path inside its folder, or None."""
    if not path or path.startswith("/") or "\\" in path or "\0" in path or (len(path) > 1 and path[1] == ":"):
        return "not a relative path"
    parts = path.split("/")
    if ".." in parts:
        return "it leaves the output folder"
    if any(part in ("", ".") for part in parts):
        return "not a plain relative path"
    return None


def digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]
