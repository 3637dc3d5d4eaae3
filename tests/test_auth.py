"""Security schemes on the wire (tests/golden/auth): each operation carries the credentials
its own `security` asks for, and no others; secrets never show."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


from conftest import GOLDEN, generate, run_generated_tests, spec_of
from generator.config import Config
from generator.ir.build import build
from generator.ir.mock_spec import for_mock_servers
from generator.load import load

WIRE = """
import asyncio, base64, httpx2
from urllib.parse import parse_qs
from auth import AsyncClient, Client
from auth._exceptions import APIError

seen = []
tokens = []
refuse = []
def answer(request):
    if str(request.url) == "https://auth.example.com/oauth/token":
        tokens.append(parse_qs(request.read().decode()))
        return httpx2.Response(200, json={"access_token": f"tok{len(tokens)}", "expires_in": 3600})
    seen.append(request)
    if refuse:
        refuse.pop()
        return httpx2.Response(401, json={"error": "expired"})
    return httpx2.Response(204)

def http():
    return httpx2.Client(transport=httpx2.MockTransport(answer))

def sent():
    request = seen[-1]
    return {k: v for k, v in request.headers.items() if k in ("authorization", "x-api-key", "cookie")}, dict(request.url.params)

client = Client(api_key="K", username="u", password="p", client_id="id", client_secret="sh", access_token="AT",
                app_key="A", user_token="T", http_client=http())
client.public.list()
assert sent() == ({}, {}), sent()
client.me.list()
assert sent() == ({"authorization": "Bearer K"}, {})
client.basic.list()
assert sent() == ({"authorization": "Basic " + base64.b64encode(b"u:p").decode()}, {})
client.keys.list()
assert sent() == ({"x-api-key": "K"}, {})
client.cookie.list()
assert sent() == ({"cookie": "session=K"}, {})
client.oidc.list()
assert sent() == ({"authorization": "Bearer AT"}, {})
client.both.list()
assert sent() == ({}, {"key": "A", "token": "T"})
client.ssws.list()
assert sent() == ({"authorization": "SSWS K"}, {})

client.oauth.list()
client.oauth.list()
assert sent() == ({"authorization": "Bearer tok1"}, {}) and len(tokens) == 1, tokens
assert tokens[0] == {"grant_type": ["client_credentials"], "client_id": ["id"], "client_secret": ["sh"], "scope": ["read write"]}
refuse.append(1)  # the server no longer takes the token: one new token, the call retried once
client.oauth.list()
assert sent() == ({"authorization": "Bearer tok2"}, {}) and len(tokens) == 2

bare = Client(http_client=http())
bare.public.list()
try:
    bare.me.list()
except APIError as exc:
    assert str(exc) == "No credentials for this request: pass api_key=...", str(exc)
else:
    raise AssertionError("a call without its credentials was sent")
only_query = Client(api_key="Q", http_client=http())
only_query.keys.list()
assert sent() == ({"x-api-key": "Q"}, {})

for shown in (repr(client), repr(client._schemes), str(APIError("x"))):
    for secret in ("K", "sh", "AT", "tok"):
        assert f"'{secret}" not in shown and f"={secret}" not in shown and f" {secret}" not in shown, shown

async def main():
    async_client = AsyncClient(client_id="id", client_secret="sh", http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(answer)))
    await async_client.oauth.list()
    assert sent()[0]["authorization"].startswith("Bearer tok")

