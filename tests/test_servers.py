"""Servers as the document declares them: the first server's variables are client options,
and a server named by a path item or an operation is used for it (unless the caller chose
the base URL, as tests against a mock server do)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_a_variable_default_that_is_no_plain_value_is_left_out_of_the_url() -> None:
    """An object where a server variable's default must be a string (the validator warns of
    it) is no part of the URL: `{'$ref': '#'}` as a port made a URL no client takes. Numbers,
    which YAML gives for an unquoted `443`, are written as they read."""
    from generator.ir.servers import server_variables, substituted

    server = {"url": "https://{name}.example.com:{port}/{base}", "variables": {"name": {"default": "demo"}, "port": {"default": {"$ref": "#"}}, "base": {"default": 2}}}
    assert substituted(server) == "https://demo.example.com:/2"
    assert [v.default_repr for v in server_variables(server, set())] == ['"demo"', '""', '"2"']


def test_a_server_url_no_client_could_use_is_left_out_with_a_warning(tmp_path: Path) -> None:
    """A port that is no number, or a control character, makes a URL httpx2 refuses: the
    client could not even be built with it as its default. The client's default base URL is
    then http://localhost (a caller gives theirs), and an operation's own such server is
    not used."""
    from generator.ir.servers import substituted, unusable

    assert unusable(substituted({"url": "https://{host}:{port}/v1", "variables": {"host": {"default": "a.example"}, "port": {"default": "https"}}})) == "port 'https', which is no number"
    assert unusable("https://a.example/\x00") == "a control character"
    for fine in ("https://a.example:8443/v1", "https://user:secret@a.example:80", "https://[::1]:8080/", "/v1", "https://a.example"):
        assert unusable(fine) is None, fine
    spec = tmp_path / "ports.yaml"
    spec.write_text(
        'openapi: 3.0.3\ninfo: {title: Ports, version: "1"}\nservers:\n  - url: "https://a.example:{port}/v1"\n    variables: {port: {default: https}}\n'
        "paths:\n  /things:\n    get:\n      operationId: listThings\n      servers: [{url: \"https://b.example/\\x01\"}]\n"
        '      responses: {"204": {description: ok}}\n'
    )
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out), "--package", "ports"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"clientsmith: {spec}:4 (#/servers/0/url): warning: the server's URL has port 'https', which is no number" in result.stderr
    code = "import httpx2\nfrom ports import Client\nseen = []\nClient(http_client=httpx2.Client(transport=httpx2.MockTransport(lambda r: seen.append(str(r.url)) or httpx2.Response(204)))).things.list()\nprint(seen[0])\n"
    ran = subprocess.run([sys.executable, "-c", code], cwd=out, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(out)}, timeout=300)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "http://localhost/things"


def test_the_base_url_comes_from_the_environment_variable_configured(tmp_path: Path) -> None:
    """`base_url_env` (the OpenAI SDK reads OPENAI_BASE_URL): the variable's URL before the
    document's servers, which it replaces for every operation as a base_url passed does; a
    base_url passed before it; unset or empty, the servers."""
    spec = tmp_path / "regions.yaml"
    spec.write_text(SPEC)
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.clientsmith]\nbase_url_env = "REGIONS_BASE_URL"\n')
    out = tmp_path / "out"
    assert generate(spec, out, "regions", "--config", str(config)) == 0
    code = CODE.replace("print(", "import asyncio\nfrom regions import AsyncClient\nasync def main():\n    async with AsyncClient(http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(lambda r: seen.append(str(r.url)) or httpx2.Response(204)))) as c:\n        await c.reports.list()\nasyncio.run(main())\nprint(")
    found = {}
    for value in ("http://proxy.test/base", ""):
        env = {**os.environ, "PYTHONPATH": str(out), "REGIONS_BASE_URL": value}
        result = subprocess.run([sys.executable, "-c", code], cwd=out, capture_output=True, text=True, env=env, timeout=300)
        assert result.returncode == 0, result.stderr
        found[value] = result.stdout.split()
    assert found["http://proxy.test/base"] == [
        "http://proxy.test/base/things",
        "http://proxy.test/base/things",
        "http://proxy.test/base/uploads",
        "http://proxy.test/base/reports",
        "http://mock.test/uploads",
        "http://proxy.test/base//openapi",
        "http://proxy.test/base/reports",
    ]
    assert found[""][:6] == [
        "https://us.api.example.com/v1/things",
        "https://eu.api.example.com:8443/v1/things",
        "https://uploads.example.com/v1/uploads",
        "https://us.api.example.com/v2/reports",
        "http://mock.test/uploads",
        "https://us.api.example.com/v1//openapi",
    ]


def test_the_projects_settings_are_for_its_own_document_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`clientsmith generate other.yaml -o out` inside a project whose `[tool.clientsmith]`
    names another document: the project's base URL and key variable were that client's too
    (an ec2 client asked for OPENAI_API_KEY, and would have sent its calls to OpenAI). They
    are the project's document's alone, output folder given or not, and `--config` still
    applies a config to any document."""
    keyed = (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://api.test'}]\n"
        "components: {securitySchemes: {key: {type: http, scheme: bearer}}}\nsecurity: [{key: []}]\n"
        "paths: {/things: {get: {responses: {'204': {description: ok}}}}}\n"
    )
    (tmp_path / "mine.yaml").write_text(keyed)
    (tmp_path / "other.yaml").write_text(keyed)
    (tmp_path / "pyproject.toml").write_text('[tool.clientsmith]\nspec = "mine.yaml"\nbase_url = "https://mine.test"\napi_key_env = "MINE_KEY"\n')
    monkeypatch.chdir(tmp_path)
    from generator.cli import main

    def client_of(*args: str) -> str:
        out = tmp_path / f"out{len(list(tmp_path.glob('out*')))}"
        assert main(["generate", *args, "-o", str(out), "--package", "p"]) == 0
        return (out / "p" / "_client.py").read_text()

    for mine in (client_of("mine.yaml"), client_of(str(tmp_path / "mine.yaml")), client_of("other.yaml", "--config", "pyproject.toml")):
        assert "https://mine.test" in mine and "MINE_KEY" in mine
    other = client_of("other.yaml")
    assert "https://mine.test" not in other and "MINE_KEY" not in other
