"""The whole run, stage after stage: load -> validate -> ir -> render -> format -> write."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from generator import format as formatting
from generator import load, render, validate, write
from generator.config import Config
from generator.diagnostics import Diagnostic, GenerationError
from generator.ir.build import build


@dataclass
class Outcome:
    files: dict[str, str]
    warnings: list[Diagnostic]
    operations: int
    models: int
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0


def produce(config: Config) -> Outcome:
    """Every output file's final text, without touching the output folder."""
    started = time.perf_counter()
    doc = load.load(config.spec)
    findings = validate.validate(doc, strict=config.strict)
    errors = [d for d in findings if d.severity == "error"]
    if errors:
        raise GenerationError(errors)
    api, notes = build(doc, config)
    raw = render.render(api, doc.data, api.cases, config.templates)
    output = Path(config.output)
    previous = write.read_manifest(output)
    files, hashes = formatting.format_files(raw, previous, lambda rel: write.read_text(output, rel))
    files[write.MANIFEST] = write.manifest_text(hashes)
    models = sum(len(m.classes) for m in api.types_modules)
    return Outcome(files, findings + notes, len(api.operations), models, seconds=time.perf_counter() - started)
