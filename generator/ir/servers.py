"""The base URL, its variables as client options, and servers given per path or operation."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from generator.ir import model, names
from generator.ir.html_to_markdown import doc_text
from generator.quoting import literal

_TAKEN = frozenset({"base_url", "timeout", "max_retries", "default_headers", "http_client", "self"})


def server_variables(server: Any, taken: set[str]) -> tuple[model.ServerVariable, ...]:
    """The first server's variables, each a keyword argument of the client with its default."""
    variables = server.get("variables") if isinstance(server, dict) else None
    out = []
    for wire, spec in (variables.items() if isinstance(variables, dict) else ()):
        spec = spec if isinstance(spec, dict) else {}
        name = names.identifier(names.snake(str(wire)))
        while name in taken or name in _TAKEN:
            name += "_"
        taken.add(name)
        choices = [str(v) for v in spec.get("enum") or [] if isinstance(v, (str, int, float))]
        annotation = "Literal[" + ", ".join(literal(c) for c in choices) + "]" if choices else "str"
        description = doc_text(spec.get("description"))
        out.append(model.ServerVariable(name, literal("{" + str(wire) + "}"), annotation, literal(_default(spec)), description))
    return tuple(out)


def _default(variable: Any) -> str:
    """A server variable's default as it goes into the URL: "" for none, or for one that is no
    plain value (the validator says so; `{'$ref': '#'}` in a port made a URL no client takes)."""
    default = variable.get("default", "") if isinstance(variable, dict) else ""
    return str(default) if isinstance(default, (str, int, float)) else ""


def unusable(url: str | None) -> str | None:
    """What makes a server's URL (`substituted`'s) one no client can send a request to (httpx2
    refuses it): a control character, a port that is no number. None when nothing does."""
    if url is None:
        return None
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return "a control character"
    authority = url.split("://", 1)[1].split("/", 1)[0] if "://" in url else ""
    port = authority.rsplit("@", 1)[-1].rpartition("]")[2].partition(":")[2]
    return f"port {port!r}, which is no number" if port and not port.isdigit() else None


def substituted(server: Any) -> str | None:
    """A server's URL with its variables' defaults."""
    if not isinstance(server, dict) or not isinstance(server.get("url"), str):
        return None
    url = str(server["url"])
    variables = server.get("variables")
    for var, spec in (variables.items() if isinstance(variables, dict) else ()):
        url = url.replace("{" + str(var) + "}", _default(spec))
    return url


def own_server(node: dict[str, Any], item: Any, base_url: str) -> str | None:
    """The server an operation (else its path item) names instead of the API's, as an
    absolute URL; None when it names none."""
    for holder in (node, item):
        servers = holder.get("servers") if isinstance(holder, dict) else None
        if isinstance(servers, list) and servers:
            url = substituted(servers[0])
            if url is not None and unusable(url) is None:
                return urljoin(base_url.rstrip("/") + "/", url) if not url.startswith(("http://", "https://")) else url
    return None
