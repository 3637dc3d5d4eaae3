"""`$ref` resolution inside one document, with dangling and cyclic references reported."""

from __future__ import annotations

from typing import Any, Callable, NoReturn

from generator.diagnostics import Diagnostic, GenerationError, escape_pointer_token
from generator.load import Document
from generator.pointers import MISSING, lookup, parts_of, tokens
from generator.upgrade import upgraded_ref


class RefResolver:
    def __init__(self, doc: Document, original: Any = None, warn: Callable[[str, tuple[str, ...]], None] | None = None) -> None:
        self.doc = doc
        # The document as written, before repair dropped its malformed parts: a $ref into one of
        # those reads as any value (with a warning), not as a dangling reference.
        self._original = original
        self.warn = warn
        self._found: dict[str, Any] = {}  # target -> node: a large spec names the same targets thousands of times
        self._dropped: set[str] = set()  # targets in parts repair dropped
        self.reads: set[str] | None = None  # when a set: every target resolved is added to it (ir/op_memo.py)

    def resolve(self, node: Any, where: str) -> tuple[str, Any]:
        """Follow `$ref` chains from `node` (found at pointer `where`) to a real node."""
        seen: list[str] = []
        ptr = where
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#"):
                self._fail(f"unsupported $ref {ref!r}: only references inside the document are supported", ptr)
            target = ref[1:]
            if target in seen:
                self._fail(f"cyclic $ref: {' -> '.join([*seen, target])}", ptr)
            seen.append(target)
            node, ptr = self._lookup(target, ptr), target
        if seen and self.reads is not None:
            self.reads.update(seen)
        return ptr, node

    def _lookup(self, target: str, referrer: str) -> Any:
        found = self._found.get(target, MISSING)
        if found is MISSING:
            found = self._found[target] = self._walk(target, referrer)
        if target in self._dropped and self.warn is not None:
            # Said at every reference, not once a run: what a conversion unit or an operation
            # says must not hang on what the ones before it met (their memos replay it); the
            # builder keeps the first of each (first_of_each_dropped).
            self.warn(dropped_message(target), (*tokens(referrer), "$ref"))
        return found

    def _walk(self, target: str, referrer: str) -> Any:
        parts = parts_of(target)
        node = MISSING if parts is None else lookup(self.doc.data, parts)
        if node is not MISSING:
            return node
        if parts is not None and self._original is not None and self.warn is not None and lookup(self._original, parts) is not MISSING:
            self._dropped.add(target)
            return {}
        meant = self._meant(target)
        self._fail(f"dangling $ref '#{target}': no such node" + (f" (did you mean '#{meant}'?)" if meant else ""), referrer)

    def _meant(self, target: str) -> str | None:
        """The node a dangling `target` likely names: the pointer with its leading slash, a
        Swagger 2.0 section's place in components (`/definitions/Pet`), or a key that differs
        only in case or blanks (`/components/schemas/pet `)."""
        fixed = target if target.startswith("/") else "/" + target
        candidates = [fixed, upgraded_ref("#" + fixed)[1:]]
        for candidate in candidates:
            parts = tokens(candidate)
            if lookup(self.doc.data, parts) is not MISSING:
                return candidate if candidate != target else None
            parent = lookup(self.doc.data, parts[:-1]) if parts else MISSING
            if isinstance(parent, dict):
                near = [k for k in parent if isinstance(k, str) and k.strip().casefold() == parts[-1].strip().casefold()]
                if len(near) == 1:
                    return "/" + "/".join(escape_pointer_token(p) for p in (*parts[:-1], near[0]))
        return None

    def _fail(self, message: str, ptr: str) -> NoReturn:
        raise GenerationError([Diagnostic(self.doc.as_written(message), self.doc.location([*tokens(ptr), "$ref"]))])


_DROPPED = " points into a part dropped as malformed: read as any value"


def dropped_message(target: str) -> str:
    return f"$ref '#{target}'{_DROPPED}"


def first_of_each_dropped(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics, with only the first of those that say the same `$ref` points into a
    dropped part: a run says it once, where it first meets the reference."""
    seen: set[str] = set()
    kept = []
    for d in diagnostics:
        if d.message.endswith(_DROPPED) and d.message.startswith("$ref '#"):
            if d.message in seen:
                continue
            seen.add(d.message)
        kept.append(d)
    return kept
