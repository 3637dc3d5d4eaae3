"""Stage 2: check the document against the OpenAPI schema with openapi-spec-validator.

Findings are warnings unless the run is strict: real documents, OpenAI's included, carry
small defects that do not stop a client from being generated.
"""

from __future__ import annotations

from typing import Any

from generator.diagnostics import Diagnostic
from generator.load import Document


def validate(doc: Document, *, strict: bool = False) -> list[Diagnostic]:
    severity = "error" if strict else "warning"
    version = str(doc.data.get("openapi", ""))
    if not version.startswith(("3.0", "3.1")):
        found = version or "no 'openapi' field"
        return [Diagnostic(f"not an OpenAPI 3.0/3.1 document ({found})", doc.location(["openapi"] if version else []))]
    findings: list[Diagnostic] = []
    try:
        errors = list(_validator(version, doc.data).iter_errors())
    except Exception as exc:  # the validator raises on some broken refs; report, don't crash
        return [Diagnostic(f"spec validation failed: {exc}", doc.location(), severity)]
    for err in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        path = list(err.absolute_path)
        findings.append(Diagnostic(_message(err), doc.location(path), severity))
    return findings


def _validator(version: str, data: dict[str, Any]) -> Any:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    cls = OpenAPIV31SpecValidator if version.startswith("3.1") else OpenAPIV30SpecValidator
    return cls(data)


def _message(err: Any) -> str:
    # The best sub-error names the exact problem; the top one is often "not valid under any".
    best = err
    while getattr(best, "context", None):
        best = min(best.context, key=lambda e: len(list(e.absolute_path)) * -1)
    message = str(best.message)
    return message if len(message) <= 200 else message[:197] + "..."
