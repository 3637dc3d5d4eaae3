"""Security schemes into client arguments and credentials; each operation's security.

Each scheme asks the caller for what it needs: an API key or bearer token (`api_key`; also
the token of another HTTP scheme, `Authorization: Token <key>`),
`username` and `password` (HTTP basic), `client_id` and `client_secret` (OAuth 2 client
credentials: the token is fetched), or an `access_token` (other OAuth 2 flows, OpenID
Connect). Schemes of one kind share their argument (the same key, in a header or the query),
unless an operation needs two of them at once: then each is named after its scheme. Each
argument may also come from an environment variable (`[tool.clientsmith] auth_env`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from typing import Any

from generator.ir import model, names
from generator.ir.routes import Route
from generator.ir.styles import is_field_name
from generator.quoting import literal

Security = tuple[tuple[str, ...], ...]  # alternatives, each a set of schemes used together

# HTTP schemes whose credentials are not a token the client holds: a challenge answered, a
# signature made per request (RFC 7235's registry, and AWS's); any other scheme name (Bearer,
# `Token`, Okta's `SSWS`) is sent as `Authorization: <scheme> <api_key>`.
_CHALLENGED = frozenset({"digest", "hoba", "mutual", "negotiate", "oauth", "scram-sha-1", "scram-sha-256", "aws4-hmac-sha256"})
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9a-z-]+")  # what an HTTP auth scheme's name may be

_ARGUMENTS = {"api_key": ("api_key",), "basic": ("username", "password"), "client": ("client_id", "client_secret"), "token": ("access_token",)}


def build_security(
    spec: dict[str, Any],
    routes: list[Route],
    env: Mapping[str, str],
    warn: Any,
) -> tuple[model.Security | None, dict[str, str | None]]:
    """The client's security, and each operation's `security=` argument (None: the default)."""
    declared = spec.get("components", {}).get("securitySchemes") if isinstance(spec.get("components"), dict) else None
    declared = declared if isinstance(declared, dict) else {}
    kinds = {name: kind for name, scheme in declared.items() if (kind := _kind(scheme)) is not None}
    for name, scheme in declared.items():
        if name in kinds:
            continue
        if _unsendable_name(scheme):
            where = scheme["in"]
            warn(f"security scheme {name!r}: {where} name {scheme['name']!r} is no {where} name HTTP allows, so no request can carry it: its operations are called without it", ("components", "securitySchemes", name))
        else:
            warn(f"security scheme {name!r} ({_described(scheme)}) is not supported: its operations are called without it", ("components", "securitySchemes", name))
    shared = _SharedPlaces(declared, warn)
    default = _security(spec.get("security"), kinds, shared, ("security",))
    per_route = {r.key: _security(r.node["security"], kinds, shared, (*map(str, r.pointer), "security")) if "security" in r.node else default for r in routes}
    used = sorted({name for security in [default, *per_route.values()] for alternative in security for name in alternative})
    if not used:
        return None, {r.key: None for r in routes}
    arguments = _argument_names(used, kinds, [default, *per_route.values()])
    schemes = tuple(_scheme(name, declared[name], kinds[name], arguments[name]) for name in used)
    first = [name for alternative in default for name in alternative]  # the default's arguments first
    names_in_order = list(dict.fromkeys(a for name in [*first, *used] for a in arguments[name]))
    auth_arguments = tuple(model.AuthArgument(a, literal(env[a]) if a in env else None, _example(a)) for a in names_in_order)
    uniform = all(s == default for s in per_route.values())
    hints = {name: _hint(arguments[name], env) for name in used}
    only_key = names_in_order == ["api_key"]
    missing = f"No API key: pass {hints[used[0]]}" if only_key else "No credentials: pass " + " or ".join(" and ".join(hints[n] for n in alt) for alt in default)
    missing += "" if missing.endswith("...") else "."
    security = model.Security(
        arguments=auth_arguments,
        schemes=schemes,
        default_repr=_repr(default),
        uniform=uniform,
        check_at_start=uniform and bool(default) and all(default),
        missing_message_repr=literal(missing),
        hints=tuple((literal(n), literal(h)) for n, h in hints.items()),
        test_arguments=tuple(f"{a.name}={literal(a.example)}" for a in auth_arguments),
        token_urls=tuple(sorted({s.token_url for s in schemes if s.token_url})),
    )
    return security, {key: None if s == default else _repr(s) for key, s in per_route.items()}


def supported(schemes: Any) -> set[str]:
    """The names of the declared schemes (`components.securitySchemes`) the client can meet."""
    return {name for name, scheme in schemes.items() if _kind(scheme) is not None} if isinstance(schemes, dict) else set()


def _kind(scheme: Any) -> str | None:
    if not isinstance(scheme, dict):
        return None
    kind = scheme.get("type")
    if kind == "apiKey" and scheme.get("in") in ("header", "query", "cookie") and isinstance(scheme.get("name"), str):
        return None if _unsendable_name(scheme) else "api_key"
    if kind == "http":
        http = str(scheme.get("scheme", "")).lower()
        if http == "basic":
            return "basic"
        return "api_key" if _TOKEN.fullmatch(http) and http not in _CHALLENGED else None  # bearer, or `Token`, `SSWS`...
    if kind == "oauth2":
        flows = scheme.get("flows")
        client = flows.get("clientCredentials") if isinstance(flows, dict) else None
        return "client" if isinstance(client, dict) and isinstance(client.get("tokenUrl"), str) else "token"
    return "token" if kind == "openIdConnect" else None


def _unsendable_name(scheme: dict[str, Any]) -> bool:
    """An API key in a header or cookie whose name HTTP does not allow (rapidapi's
    `ADVICEment API Key`): httpx2 refuses every request that carries it."""
    return scheme.get("in") in ("header", "cookie") and isinstance(scheme.get("name"), str) and not is_field_name(scheme["name"])


def _described(scheme: Any) -> str:
    if not isinstance(scheme, dict):
        return "not an object"
    return " ".join(str(scheme[k]) for k in ("type", "scheme", "in") if isinstance(scheme.get(k), str)) or "no type"


def _security(requirements: Any, kinds: dict[str, str], shared: _SharedPlaces, at: tuple[str, ...]) -> Security:
    """Alternatives of supported schemes; one naming an unknown scheme cannot be met here."""
    if not isinstance(requirements, list):
        return ()
    out: list[tuple[str, ...]] = []
    for i, requirement in enumerate(requirements):
        if isinstance(requirement, dict) and all(name in kinds for name in requirement):
            out += shared.split(tuple(sorted(requirement)), (*at, str(i)))
    return tuple(dict.fromkeys(out))


class _SharedPlaces:
    """Schemes required together that put their credentials in one place: Google's two
    OAuth 2 flows (`{Oauth2: [...], Oauth2c: [...]}`, 260 documents of the directory), a
    basic login beside an API key in `Authorization` (Azure's container registry). One
    header holds one value, so no request carries both: the client asked for both and sent
    the last. Read as alternatives, said once per set of schemes."""

    def __init__(self, declared: dict[str, Any], warn: Any) -> None:
        self.declared, self.warn, self.said = declared, warn, set[tuple[str, ...]]()

    def split(self, requirement: tuple[str, ...], at: tuple[str, ...]) -> list[tuple[str, ...]]:
        by_place = _by_place(requirement, self.declared)
        shared = [names for names in by_place.values() if len(names) > 1]
        if not shared:
            return [requirement]
        if requirement not in self.said:
            self.said.add(requirement)
            places = "; ".join(" and ".join(repr(n) for n in names) + f" both go in {_shown(_place(self.declared[names[0]]))}" for names in shared)
            self.warn(f"security requirement: {places}, which holds one value: read as either", at)
        return [tuple(sorted(choice)) for choice in itertools.product(*by_place.values())]


def alternatives(requirement: Mapping[str, Any], declared: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A requirement (scheme -> scopes) as the client reads it (`_SharedPlaces`): one per
    choice among the schemes that share a place, with the others beside each."""
    choices = itertools.product(*_by_place(sorted(requirement), declared).values())
    return [{name: requirement[name] for name in sorted(choice)} for choice in choices]


def _by_place(names: Any, declared: Mapping[str, Any]) -> dict[tuple[str, str], list[str]]:
    by_place: dict[tuple[str, str], list[str]] = {}
    for name in names:
        by_place.setdefault(_place(declared[name]), []).append(name)
    return by_place


def _place(scheme: dict[str, Any]) -> tuple[str, str]:
    """Where a scheme's credentials go: ("header", "authorization"), ("query", "key")..."""
    if scheme.get("type") == "apiKey":
        where, name = str(scheme["in"]), str(scheme["name"])
        return where, name.lower() if where == "header" else name
    return "header", "authorization"


def _shown(place: tuple[str, str]) -> str:
    where, name = place
    return "the Authorization header" if place == ("header", "authorization") else f"the {where} {'parameter' if where == 'query' else where} {name!r}"


def _argument_names(used: list[str], kinds: dict[str, str], securities: list[Security]) -> dict[str, tuple[str, ...]]:
    together = {(a, b) for security in securities for alt in security for a in alt for b in alt if a != b and kinds[a] == kinds[b]}
    out = {}
    for name in used:
        natural = _ARGUMENTS[kinds[name]]
        if any(pair[0] == name for pair in together):
            prefix = names.snake(name)
            natural = tuple(prefix if len(natural) == 1 else f"{prefix}_{arg}" for arg in natural)
        out[name] = tuple(names.identifier(a) for a in natural)
    return out


def _scheme(name: str, scheme: dict[str, Any], kind: str, arguments: tuple[str, ...]) -> model.Scheme:
    given = " and ".join(arguments)
    if kind == "api_key" and scheme.get("type") == "apiKey":
        expression = f"_auth.ApiKey({literal(scheme['name'])}, {literal(scheme['in'])}, {arguments[0]}) if {given} else None"
        return model.Scheme(literal(name), expression, None)
    if kind == "api_key" and str(scheme.get("scheme")).lower() != "bearer":  # `Authorization: Token <key>`
        return model.Scheme(literal(name), f"_auth.Bearer({arguments[0]}, {literal(scheme['scheme'])}) if {given} else None", None)
    if kind in ("api_key", "token"):
        return model.Scheme(literal(name), f"_auth.Bearer({arguments[0]}) if {given} else None", None)
    if kind == "basic":
        return model.Scheme(literal(name), f"_auth.Basic({', '.join(arguments)}) if {given} else None", None)
    flow = scheme["flows"]["clientCredentials"]
    scopes = " ".join(sorted(flow["scopes"])) if isinstance(flow.get("scopes"), dict) else ""
    url = flow["tokenUrl"]  # (a relative one: read against the client's base URL when used)
    expression = f"_auth.ClientCredentials({literal(url)}, {', '.join(arguments)}, {literal(scopes)}) if {given} else None"
    return model.Scheme(literal(name), expression, literal(url))


def _hint(arguments: tuple[str, ...], env: Mapping[str, str]) -> str:
    parts = [f"{a}=..." + (f" or set the environment variable {env[a]}" if a in env else "") for a in arguments]
    return " and ".join(parts)


def _example(argument: str) -> str:
    return {"username": "user", "password": "secret", "client_id": "client", "client_secret": "secret"}.get(argument, "test-" + argument.replace("_", "-"))


def _repr(security: Security) -> str:
    """A tuple literal: `(("a",), ("b", "c"))`."""
    alternatives = ["(" + ", ".join(literal(n) for n in alt) + ("," if len(alt) == 1 else "") + ")" for alt in security]
    return "(" + ", ".join(alternatives) + ("," if len(alternatives) == 1 else "") + ")"
