"""`$ref` resolution inside one document, with dangling and cyclic references reported."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from generator.diagnostics import Diagnostic, GenerationError
from generator.load import Document


class RefResolver:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._found: dict[str, Any] = {}  # target -> node: a large spec names the same targets thousands of times

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
        return ptr, node

    def _lookup(self, target: str, referrer: str) -> Any:
        found = self._found.get(target, _MISSING)
        if found is _MISSING:
            found = self._found[target] = self._walk(target, referrer)
        return found

    def _walk(self, target: str, referrer: str) -> Any:
        node: Any = self.doc.data
        for raw in target.split("/")[1:] if target else []:
            token = raw.replace("~1", "/").replace("~0", "~")
            token = unquote(token) if "%" in token else token
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                self._fail(f"dangling $ref '#{target}': no such node", referrer)
        return node

    def _fail(self, message: str, ptr: str) -> None:
        parts: list[object] = [p.replace("~1", "/").replace("~0", "~") for p in ptr.split("/")[1:]]
        raise GenerationError([Diagnostic(message, self.doc.location([*parts, "$ref"]))])


_MISSING = object()
