"""One operation of the spec as a method: arguments, the request it sends, what it returns."""

from __future__ import annotations

import json
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from typing import Any
from urllib.parse import quote

from generator.ir import model, names
from generator.ir.annotate import model_annotation, param_annotation, signature_annotation, union_of
from generator.ir.examples import ExampleMaker, json_default
from generator.ir.html_to_markdown import doc_text
from generator.ir.routes import ARGUMENT, Route
from generator.ir.schemas import ClassDef, child
from generator.ir.styles import body_kind, parameter_schema, parameter_style
from generator.ir.types import ClassRef, ListOf, Lit, Nullable, Prim, Type, UnionOf, class_refs, named_keys, strip
from generator.pointers import parts_of
from generator.quoting import literal

_STREAM_ARG = "stream"


@dataclass
class OpTypes:
    """What one operation needs from the types: filled while its schemas are converted."""

    route: Route
    context: str  # PascalCase name for classes made inline in this operation
    params: list[tuple[dict[str, Any], str, Type]] = field(default_factory=list)  # (param, pointer, type)
    body_type: Type | None = None
    body_pointer: str = ""
    body_schema: Any = None
    body_required: bool = False
    body_kind: str = "json"  # json, multipart, form (urlencoded), text or binary
    content_type: str | None = None  # the media type sent, where it is not httpx2's default
    content_types: tuple[str, ...] = ()  # a text or binary body's media types, where it offers several
    form_styles: dict[str, tuple[str, bool]] = field(default_factory=dict)  # urlencoded fields not in form style, exploded
    part_types: dict[str, str] = field(default_factory=dict)  # multipart fields sent as one part of this content type
    security_repr: str | None = None  # the operation's security, where it is not the API's default
    server_repr: str | None = None  # the server the operation (or its path) names instead of the API's
    json_pointer: str = ""  # multipart, but JSON is offered too: its schema (sent when no file is given)
    response: Type | None = None
    response_kind: str = "json"  # json, binary, text, stream, none
    status: int = 200
    bodiless_too: bool = False  # a success without a body (204) is declared beside `status`'s
    response_example: Any = None  # the document's, or made from `response_example_of` (schema, pointer)
    response_example_of: tuple[Any, str] | None = None
    stream_item: Type | None = None  # the events of a text/event-stream response
    other_answers: tuple[tuple[int | str, Type], ...] = ()  # other 2xx codes' (and `2XX`'s) JSON answers of other types
    accept: str | None = None  # the Accept header, when the answer is not JSON
    link_header: bool = False  # the answer declares a `Link` header (RFC 8288's `rel="next"`: GitHub's pages)


# What the passes after conversion read of an operation's types (ir/build.py), kept beside
# its conversion unit: the keys of the classes and aliases a request names (body and
# parameters), and those all its types name.
OpLinks = tuple[tuple[str, ...], tuple[str, ...]]


def op_links(o: OpTypes) -> OpLinks:
    sent = [t for t in (o.body_type, *(t for _, _, t in o.params)) if t is not None]
    received = [t for t in (o.response, o.stream_item, *(t for _, t in o.other_answers)) if t is not None]
    keys = [named_keys(t) for t in sent]
    return tuple(sorted(set().union(*keys))), tuple(sorted(set().union(*keys, *(named_keys(t) for t in received))))


@dataclass
class _Arguments:
    positional: list[model.Argument] = field(default_factory=list)
    keyword: list[model.Argument] = field(default_factory=list)
    query: list[tuple[str, str]] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)
    cookies: list[tuple[str, str]] = field(default_factory=list)
    body: list[tuple[str, str]] = field(default_factory=list)
    raw_body: str | None = None  # a body that is not an object: passed as one argument
    content_type: str = ""  # the argument that names the body's media type, where the spec gives a range (image/*)
    path_args: dict[str, str] = field(default_factory=dict)
    unsendable: str | None = None  # why no call can be made, as the document stands
    required_call: dict[str, Any] = field(default_factory=dict)
    full_call: dict[str, Any] = field(default_factory=dict)
    reserved: Container[str] = names.RESERVED_ARGUMENTS  # shared by every operation: not copied
    taken: set[str] = field(default_factory=set)  # this operation's own

    def claim(self, wire: str, suffix: str) -> str:
        name = names.identifier(wire if wire.isidentifier() else names.snake(wire))
        if name in self.taken or name in self.reserved:
            name = f"{name}_{suffix}"
        self.taken.add(name)
        return name


