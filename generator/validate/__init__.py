"""Stage 2: check the document against the OpenAPI schema and the rules JSON Schema can't say.

Findings are warnings unless the run is strict: real documents, OpenAI's included, carry
small defects that do not stop a client from being generated.

The checks are openapi-spec-validator's (the document against the OpenAPI meta-schema, every
schema against its dialect's meta-schema, `default` values against their schema, unique
operationIds, tags and parameters, declared path parameters), but the walk is ours: the
library reports a problem found inside a schema or a `default` with a path relative to that
schema, so the finding could not say where it is. Here every node is visited at its own place
in the document (a `$ref` is followed to its target's pointer, each target checked once), so
every finding carries the absolute JSON pointer and therefore the line. Walking ourselves is
also faster: the meta-schema validators are built once, with their references resolved up
front, instead of once per schema.

The package: `walk.py` visits the document, `pieces.py` checks it against the OpenAPI
meta-schema unit by unit and shape by shape, `meta.py` builds the validators and knows what a
schema node's check depends on, `quick.py` and `quick2020.py` say "valid" where they can
without jsonschema (a tenth of a second of imports and setup spared), `memo.py` remembers findings
across runs, `messages.py` turns jsonschema's errors into one-line findings
(generator/pointers.py finds nodes by JSON pointer).
"""

from __future__ import annotations

import re
import warnings

from generator.diagnostics import Diagnostic, pointer
from generator.load import Document
from generator.schema_keys import in_schema
from generator.validate.memo import Memo, unit_keys
from generator.pointers import Parts
from generator.validate.walk import Checker

__all__ = ["validate"]

# The `regex` format check compiles each pattern with Python's re, which warns of character
# classes that another engine reads as nested sets (`[[A-Z]`): repair respells those for the
# generated client, so the warning would only be noise on the user's terminal.
warnings.filterwarnings("ignore", message="Possible (nested )?set", category=FutureWarning)


def validate(doc: Document, *, strict: bool = False) -> list[Diagnostic]:
    severity = "error" if strict else "warning"
    data = doc.data
    if "swagger" in data and "openapi" not in data:
        found = f"Swagger {data['swagger']}" if isinstance(data["swagger"], (str, int, float)) else "a Swagger document"
        message = f"{found} is not supported: convert the document to OpenAPI 3 first"
        return [Diagnostic(message, doc.location(["swagger"]))]
    version = str(data.get("openapi", "")) if isinstance(data.get("openapi"), (str, int, float)) else ""
    if not version.startswith(("3.0", "3.1")):
        found = f"openapi: {version}" if version else "no 'openapi' field"
        return [Diagnostic(f"not an OpenAPI 3.0/3.1 document ({found})", doc.location(["openapi"] if "openapi" in data else []))]
    memo = Memo.of(doc)
    checker = Checker(data, version, memo, *unit_keys(doc))
    unfinished = None
    try:
        checker.run()
        memo.write()
    except Exception as exc:  # a bug of ours or of the validator: not the document's fault
        first = str(exc).splitlines()[0] if str(exc) else ""
        unfinished = Diagnostic(f"spec validation could not finish ({type(exc).__name__}: {first})", doc.location(), "warning")
    # One finding per place: identical messages once, different ones joined.
    by_place: dict[str, tuple[Parts, list[str], list[bool]]] = {}
    for parts, message, fatal in checker.problems:
        _, messages, fatals = by_place.setdefault(pointer(parts), (parts, [], []))
        if message not in messages:
            messages.append(message)
            fatals.append(fatal)
    findings: list[tuple[int, str, Diagnostic]] = []
    for parts, messages, fatals in by_place.values():
        location = doc.location(parts)
        # Inside a schema the IR degrades instead (ir/repair.py): only the structure around schemas is vital.
        level = "error" if any(fatals) and not in_schema(parts) else severity
        findings.append((location.line or 0, location.pointer, Diagnostic(doc.as_written(_join(messages)), location, level)))
    findings.sort(key=lambda f: (f[0], f[1]))
    return [f[2] for f in findings] + ([unfinished] if unfinished else [])


_PLAIN_PREFIX = re.compile(r"[\w.$/\[\] -]+: ")  # a name or path, not the start of a quoted value


def _join(messages: list[str]) -> str:
    """`p: a` and `p: b` -> `p: a; b`."""
    if len(messages) == 1:
        return messages[0]
    prefix = messages[0][: messages[0].find(": ") + 2] if ": " in messages[0] else ""
    if prefix and _PLAIN_PREFIX.fullmatch(prefix) and all(m.startswith(prefix) for m in messages):
        return prefix + "; ".join(m[len(prefix) :] for m in messages)
    return "; ".join(messages)