asyncio.run(main())
print("ok")
"""


def run_client(out: Path, code: str) -> str:
    """What `code` prints, run beside the generated package in `out`."""
    result = subprocess.run([sys.executable, "-c", code], cwd=out, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(out)}, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_each_operation_sends_the_credentials_its_security_asks_for(tmp_path: Path) -> None:
    out = tmp_path / "out"
    config = tmp_path / "pyproject.toml"
    config.write_text("[tool.clientsmith]\n")
    assert generate(GOLDEN / "auth" / "spec.yaml", out, "auth", "--config", str(config)) == 0
    result = subprocess.run([sys.executable, "-c", WIRE], cwd=out, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(out)}, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "ok"


def test_credentials_come_from_the_environment_variables_configured(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.clientsmith]\napi_key_env = "AUTH_KEY"\n\n[tool.clientsmith.auth_env]\nusername = "AUTH_USER"\npassword = "AUTH_PASSWORD"\n')
    out = tmp_path / "out"
    assert generate(GOLDEN / "auth" / "spec.yaml", out, "auth", "--config", str(config)) == 0
    code = (
        "import base64, httpx2\nfrom auth import Client\nseen = []\n"
        "client = Client(http_client=httpx2.Client(transport=httpx2.MockTransport(lambda r: seen.append(r) or httpx2.Response(204))))\n"
        "client.me.list(); client.basic.list()\n"
        "print(seen[0].headers['authorization'], seen[1].headers['authorization'] == 'Basic ' + base64.b64encode(b'u:pw').decode())\n"
    )
    env = {**os.environ, "PYTHONPATH": str(out), "AUTH_KEY": "from-env", "AUTH_USER": "u", "AUTH_PASSWORD": "pw"}
    result = subprocess.run([sys.executable, "-c", code], cwd=out, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Bearer from-env True"


def test_an_api_with_one_scheme_everywhere_wants_it_at_once(threads_spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert generate(threads_spec, out, "threads") == 0
    code = "from threads import Client\ntry:\n    Client()\nexcept Exception as exc:\n    print(type(exc).__name__, exc)\n"
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    result = subprocess.run([sys.executable, "-c", code], cwd=out, capture_output=True, text=True, env={**env, "PYTHONPATH": str(out)}, timeout=300)
    assert result.stdout.startswith("APIError No API key: pass api_key=..."), result.stdout + result.stderr


SCHEMES = """
openapi: 3.0.3
info: {title: t, version: '1'}
security: [{spaced: []}, {key: []}]
paths:
  /default: {get: {responses: {'204': {description: ok}}}}
  /digest: {get: {security: [{digest: []}], responses: {'204': {description: ok}}}}
  /spaced: {get: {security: [{spaced: []}], responses: {'204': {description: ok}}}}
  /undeclared: {get: {security: [{nowhere: []}, {key: []}], responses: {'204': {description: ok}}}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    spaced: {type: apiKey, in: header, name: My API Key}
    digest: {type: http, scheme: digest}
"""


def test_a_scheme_no_request_can_carry_is_left_out_of_the_client_and_of_the_mock(tmp_path: Path) -> None:
    """An API key in a header whose name HTTP does not allow (httpx2 refuses the request) is
    left out with a warning, like a scheme of a kind the client cannot send; the mock's
    document asks for neither, else Prism answers 401 to every call."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(SCHEMES)
    doc = load(spec)
    api, found = build(doc, Config(spec=spec, package="pkg"))
    messages = [d.message for d in found]
    assert "security scheme 'spaced': header name 'My API Key' is no header name HTTP allows, so no request can carry it: its operations are called without it" in messages
    assert any(m.startswith("security scheme 'digest' (http digest) is not supported") for m in messages)
    assert api.security is not None and [s.key_repr for s in api.security.schemes] == ['"key"']
    mock = for_mock_servers(doc.data)
    assert mock["security"] == [{"key": []}]
    assert [mock["paths"][p]["get"]["security"] for p in ("/digest", "/spaced", "/undeclared")] == [[], [], [{"key": []}]]
    assert "security" not in mock["paths"]["/default"]["get"]


def test_schemes_required_together_in_one_header_are_read_as_either(tmp_path: Path) -> None:
    """Google's two OAuth 2 flows in one requirement: the client asked for two tokens
    (`oauth_2=`, `oauth_2c=`) and sent the last in the Authorization header; a basic login
    beside a key in `Authorization` (Azure's registry) asked for both, and Prism refused
    every call. Each is read as alternatives, said once per set of schemes; schemes in
    different places stay together."""
    spec = spec_of(
        tmp_path,
        """
    components:
      securitySchemes:
        Oauth2: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a.example/auth', scopes: {}}}}
        Oauth2c: {type: oauth2, flows: {authorizationCode: {authorizationUrl: 'https://a.example/auth', tokenUrl: 'https://a.example/token', scopes: {}}}}
        login: {type: http, scheme: basic}
        registry: {type: apiKey, in: header, name: authorization}
        tenant: {type: apiKey, in: header, name: X-Tenant}
    security: [{Oauth2: [], Oauth2c: []}]
    paths:
      /a: {get: {operationId: getA, responses: {'204': {description: ok}}}}
      /b: {get: {operationId: getB, security: [{Oauth2: [], Oauth2c: []}], responses: {'204': {description: ok}}}}
      /c: {get: {operationId: getC, security: [{login: [], registry: [], tenant: []}], responses: {'204': {description: ok}}}}
    """,
    )
    api, found = build(load(spec), Config(spec=spec, package="pkg"))
    warned = [(d.message, d.location.pointer) for d in found if d.message.startswith("security requirement")]
    assert warned == [
        ("security requirement: 'Oauth2' and 'Oauth2c' both go in the Authorization header, which holds one value: read as either", "/security/0"),
        ("security requirement: 'login' and 'registry' both go in the Authorization header, which holds one value: read as either", "/paths/~1c/get/security/0"),
    ]
    assert api.security is not None and api.security.default_repr == '(("Oauth2",), ("Oauth2c",))'
    assert [a.name for a in api.security.arguments] == ["access_token", "username", "password", "registry", "tenant"]  # (two keys together: named after their schemes)
    sent = {op.path: dict(op.request_kwargs).get("security") for op in api.operations}
    assert sent == {"/a": None, "/b": None, "/c": '(("login", "tenant"), ("registry", "tenant"))'}  # (None: the default)
    mock = for_mock_servers(load(spec).data)  # Prism asks for what the client sends
    assert mock["security"] == [{"Oauth2": []}, {"Oauth2c": []}]
    assert mock["paths"]["/c"]["get"]["security"] == [{"login": [], "tenant": []}, {"registry": [], "tenant": []}]


def test_a_relative_token_url_follows_the_server_the_client_uses(tmp_path: Path) -> None:
    """OpenAPI reads a relative `tokenUrl` against the server in use: a server variable or
    `base_url` moved the API's calls but not the token's (fetched from the default server)."""
    spec = spec_of(
        tmp_path,
        """
    servers: [{url: 'https://{region}.example.com/api/', variables: {region: {default: us, enum: [us, eu]}}}]
    components:
      securitySchemes:
        cc: {type: oauth2, flows: {clientCredentials: {tokenUrl: oauth/token, scopes: {}}}}
    security: [{cc: []}]
    paths:
      /x: {get: {operationId: getX, responses: {'204': {description: ok}}}}
      /oauth/token:  # (the API's own operation there: the generated tests told its calls from the client's)
        post:
          security: []
          requestBody:
            content: {application/x-www-form-urlencoded: {schema: {type: object, required: [grant_type], properties: {grant_type: {type: string}}}}}
          responses: {'200': {description: ok, content: {application/json: {schema: {type: object}}}}}
    """,
    )
    out = tmp_path / "out"
    assert generate(spec, out, "rel") == 0
    code = (
        "import httpx2\nfrom rel import Client\nseen = []\n"
        "def answer(request):\n"
        "    seen.append(str(request.url))\n"
        "    return httpx2.Response(200, json={'access_token': 't'}) if 'token' in request.url.path else httpx2.Response(204)\n"
        "for given in ({'region': 'eu'}, {'base_url': 'https://staging.example.com/v2/'}):\n"
        "    Client(client_id='i', client_secret='s', http_client=httpx2.Client(transport=httpx2.MockTransport(answer)), **given).x.list()\n"
        "print(seen)\n"
    )
    assert run_client(out, code) == str(
        ["https://eu.example.com/api/oauth/token", "https://eu.example.com/api/x", "https://staging.example.com/v2/oauth/token", "https://staging.example.com/v2/x"]
    )
    tests = run_generated_tests(out, "-k", "not prism")
    assert tests.returncode == 0, tests.stdout[-2000:]


def test_an_argument_named_like_an_api_key_wins_in_the_query_as_in_a_header(tmp_path: Path) -> None:
    """A document that declares its keys as parameters too: the call's argument was sent in
    a header, the client's key in the query."""
    spec = spec_of(
        tmp_path,
        """
    components:
      securitySchemes:
        qk: {type: apiKey, in: query, name: key}
        hk: {type: apiKey, in: header, name: X-Key}
    security: [{qk: [], hk: []}]
    paths:
      /x:
        get:
          operationId: getX
          parameters:
            - {name: key, in: query, schema: {type: string}}
            - {name: X-Key, in: header, schema: {type: string}}
          responses: {'204': {description: ok}}
    """,
    )
    out = tmp_path / "out"
    assert generate(spec, out, "dup") == 0
    code = (
        "import httpx2\nfrom dup import Client\nseen = []\n"
        "client = Client(qk='Q', hk='H', base_url='http://h', http_client=httpx2.Client(transport=httpx2.MockTransport(lambda r: seen.append(r) or httpx2.Response(204))))\n"
        "client.x.list(key='k2', x_key='h2'); client.x.list()\n"
        "print([(dict(r.url.params), r.headers['x-key']) for r in seen])\n"
    )
    assert run_client(out, code) == str([({"key": "k2"}, "h2"), ({"key": "Q"}, "H")])