class OperationMaker:
    def __init__(
        self,
        classes: Mapping[str, ClassDef],
        class_name: Callable[[str], str],
        param_name: Callable[[str], str],
        examples: ExampleMaker,
        reserved: Container[str],
        same_routes: Container[str],
        warn: Callable[[str, tuple[str, ...]], None],
    ) -> None:
        self.warn = warn
        self.same_routes = same_routes  # their tests name the one they mean, for the mock
        self.classes = classes
        self.class_name = class_name
        self.param_name = param_name
        self.examples = examples
        self._reserved = reserved  # argument names that would hide a model (reserved_arguments)

    def operation(self, ops: OpTypes) -> model.Operation:
        route = ops.route
        args = _Arguments(reserved=self._reserved)
        self._parameters(ops, args)
        body_param_type = self._body(ops, args)
        args.keyword.sort(key=lambda a: a.default is not None)  # required keywords first, for reading
        cursor_item = self._page_item(ops)
        link = self._link_page(ops) if cursor_item is None else None  # (each page kind found once, for both uses)
        returns, async_returns, cast_to, extra, async_extra = self._returns(ops, cursor_item, link)
        prelude = self._warnings(route, args)
        body_expr = args.raw_body
        if body_param_type:
            body_expr = f"validate_params({body_param_type}, {_dict_expr(args.body) or '{}'})"  # {}: all readOnly
            if not ops.body_required and ops.body_kind in ("json", "form", "multipart"):
                body_expr += " or None"  # an optional body left out: none is sent
        request: list[tuple[str, str | None]] = [("params", _dict_expr(args.query)), ("headers", _dict_expr(args.headers))]
        if ops.body_kind == "multipart" and body_expr:
            prelude.append(f"request_body = {body_expr}")
            files = "form_files(request_body) or None" if ops.json_pointer else "form_files(request_body)"
            request += [("json", "form_fields(request_body)"), ("files", files)]
        else:
            request.append((_BODY_ARGUMENT[ops.body_kind], body_expr))
        if ops.form_styles and body_expr:
            request.append(("form_styles", "{" + ", ".join(f"{literal(k)}: ({literal(st)}, {ex})" for k, (st, ex) in ops.form_styles.items()) + "}"))
        if ops.part_types and body_expr:
            request.append(("part_types", "{" + ", ".join(f"{literal(k)}: {literal(media)}" for k, media in ops.part_types.items()) + "}"))
        if args.content_type and body_expr:
            request.append(("content_type", args.content_type))
        elif ops.content_type and body_expr:
            request.append(("content_type", literal(ops.content_type)))
        if ops.security_repr is not None:
            request.append(("security", ops.security_repr))
        if ops.server_repr is not None:
            request.append(("server", ops.server_repr))
        kwargs = tuple((k, v) for k, v in request if v)
        streams = ops.response_kind == "stream" and ops.stream_item is not None
        returned = ops.stream_item if streams else ops.response
        response = strip(returned) if returned is not None else None
        paged = link[0] if link is not None else cursor_item  # (a page's items)
        if paged is not None:
            response = strip(paged)
        returns_classes = tuple(self.class_name(m.key) for m in _classes_of(response)) if streams or paged is not None or not extra else ()
        chain = route.resource
        route_hint = (f"extra_headers={{{literal(ROUTE_HEADER)}: {literal(route.path)}}}",) if route.key in self.same_routes else ()
        accessor = "client." + ".".join(names.resource_attribute(chain[: i + 1]) for i in range(len(chain))) + "." + route.method_name
        return model.Operation(
            key=route.key,
            method_name=route.method_name,
            http_method=route.method,
            path=str(route.pointer[1]),  # as the document writes it, fixed query included
            path_expr=_path_expr(route.path, args.path_args),
            docstring=_docstring(route, [*args.positional, *args.keyword]),
            positional=tuple(args.positional),
            keyword=tuple(args.keyword),
            overloads=self._overloads(ops, args, returns),
            prelude=tuple(prelude),
            body_param_type=body_param_type,
            request_kwargs=kwargs + extra,
            async_request_kwargs=kwargs + async_extra,
            returns_classes=returns_classes,
            return_annotation=returns,
            async_return_annotation=async_returns,
            cast_to=cast_to,
            deprecated=bool(route.node.get("deprecated")),
            test_name="_".join([*route.resource, route.method_name]),
            required_call=f"{accessor}({', '.join(_call_args(args.positional, args.required_call))})",
            full_call=f"{accessor}({', '.join(_call_args(args.positional, args.full_call))})",
            accessor=accessor,
            required_args=_call_args(args.positional, args.required_call) + route_hint,
            full_args=_call_args(args.positional, args.full_call) + route_hint,
            result_check=_result_check(returns_classes, returns, ops.bodiless_too, streams, paged is not None),
            required_call_warns=_warns(route, args, args.required_call),
            full_call_warns=_warns(route, args, args.full_call),
            unsendable=args.unsendable,
            streams=streams,
            shadowed_by=route.shadowed_by,
        )

    # -- arguments ----------------------------------------------------------------------

    def _parameters(self, ops: OpTypes, args: _Arguments) -> None:
        for wire, value in ops.route.fixed_query:
            args.query.append((literal(wire), literal(value)))
        if ops.accept:
            args.headers.append((literal("Accept"), literal(ops.accept)))
        shared = self._shared_query_keys(ops)
        for param, ptr, t in sorted(ops.params, key=lambda p: p[0].get("in") != "path"):
            where, wire = str(param.get("in")), str(param["name"])
            required = bool(param.get("required")) or where == "path"
            fixed = _constant(param, t)
            if fixed is not _NOT_CONSTANT:
                if where == "path":
                    args.path_args[wire] = f"path_param({literal(fixed)}{_path_style(param, wire)})"
                else:
                    (args.headers if where == "header" else args.query).append((literal(wire), literal(fixed)))
                continue
            name = args.claim(str(param.get(ARGUMENT, wire)), where)
            own = param.get("description") if isinstance(param.get("description"), str) else None  # (else the validator's warning)
            described = doc_text(own or _get(parameter_schema(param)[0], "description")) or f"The `{wire}` {where} parameter."
            arg = self._argument(name, t, required, described, bool(param.get("deprecated")))
            schema, media = parameter_schema(param)
            schema_ptr = child(ptr, "content", media, "schema") if media else child(ptr, "schema")
            dotless = where == "path" and f"{{{wire}}}." in ops.route.path
            # (a piece of path after a `/`, as every one the directory has is: `/{scope}/providers`)
            reserved = where == "path" and f"/{{{wire}}}" in ops.route.path and (param.get("allowReserved") is True or param.get("x-ms-skip-url-encoding") is True)
            example = self.examples.parameter_value(schema, schema_ptr, where == "path", None if media else param, dotless, reserved)
            style = parameter_style(param, where)
            if where == "path":
                if args.unsendable is None and _sends_nothing(example, style):
                    args.unsendable = f"path parameter {wire!r} has no value a client can send (its schema allows only an empty one: no items, or read-only properties only): the method raises ValueError"
                    self.warn(args.unsendable, tuple(map(str, parts_of(schema_ptr) or ())))
                args.positional.append(arg)
                extra = _path_style(param, wire)
                if reserved:
                    extra += ", reserved=True"  # a piece of path (Azure's `scope`): its `/` stays
                args.path_args[wire] = f"path_param({name}{extra})"
                args.required_call[name] = args.full_call[name] = example
                continue
            if shared and where == "query" and style is None and isinstance(example, dict):
                example = {k: v for k, v in example.items() if k not in shared}
            args.keyword.append(arg)
            value = name if style is None else f"styled({name}, {literal(style[0])}, {style[1]})"
            {"header": args.headers, "cookie": args.cookies}.get(where, args.query).append((literal(wire), value))
            args.full_call[name] = example
            if required:
                args.required_call[name] = example
        if args.cookies:
            args.headers.append((literal("Cookie"), f"cookies({_dict_expr(args.cookies)})"))

    def _shared_query_keys(self, ops: OpTypes) -> set[str]:
        """The query keys two parameters send, said once per operation. An object of form
        style, exploded (the default), sends each property as a parameter of its own: two
        that share a property name (sinao's `columns` and `discount`, both with `amount`) send
        one key twice, which no server tells apart (Prism read it into both and refused every
        call), nor one of them and a constant the method sends (AWS's `Version` beside
        elasticbeanstalk's `Tier` object, which has a `Version`). The test values leave such
        keys out."""
        senders: dict[str, list[str]] = {}
        for param, _, t in ops.params:
            if param.get("in") != "query":
                continue
            wire, shape = str(param["name"]), strip(t)
            exploded = _constant(param, t) is _NOT_CONSTANT and parameter_style(param, "query") is None and isinstance(shape, ClassRef)
            for key in [p.wire for p in self.classes[shape.key].props] if exploded and isinstance(shape, ClassRef) else [wire]:
                senders.setdefault(key, []).append(wire)
        shared = {key: who for key, who in senders.items() if len(who) > 1}
        if shared:
            key, who = next(iter(shared.items()))
            names = " and ".join(map(repr, who)) if len(who) == 2 else ", ".join(map(repr, who[:-1])) + f" and {who[-1]!r}"
            more = "" if len(shared) == 1 else f" (and {len(shared) - 1} more key{'s' if len(shared) > 2 else ''})"
            self.warn(f"query parameters {names} {'both' if len(who) == 2 else 'all'} send {key!r}{more}: an object of form style, exploded, sends each property as a parameter, and a server cannot tell them apart", (*map(str, ops.route.pointer), "parameters"))
        return set(shared)

    def _body(self, ops: OpTypes, args: _Arguments) -> str | None:
        """The body's properties become arguments; returns the TypedDict that checks them.
        A text or binary body is one argument, `body`."""
        if ops.body_kind in ("text", "binary"):
            name = args.claim("body", "body")
            annotation = "str" if ops.body_kind == "text" else "BinaryContent"
            example: Any = b"\x00binary"
            described = f"The request body ({ops.content_type or _sent_media(ops)})."
            if ops.body_kind == "text":  # of its schema where that is a string's (conjur's has a length)
                made = self.examples.value(ops.body_schema, ops.body_pointer, full=True, writer="client")
                example = made if isinstance(made, str) else "text"
            elif body_kind(ops.content_type or "") == "multipart":  # a form the caller encodes (its schema no object)
                example = _ENCODED_FORM
                described = f"The request body ({ops.content_type}), encoded: its first line gives the boundary."
            required = ops.body_required
            args.keyword.append(model.Argument(name, annotation if required else f"{annotation} | NotGiven", None if required else "NOT_GIVEN", described, False))
            args.raw_body = name
            args.full_call[name] = example
            if required:
                args.required_call[name] = example
            if ops.content_type and "*" in ops.content_type:  # a range: the caller names the type
                self._content_type_argument(ops, args)
            elif len(ops.content_types) > 1:  # several: the caller picks one
                self._content_type_choice(ops, args)
            return None
        if ops.body_type is None:
            return None
        key = getattr(strip(ops.body_type), "key", "")
        body_cls = self.classes.get(key)
        required_example = self.examples.value(ops.body_schema, ops.body_pointer, full=False, writer="client")
        full_example = self.examples.value(ops.body_schema, ops.body_pointer, full=True, writer="client")
        if body_cls is None or not body_cls.props:
            name = args.claim("body", "body")
            args.keyword.append(self._argument(name, ops.body_type, ops.body_required, doc_text(_get(ops.body_schema, "description")) or "The request body.", False))
            args.raw_body = name
            if class_refs(ops.body_type):  # (a union of classes, a list of them: models in it become their fields)
                args.raw_body = f"validate_body({param_annotation(ops.body_type, self.class_name, self.param_name, models=False)}, {name})"
            args.full_call[name] = full_example
            if ops.body_required:
                args.required_call[name] = required_example
            return None
        for prop in body_cls.props:
            if prop.read_only:  # the server's to write
                continue
            name = args.claim(prop.wire, "body")
            described = prop.description or f"The request body's `{prop.wire}`."
            args.keyword.append(self._argument(name, prop.type, prop.required, described, prop.deprecated))
            args.body.append((literal(prop.wire), name))
            if isinstance(full_example, dict) and prop.wire in full_example:
                args.full_call[name] = full_example[prop.wire]
            # the required example also holds one of `anyOf: [{required: [a]}, {required: [b]}]`
            if isinstance(required_example, dict) and prop.wire in required_example:
                args.required_call[name] = required_example[prop.wire]
        if ops.stream_item is not None and _STREAM_ARG in args.full_call:
            args.full_call[_STREAM_ARG] = False  # the all-arguments test expects the JSON answer
        return self.param_name(body_cls.key)

    def _content_type_argument(self, ops: OpTypes, args: _Arguments) -> None:
        assert ops.content_type is not None
        name = args.claim("content_type", "body")
        kind, _, sub = ops.content_type.partition("/")
        default = literal("application/octet-stream") if kind == "*" else None
        text = f"The body's media type, within {ops.content_type}."
        args.keyword.append(model.Argument(name, "str", default, text, False))
        example = f"{kind}/{_EXAMPLE_SUBTYPES.get(kind, 'octet-stream')}" if kind != "*" else "application/octet-stream"
        args.full_call[name] = example
        if default is None:
            args.required_call[name] = example
        args.content_type = name

    def _content_type_choice(self, ops: OpTypes, args: _Arguments) -> None:
        """`content_type`, one of the body's media types (`image/png` or `image/jpeg`); the
        first by default."""
        name = args.claim("content_type", "body")
        offered = ", ".join(literal(m) for m in ops.content_types)
        args.keyword.append(model.Argument(name, f"Literal[{offered}]", literal(ops.content_types[0]), "The body's media type.", False))
        args.full_call[name] = ops.content_types[0]
        args.content_type = name

    def _argument(self, name: str, t: Type, required: bool, description: Any, deprecated: bool) -> model.Argument:
        annotation = signature_annotation(t, self.class_name, self.param_name)
        text = description.strip() if isinstance(description, str) and description.strip() else None
        if required:
            return model.Argument(name, annotation, None, text, deprecated)
        return model.Argument(name, f"{annotation} | NotGiven", "NOT_GIVEN", text, deprecated)

    def _warnings(self, route: Route, args: _Arguments) -> list[str]:
        out = []
        if route.node.get("deprecated"):
            message = literal(f"{route.method.upper()} {route.path} is deprecated")
            out.append(f"warnings.warn({message}, DeprecationWarning, stacklevel=2)")
        for arg in args.keyword:
            if arg.deprecated:
                message = literal(f"the argument {arg.name!r} is deprecated")
                given = f"not isinstance({arg.name}, NotGiven)" if arg.default else "True"
                out.append(f"if {given}:\n    warnings.warn({message}, DeprecationWarning, stacklevel=2)")
        return out

    # -- what comes back ----------------------------------------------------------------

    def _returns(self, ops: OpTypes, page_item: Type | None, link_page: tuple[Type, tuple[str, str]] | None) -> tuple[str, str, str, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
        """(return annotation, async return annotation, cast_to, extra request kwargs, async ones)."""
        if ops.response_kind == "binary":
            return "bytes", "bytes", "bytes", (), ()
        if ops.response_kind == "text":
            return "str", "str", "str", (), ()
        if ops.response_kind == "stream" and ops.stream_item is not None:
            item = model_annotation(ops.stream_item, self.class_name, plain=True)
            cast = model_annotation(ops.stream_item, self.class_name)
            sync = (("stream", "True"), ("stream_cls", f"Stream[{cast}]"))
            asynchronous = (("stream", "True"), ("stream_cls", f"AsyncStream[{cast}]"))
            return f"Stream[{item}]", f"AsyncStream[{item}]", "None", sync, asynchronous
        if ops.response is None:
            return "None", "None", "None", (), ()
        plain = model_annotation(ops.response, self.class_name, plain=True)
        cast_to = model_annotation(ops.response, self.class_name)
        if page_item is not None:
            item_plain = model_annotation(page_item, self.class_name, plain=True)
            item_cast = model_annotation(page_item, self.class_name)
            return (f"SyncCursorPage[{item_plain}]", f"AsyncCursorPage[{item_plain}]", item_cast, (("page_cls", "SyncCursorPage"),), (("page_cls", "AsyncCursorPage"),))
        if link_page is not None:
            linked, fields = link_page
            item_plain = model_annotation(linked, self.class_name, plain=True)
            item_cast = model_annotation(linked, self.class_name)
            names = f"({literal(fields[0])}, {literal(fields[1])})"
            return (
                f"SyncLinkPage[{item_plain}]",
                f"AsyncLinkPage[{item_plain}]",
                item_cast,
                (("page_cls", "SyncLinkPage"), ("page_fields", names)),
                (("page_cls", "AsyncLinkPage"), ("page_fields", names)),
            )
        if ops.other_answers and ops.stream_item is None:  # the type by the status code answered
            answers = [(ops.status, ops.response), *ops.other_answers]
            kinds = [t.inner if isinstance(t, Nullable) else t for _, t in answers]
            plain = union_of(dict.fromkeys(model_annotation(t, self.class_name, plain=True) for t in kinds))
            plain += " | None" if any(isinstance(t, Nullable) for _, t in answers) else ""
            by_status = ", ".join(f"{literal(status)}: {model_annotation(t, self.class_name)}" for status, t in answers)
            return plain, plain, "{" + by_status + "}", (), ()
        if ops.stream_item is not None and self._has_stream_flag(ops):
            item = model_annotation(ops.stream_item, self.class_name, plain=True)
            stream_cast = model_annotation(ops.stream_item, self.class_name)
            sync = (("stream", f"{_STREAM_ARG} is True"), ("stream_cls", f"Stream[{stream_cast}]"))
            asynchronous = (("stream", f"{_STREAM_ARG} is True"), ("stream_cls", f"AsyncStream[{stream_cast}]"))
            return f"{plain} | Stream[{item}]", f"{plain} | AsyncStream[{item}]", cast_to, sync, asynchronous
        return plain, plain, cast_to, (), ()

    def _page_item(self, ops: OpTypes) -> Type | None:
        """A list endpoint with cursor pagination: `after` in, `data` and `has_more` out."""
        if ops.route.method != "get" or not any(p.get("name") == "after" and p.get("in") == "query" for p, _, _ in ops.params):
            return None
        response = strip(ops.response) if ops.response is not None else None
        if not isinstance(response, ClassRef):
            return None
        props = {p.wire: p for p in self.classes[response.key].props}
        data = strip(props["data"].type) if "data" in props else None
        if "has_more" not in props or not isinstance(data, ListOf):
            return None
        return data.item

    def _link_page(self, ops: OpTypes) -> tuple[Type, tuple[str, str]] | None:
        """A list whose answer links to the next page, as Azure's `x-ms-pageable` says
        (`nextLinkName`, and `itemName`, by default `value`): the item type, and the
        names of the items and of the link in the answer. A GET answering a JSON list with
        a `Link` header (GitHub's): `("", "Link")`, the items the answer itself."""
        listed = strip(ops.response) if ops.response is not None else None
        if ops.link_header and ops.route.method == "get" and isinstance(listed, ListOf) and not ops.other_answers and ops.stream_item is None and not ops.bodiless_too:
            return listed.item, ("", "Link")
        pageable = ops.route.node.get("x-ms-pageable")
        if not isinstance(pageable, dict) or not isinstance(pageable.get("nextLinkName"), str) or not pageable["nextLinkName"]:
            return None  # (a null nextLinkName: one page, the list whole)
        items = pageable.get("itemName", "value")
        response = strip(ops.response) if ops.response is not None else None
        if not isinstance(items, str) or not isinstance(response, ClassRef):
            return None
        props = {p.wire: p for p in self.classes[response.key].props}
        listed = strip(props[items].type) if items in props else None
        if not isinstance(listed, ListOf) or pageable["nextLinkName"] not in props:
            return None
        return listed.item, (items, pageable["nextLinkName"])

    def _has_stream_flag(self, ops: OpTypes) -> bool:
        key = getattr(strip(ops.body_type), "key", "") if ops.body_type is not None else ""
        body = self.classes.get(key)
        return body is not None and any(p.wire == _STREAM_ARG and strip(p.type) in (Prim("bool"),) for p in body.props)

    def _overloads(self, ops: OpTypes, args: _Arguments, returns: str) -> tuple[model.Overload, ...]:
        """`stream=True` returns a stream of events, anything else the JSON answer."""
        if " | Stream[" not in returns:
            return ()
        plain, _, item = returns.partition(" | Stream[")
        item = item[:-1]
        flag = next(a for a in args.keyword if a.name == _STREAM_ARG)
        rest = "".join(f" | {part}" for part in flag.annotation.split(" | ") if part in ("None", "NotGiven"))  # (as the method takes it)
        variants = [
            ("Literal[False]" + rest, flag.default, plain, plain),
            ("Literal[True]", None, f"Stream[{item}]", f"AsyncStream[{item}]"),
            ("bool" + rest, flag.default, returns, f"{plain} | AsyncStream[{item}]"),
        ]
        out = []
        for annotation, default, sync, asynchronous in variants:
            keyword = tuple(
                model.Argument(a.name, annotation, default, a.description, a.deprecated) if a.name == _STREAM_ARG else a
                for a in args.keyword
            )
            keyword = tuple(sorted(keyword, key=lambda a: a.default is not None))
            out.append(model.Overload(keyword, sync, asynchronous))
        return tuple(out)


def reserved_arguments(class_names: set[str]) -> frozenset[str]:
    """An argument named like a model (`Configuration`, an AWS path parameter) would hide the
    class from the method's own body, as one of the names the body uses would."""
    return frozenset(names.RESERVED_ARGUMENTS | class_names)


_NOT_CONSTANT = object()


def _constant(param: dict[str, Any], t: Type) -> object:
    """The value a required parameter of one enum value always has, which the method sends
    itself, as Azure's SDKs do (else _NOT_CONSTANT): AWS's `Version`, tomtom's
    `{versionNumber}` of `[2]`, bufferapp's `{mediaTypeExtension}` of `[".json"]`."""
    fixed = strip(t)
    if param.get("in") in ("header", "query", "path") and (param.get("required") or param.get("in") == "path") and isinstance(fixed, Lit) and len(fixed.values) == 1:
        return fixed.values[0]
    return _NOT_CONSTANT


def _path_style(param: dict[str, Any], wire: str) -> str:
    """The arguments after the value that `path_param` takes for the parameter's style."""
    style = parameter_style(param, "path")
    return "" if style is None else f", {literal(style[0])}, {style[1]}" + (f", {literal(wire)}" if style[0] == "matrix" else "")


def _constants(ops: OpTypes, where: str) -> list[tuple[str, str]]:
    """The query or header pairs every call sends: the path's fixed query, the constant
    parameters (AWS tells operations of one path apart by an `X-Amz-Target` header)."""
    pairs = list(ops.route.fixed_query) if where == "query" else []
    for param, _, t in ops.params:
        value = _constant(param, t) if param.get("in") == where else _NOT_CONSTANT
        if isinstance(value, str) or isinstance(value, int) and not isinstance(value, bool):
            pairs.append((str(param["name"]) if where == "query" else str(param["name"]).lower(), str(value)))
    return pairs


def test_case(ops: OpTypes, examples: ExampleMaker) -> dict[str, Any]:
    """What the generated tests' mock server needs to know of one operation."""
    required_headers = [str(p["name"]) for p, _, _ in ops.params if p.get("in") == "header" and p.get("required")]
    return {
        "method": ops.route.method,
        "path": ops.route.path,
        # the schema of a JSON body, which the mock checks; of other kinds, the media type
        # (none for a media type given without a schema: its pointer leads nowhere)
        "body_schema": (ops.json_pointer or None) if ops.body_kind == "multipart" else ops.body_pointer if ops.body_type is not None and ops.body_kind == "json" and ops.body_schema != {} else None,
        "body_media": _sent_media(ops) if ops.route.node.get("requestBody") and not ops.json_pointer else None,  # JSON or multipart: either
        "body_required": ops.body_required,
        "required_headers": required_headers,
        # what tells apart the operations of one path: `?op=open`, `X-Amz-Target: Logs.Create`
        "query": _constants(ops, "query"),
        "headers": _constants(ops, "header"),
        "status": ops.status,
        "response": examples.value(*ops.response_example_of, full=True, writer="server") if ops.response_example_of else ops.response_example,
        "kind": ops.response_kind,  # json, binary, text, stream (events) or none
    }


def case_json(case: dict[str, Any]) -> str:
    """A test case as tests/cases.json holds it, one level in: the file is the cases' JSON
    with one indent, each operation's written once (rendering the whole file with json's
    indenting encoder, which is pure Python, takes a second on a big client)."""
    return json.dumps(case, indent=1, ensure_ascii=False, sort_keys=True, default=json_default).replace("\n", "\n ")


def cases_json(cases: dict[str, str]) -> str:
    """tests/cases.json from each operation's `case_json`: what json.dumps of all the cases
    with indent=1 and sort_keys gives."""
    if not cases:
        return "{}\n"
    parts = ["{\n"]  # (one join of the parts: a big client's file is 15 MB, which each copy makes again)
    for key, text in sorted(cases.items()):
        parts += (" ", encode_basestring(key), ": ", text, ",\n")  # (json.dumps's for a key, without its dispatch)
    parts[-1] = "\n}\n"
    return "".join(parts)


ROUTE_HEADER = "X-Clientsmith-Route"  # which of the operations a server cannot tell apart a test calls
_EXAMPLE_SUBTYPES = {"image": "png", "audio": "mpeg", "video": "mp4", "text": "plain", "font": "woff2"}
_ENCODED_FORM = b'--clientsmith\r\nContent-Disposition: form-data; name="field"\r\n\r\nvalue\r\n--clientsmith--\r\n'
_BODY_ARGUMENT = {"json": "json", "form": "form", "text": "content", "binary": "content"}  # request()'s


def _sent_media(ops: OpTypes) -> str:
    defaults = {"json": "application/json", "form": "application/x-www-form-urlencoded", "multipart": "multipart/form-data"}
    return ops.content_type or defaults.get(ops.body_kind, "application/octet-stream")


def _sends_nothing(value: Any, style: tuple[str, bool] | None) -> bool:
    """Whether the client refuses `value` as a path segment (runtime/_utils.py's path_param:
    it would be empty): a list or object with nothing in it, unless label or matrix style
    marks it."""
    if style is not None and style[0] in ("label", "matrix"):
        return False
    return (isinstance(value, list) and not value) or (isinstance(value, dict) and all(v is None for v in value.values()))


def _warns(route: Route, args: _Arguments, call: dict[str, Any]) -> bool:
    return bool(route.node.get("deprecated")) or any(a.deprecated and a.name in call for a in args.keyword)


def _dict_expr(items: list[tuple[str, str]]) -> str | None:
    return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}" if items else None


