"""jsonschema's errors as findings: (where, one-line message, fatal)."""

from __future__ import annotations

from typing import Any

from generator.pointers import Parts


def error_findings(errors: Any, v31: bool) -> list[tuple[Parts, str, bool]]:
    """(path, message, fatal) for each error; where a value has the wrong type, only that is said.

    Fatal: a mapping or a list is wanted and something else is there. The generator can make
    nothing of such a document (it would stop on it), so that is an error even when not strict.
    """
    explained: list[tuple[Parts, str, list[object] | None]] = []
    for err in sorted(errors, key=_in_order):
        leaf, message, types = _explain(err)
        path = tuple(leaf.absolute_path)
        if leaf.validator == "uniqueItems" and isinstance(leaf.instance, list):
            path += (_first_repeat(leaf.instance),)
        elif "propertyNames" in leaf.absolute_schema_path and isinstance(leaf.instance, str):
            path += (leaf.instance,)  # the offending name itself, not the mapping that has it
            message = f"name {message}"
        explained.append((path, message + _hint(path, leaf, v31), types))
    typed = {path for path, _, types in explained if types is not None}
    return [
        (path, message, types is not None and bool({"object", "array"} & set(map(str, types))))
        for path, message, types in explained
        if types is not None or path not in typed
    ]


def _in_order(err: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """An order of errors that does not depend on the run: jsonschema meets the members of a
    mapping that `additionalProperties` checks in the order of a set, which follows the
    interpreter's string hashing, and `_explain` says one of several equally deep errors."""
    return tuple(map(str, err.absolute_schema_path)), tuple(map(str, err.absolute_path))


def _first_repeat(items: list[Any]) -> int:
    for i, item in enumerate(items):
        if item in items[:i]:
            return i
    return 0


def _explain(err: Any) -> tuple[Any, str, list[object] | None]:
    """The most useful error inside `err` (oneOf/anyOf nest them), a one-line message, and
    the types wanted when the error is a value of the wrong type."""
    while err.context:
        depth = len(err.absolute_path)
        branches: dict[object, list[Any]] = {}
        for e in sorted(err.context, key=_in_order):
            branches.setdefault(e.relative_schema_path[0] if e.relative_schema_path else None, []).append(e)

        def misses_type(errors: list[Any]) -> bool:
            return any(e.validator == "type" and len(e.absolute_path) == depth for e in errors)

        def misses_ref(errors: list[Any]) -> bool:  # a Reference branch, for a node without $ref
            return any(e.validator == "required" and e.validator_value == ["$ref"] and len(e.absolute_path) == depth for e in errors)

        fitting = [errors for errors in branches.values() if not misses_type(errors) and not misses_ref(errors)]
        if not fitting:
            if all(misses_type(errors) for errors in branches.values()):
                types: list[object] = []
                for errors in branches.values():
                    for e in errors:
                        if e.validator == "type" and len(e.absolute_path) == depth:
                            wanted = e.validator_value if isinstance(e.validator_value, list) else [e.validator_value]
                            types += [t for t in wanted if t not in types]
                return err, f"{short(err.instance)} is not of type {', '.join(repr(t) for t in types)}", types
            fitting = list(branches.values())
        candidates = [e for errors in fitting for e in errors]
        if len(fitting) > 1 and all(len(e.absolute_path) == depth for e in candidates):
            break  # several branches could fit, and each fails right here: say that once
        # the deepest; of those, a value of the wrong type first: it says the most (3.0's
        # media type object `1.5` also fails the `not` of ExampleXORExamples, which sorts first)
        err = max(candidates, key=lambda e: (len(e.absolute_path), e.validator == "type"))
    if err.validator == "type":
        return err, _message(err), list(err.validator_value) if isinstance(err.validator_value, list) else [err.validator_value]
    return err, _message(err), None


def _message(err: Any) -> str:
    kind, instance = err.validator, err.instance
    if kind == "uniqueItems" and isinstance(instance, list):
        dups = _duplicates(instance)
        what = "required list" if err.absolute_path and err.absolute_path[-1] == "required" else "list"
        what = "enum" if err.absolute_path and err.absolute_path[-1] == "enum" else what
        noun = "entry" if len(dups) == 1 else "entries"
        return f"duplicate {noun} in {what}: {', '.join(short(d) for d in dups)}"
    message = str(err.message)
    full = repr(instance)
    if message.startswith(full) and len(full) > 60:
        message = short(instance) + message[len(full) :]
    elif len(message) > 200:
        message = message[:197] + "..."
    if kind == "oneOf" and "is valid under each of" in message:
        message = f"{short(instance)} matches more than one of the oneOf schemas"
    return message


def _hint(parts: Parts, err: Any, v31: bool) -> str:
    last = parts[-1] if parts else None
    if v31 and last in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(err.instance, bool):
        return f" (OpenAPI 3.1 wants the bound itself, e.g. {last}: 0, not the 3.0 flag)"
    if not v31 and last in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(err.instance, (int, float)):
        bound = "minimum" if last == "exclusiveMinimum" else "maximum"
        return f" (in OpenAPI 3.0 it is a flag: {bound}: {err.instance} with {last}: true)"
    if v31 and last == "$recursiveAnchor":
        return " ($recursiveAnchor is JSON Schema 2019-09; OpenAPI 3.1 uses 2020-12's $dynamicAnchor)"
    return ""


def _duplicates(items: list[Any]) -> list[Any]:
    seen: list[Any] = []
    dups: list[Any] = []
    for item in items:
        if item in seen and item not in dups:
            dups.append(item)
        seen.append(item)
    return dups


def short(value: Any) -> str:
    if isinstance(value, dict):
        return "{}" if not value else (repr(value) if len(repr(value)) <= 60 else "{...}")
    if isinstance(value, list):
        return "[]" if not value else ("[...]" if len(repr(value)) > 60 else repr(value))
    text = repr(value)
    return text if len(text) <= 60 else text[:56] + "..." + text[0]
