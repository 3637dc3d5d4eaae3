"""Servers as the document declares them: the first server's variables are client options,
and a server named by a path item or an operation is used for it (unless the caller chose
the base URL, as tests against a mock server do)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import generate

SPEC = """\
openapi: 3.0.3
info: {title: Regions, version: "1"}
servers:
  - url: https://{region}.api.example.com:{port}/v1
    variables:
      region: {default: us, enum: [us, eu]}
      port: {default: "443"}
paths:
  /things:
    get:
      operationId: listThings
      responses: {"204": {description: ok}}
  /uploads:
    servers: [{url: https://uploads.example.com/v1}]
    post:
      operationId: upload
      responses: {"204": {description: ok}}
  /reports:
    get:
      operationId: report
      servers: [{url: /v2}]
      responses: {"204": {description: ok}}
  //openapi:  # a path the document writes with two slashes keeps them (clever-cloud)
    get:
      operationId: openapi
      responses: {"204": {description: ok}}
"""

CODE = """
import httpx2
from regions import Client
seen = []
def http():
    return httpx2.Client(transport=httpx2.MockTransport(lambda r: seen.append(str(r.url)) or httpx2.Response(204)))
Client(http_client=http()).things.list()
Client(region="eu", port="8443", http_client=http()).things.list()
Client(http_client=http()).uploads.create()
Client(http_client=http()).reports.list()
Client(base_url="http://mock.test", http_client=http()).uploads.create()
Client(http_client=http()).openapi.list()
print("\\n".join(seen))
"""


def test_server_variables_and_servers_per_operation(tmp_path: Path) -> None:
    spec = tmp_path / "regions.yaml"
    spec.write_text(SPEC)
    out = tmp_path / "out"
    assert generate(spec, out, "regions") == 0
    result = subprocess.run([sys.executable, "-c", CODE], cwd=out, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(out)}, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "https://us.api.example.com/v1/things",  # 443 is https's own port
        "https://eu.api.example.com:8443/v1/things",
        "https://uploads.example.com/v1/uploads",
        "https://us.api.example.com/v2/reports",
        "http://mock.test/uploads",
        "https://us.api.example.com/v1//openapi",
    ]
    typed = out / "typed.py"
    typed.write_text("from regions import Client\nClient(region='mars')\n")
    checked = subprocess.run([sys.executable, "-m", "mypy", "--strict", str(typed)], cwd=out, capture_output=True, text=True, timeout=600)
    assert checked.returncode == 1 and 'Argument "region" to "Client" has incompatible type' in checked.stdout, checked.stdout