def _path_expr(path: str, args: dict[str, str]) -> str:
    """`/a/{id}/b` -> `"/a/" + path_param(id) + "/b"` (`args`: each parameter's
    expression): spec text only ever as a literal."""
    parts: list[str] = []
    rest = path
    while "{" in rest and "}" in rest:
        before, _, tail = rest.partition("{")
        wire, _, rest = tail.partition("}")
        if before:
            parts.append(literal(_quote_path(before)))
        parts.append(args[wire] if wire in args else literal(_quote_path("{" + wire + "}")))
    if rest:
        parts.append(literal(_quote_path(rest)))
    return " + ".join(parts) if parts else literal("/")


def _quote_path(text: str) -> str:
    """Fixed path text as a URL path: `#` or `?` in a spec's path must not end the path."""
    return quote(text, safe="/:@!$&'()*+,;=-._~%")


def _docstring(route: Route, args: list[model.Argument]) -> str:
    node = route.node
    pieces = [p for p in map(doc_text, (node.get("summary"), node.get("description"))) if p]
    if len(pieces) == 2 and pieces[1].startswith(pieces[0]):
        pieces = pieces[1:]
    if not pieces:  # a summary line before the arguments, as the document has none
        pieces = [f"{route.method.upper()} {route.path}"]
    lines = ["Args:"]
    for a in args:
        if a.description:
            text = a.description.replace("\n", "\n    ")
            lines.append(f"  {a.name}: {text}")
    lines += [f"  {name}: {text}" for name, text in _REQUEST_OPTIONS]
    pieces.append("\n".join(lines))
    return "\n\n".join(pieces)


