"""The built-in templates as jinja2 translates them into Python, shipped beside them
(template_code.json), so that a run does not translate them again: jinja's parse and
translation of the templates is about 0.1 s, a fifth of a small document's run, paid on
every run without a per-user cache (a CI machine's first run).

The file holds, for each template, the checksum jinja gives its text and the Python jinja2
made of it, under a stamp of jinja2's version and the environment's options. A template whose
text differs (a user's override, an edited template), or a run with another jinja2 or other
options, translates as before. `scripts/compile-templates` writes the file again after an
edit of templates/; a test checks that it is current.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

_FILE = Path(__file__).with_name("template_code.json")


class ShippedCode(jinja2.BytecodeCache):
    """Template code from the per-user cache (`user`, when there is one), else from the
    shipped translations, else translated by jinja (and then kept in the user's cache)."""

    def __init__(self, user: jinja2.BytecodeCache | None) -> None:
        self._user = user

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> jinja2.bccache.Bucket:
        bucket = super().get_bucket(environment, name, filename, source)
        if bucket.code is None:
            shipped = _shipped(stamp(environment)).get(name)
            if shipped is not None and shipped[0] == bucket.checksum:
                bucket.code = compile(shipped[1], filename if filename is not None else "<template>", "exec")
                self.dump_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if self._user is not None:
            self._user.load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if self._user is not None:
            self._user.dump_bytecode(bucket)


def stamp(environment: jinja2.Environment) -> str:
    """What the translation depends on besides a template's text."""
    options = [
        *("block_start_string", "block_end_string", "variable_start_string", "variable_end_string", "comment_start_string"),
        *("comment_end_string", "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks"),
        *("newline_sequence", "keep_trailing_newline", "autoescape", "optimized"),
    ]
    settings = [(option, repr(getattr(environment, option))) for option in options]
    settings += [("extensions", repr(sorted(environment.extensions))), ("filters", repr(sorted(environment.filters))), ("tests", repr(sorted(environment.tests)))]
    return json.dumps([jinja2.__version__, settings])


def translations(environment: jinja2.Environment, folder: Path) -> dict[str, tuple[str, str]]:
    """Each template of `folder`, by name: the checksum of its text and its translation."""
    out = {}
    for path in sorted(folder.rglob("*.jinja")):
        name = path.relative_to(folder).as_posix()
        source = path.read_text(encoding="utf-8")
        out[name] = (ShippedCode(None).get_source_checksum(source), environment.compile(source, name, None, raw=True))
    return out


@cache
def _shipped(wanted: str) -> dict[str, tuple[str, str]]:
    """The shipped translations, if they were made under the stamp `wanted`."""
    try:
        found: Any = json.loads(_FILE.read_text(encoding="utf-8"))
        if found.get("stamp") != wanted:
            return {}
        return {str(name): (str(checksum), str(code)) for name, (checksum, code) in found["templates"].items()}
    except (OSError, ValueError, TypeError, AttributeError, KeyError):  # missing or damaged: translated as before
        return {}


def write() -> None:
    from generator import render

    environment = render.environment()
    templates = translations(environment, render.builtin_templates())
    lines = [f"  {json.dumps(name)}: {json.dumps(list(entry))}" for name, entry in templates.items()]
    text = '{"stamp": ' + json.dumps(stamp(environment)) + ',\n "templates": {\n' + ",\n".join(lines) + "\n}}\n"
    _FILE.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write()