# The arguments every method takes after the operation's own, as the OpenAI SDK documents them.
_REQUEST_OPTIONS = (
    ("extra_headers", "Send extra headers."),
    ("extra_query", "Add additional query parameters to the request."),
    ("extra_body", "Add additional JSON properties to the request."),
    ("timeout", "Override the client's default timeout for this request, in seconds."),
)


def _call_args(positional: list[model.Argument], values: dict[str, Any]) -> tuple[str, ...]:
    args = [literal(values[a.name]) for a in positional]
    args += [f"{k}={literal(v)}" for k, v in values.items() if k not in {a.name for a in positional}]
    return tuple(args)


def _result_check(classes: tuple[str, ...], annotation: str, bodiless_too: bool = False, streams: bool = False, paged: bool = False) -> str:
    """What the generated test asserts of a call's result. Where a success without a body is
    declared beside the one the mock transport answers (osisoft's 204 and 207), Prism answers
    the first, and the result is None. A stream's events are each read (the async test
    collects them in a list); a page's items are those of its first page (the next one's
    link, in an example, leads nowhere)."""
    of = classes[0] if len(classes) == 1 else f"({', '.join(classes)})"
    # (a loop, not `all(...)`: its lines stay short, or split without black: linesplit.py)
    if paged:
        return f"for item in result.data:\n    assert isinstance(item, {of})" if classes else "assert isinstance(result.data, list)"
    if streams:
        return f"for event in result:\n    assert isinstance(event, {of})" if classes else "assert isinstance([*result], list)"
    if classes:
        return f"assert {'result is None or ' if bodiless_too else ''}isinstance(result, {of})"
    if annotation == "None":
        return "assert result is None"
    if annotation == "Any" or bodiless_too:  # a schema that says nothing: any JSON value, null among them
        return "assert isinstance(result, (dict, list, str, int, float, bool, type(None)))"
    return "assert result is not None"


def _classes_of(t: Type | None) -> tuple[ClassRef, ...]:
    """The classes a value of `t` is an instance of: its class, or each of a union of classes."""
    if isinstance(t, ClassRef):
        return (t,)
    if isinstance(t, UnionOf) and all(isinstance(m, ClassRef) for m in t.members):  # (a member that may be None: none)
        return tuple(m for m in t.members if isinstance(m, ClassRef))
    return ()


def _get(node: Any, key: str) -> Any:
    return node.get(key) if isinstance(node, dict) else None
