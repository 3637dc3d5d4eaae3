"""The intermediate model the templates read: plain frozen dataclasses, fully resolved.

Every string that came from the spec and ends up in code is already quoted here (`*_repr`
fields, annotations built from names the name rules produced); descriptions stay text and
reach code only through the docstring filter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.ir.annotate import identifiers


@dataclass(frozen=True)
class Field:
    name: str  # Python identifier
    wire_repr: str  # repr() of the JSON key
    aliased: bool
    annotation: str  # model side, `| None` included when the field may be absent
    default: str | None  # the model field's default expression, None when required
    param_annotation: str  # TypedDict side, `Required[...]` included
    required: bool
    description: str | None
    deprecated: bool
    in_request: bool  # not readOnly: a field of the TypedDict twin too


@dataclass(frozen=True)
class ModelClass:
    name: str
    param_name: str | None  # the TypedDict twin, when the schema is used in requests
    description: str | None
    fields: tuple[Field, ...]
    param_fields: tuple[Field, ...]  # the TypedDict twin's: without the readOnly ones
    closed: bool  # extra keys are rejected in requests
    functional_params: bool  # some key is not an identifier: TypedDict("Name", {...}) syntax
    deprecated: bool
    key: str = ""  # the schema's JSON pointer in the document (`clientsmith diff` says where)


@dataclass(frozen=True)
class TypeAlias:
    name: str
    annotation: str
    description: str | None
    key: str = ""  # the schema's JSON pointer in the document
    recursive: bool = False  # names itself: `TypeAliasType(name, "annotation")`, read lazily


@dataclass(frozen=True)
class TypesModule:
    name: str  # dotted under types/: `stores.orders.order`
    path: str  # under the package: `types/stores/orders/order.py`
    root: str  # the package's root as a relative import from the module: `....`
    classes: tuple[ModelClass, ...]
    aliases: tuple[TypeAlias, ...]
    models: int  # len(classes), for what counts them without reading them (a module kept by the memo is decoded when read)
    typing_imports: tuple[str, ...]
    typing_extensions_imports: tuple[str, ...]
    pydantic_imports: tuple[str, ...]
    models_imports: tuple[str, ...]  # of the runtime's _models: BaseModel, Tagged
    runtime_imports: tuple[str, ...]
    imports: tuple[tuple[str, tuple[str, ...]], ...]  # (relative module, names) imported at the top
    late_imports: tuple[tuple[str, tuple[str, ...]], ...]  # after the classes: import cycles


@dataclass(frozen=True)
class Argument:
    name: str
    annotation: str  # full, including "| NotGiven" when optional
    default: str | None  # "NOT_GIVEN" when optional
    description: str | None
    deprecated: bool


@dataclass(frozen=True)
class Overload:
    """One typed variant of a method (e.g. `stream=True` -> a stream of events)."""

    keyword: tuple[Argument, ...]
    return_annotation: str
    async_return_annotation: str


@dataclass(frozen=True)
class Operation:
    key: str  # operationId, or "METHOD /path" when the spec has none
    method_name: str
    http_method: str
    path: str  # the spec's path, for documentation only
    path_expr: str  # a Python expression that builds the path
    docstring: str | None
    positional: tuple[Argument, ...]
    keyword: tuple[Argument, ...]
    overloads: tuple[Overload, ...]  # empty, or the typed variants of the method
    prelude: tuple[str, ...]  # statements before the request: warnings, the body
    body_param_type: str | None  # the TypedDict that validates the body
    request_kwargs: tuple[tuple[str, str], ...]  # keyword -> expression, for client.request()
    async_request_kwargs: tuple[tuple[str, str], ...]
    return_annotation: str
    async_return_annotation: str
    cast_to: str
    deprecated: bool
    returns_classes: tuple[str, ...]  # the model classes the call returns one of (a stream: its events), for the generated tests
    test_name: str
    required_call: str  # `client.a.b.method(...)` with only the required arguments
    full_call: str  # ... and with every argument
    accessor: str  # `client.a.b.method`
    required_args: tuple[str, ...]  # the arguments of required_call, as code
    full_args: tuple[str, ...]
    result_check: str  # the statement a generated test asserts the result with
    required_call_warns: bool  # a DeprecationWarning is expected from the call
    full_call_warns: bool
    unsendable: str | None = None  # why the method cannot be called as the document stands (its tests say so)
    streams: bool = False  # it returns only a stream of events
    shadowed_by: str = ""  # "GET /a/{x}": an earlier path that a server cannot tell from this one's (routes.Route)
    # The words of the method's code, sorted and space-separated: what its module must
    # import. Made once with the operation and kept with it (in the operations' memo): a
    # regeneration that reads most operations back from there need not scan their code
    # again. One string each: as a set each, graph-beta's held 50 MB more.
    words: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        arguments = [*self.positional, *self.keyword, *(a for o in self.overloads for a in o.keyword)]
        code = [self.return_annotation, self.async_return_annotation, self.cast_to, *(a.annotation for a in arguments)]
        code += [self.path_expr, *(v for _, v in self.request_kwargs + self.async_request_kwargs), *self.prelude]
        object.__setattr__(self, "words", " ".join(sorted(identifiers(" ".join(code)))))


@dataclass(frozen=True)
class Resource:
    attr: str  # attribute on the client or the parent resource
    module_name: str  # its module's name, unless a module beside it has that name
    class_name: str
    docstring: str | None
    operations: tuple[Operation, ...]  # (its sub-resources: its module's `children`)


@dataclass(frozen=True)
class ChildResource:
    attr: str
    class_name: str
    module: str  # relative to its parent's module: `.runs.runs`, `.steps`


@dataclass(frozen=True)
class ResourceModule:
    path: str  # under the package: `resources/stores/orders/orders.py`
    dotted: str  # the same as a module name: `resources.stores.orders.orders`
    root: str  # the package's root as a relative import from the module: `....`
    folder: tuple[str, ...]  # its package under the package: `("resources", "stores", "orders")`
    test_path: str  # its generated tests (`tests/test_stores_orders.py`); "" with no operations
    top: bool  # an attribute of the client
    resource: Resource
    children: tuple[ChildResource, ...]  # imported when first used
    imports: tuple[tuple[str, tuple[str, ...]], ...]
    typing_imports: tuple[str, ...]
    pydantic_imports: tuple[str, ...]
    utils_imports: tuple[str, ...]
    models_imports: tuple[str, ...]  # of the runtime's _models: validate_params, Tagged
    uses_files: bool
    uses_binary: bool  # a raw binary body: BinaryContent
    uses_streams: bool
    pagination_imports: tuple[str, ...]  # of the runtime's _pagination: the page classes
    uses_warnings: bool
    uses_builtins: bool = False  # a method named like a builtin type the signatures use


@dataclass(frozen=True)
class ServerVariable:
    name: str  # the client's keyword argument
    placeholder_repr: str  # '{region}', as it stands in the server URL
    annotation: str
    default_repr: str
    description: str | None


@dataclass(frozen=True)
class AuthArgument:
    name: str  # a keyword argument of the client
    env_repr: str | None  # the environment variable it may come from
    example: str  # what the generated tests pass


@dataclass(frozen=True)
class Scheme:
    key_repr: str  # the scheme's name in the spec
    expression: str  # builds its credentials from the client's arguments (None without them)
    token_url: str | None  # OAuth 2 client credentials: where tokens come from (a repr)


@dataclass(frozen=True)
class Security:
    arguments: tuple[AuthArgument, ...]
    schemes: tuple[Scheme, ...]
    default_repr: str  # the API's default security: alternatives of schemes used together
    uniform: bool  # every operation uses the default
    check_at_start: bool  # the client refuses to start without the default's credentials
    missing_message_repr: str
    hints: tuple[tuple[str, str], ...]  # scheme -> how to give its credentials (reprs)
    test_arguments: tuple[str, ...]  # `api_key="test-api-key"`: what the generated tests pass
    token_urls: tuple[str, ...]  # OAuth 2 token URLs (reprs), which the generated tests answer


@dataclass(frozen=True)
class Api:
    title: str
    description: str | None
    version: str
    package_version: str  # the spec's version when it is a PEP 440 one, else 0.0.0
    package: str
    base_url_repr: str
    base_url_env_repr: str | None  # the environment variable read when no base_url is given
    server_url_repr: str  # the first server's URL with its variables' placeholders
    server_variables: tuple[ServerVariable, ...]
    security: Security | None
    default_headers: tuple[tuple[str, str], ...]  # reprs
    multipart_brackets: bool  # a multipart form's objects and lists as nested fields (`a[b]`, `a[]`)
    resources: tuple[ResourceModule, ...]
    types_modules: tuple[TypesModule, ...]
    exports: tuple[tuple[str, str], ...]  # (module, class name) re-exported from types/
    operations: tuple[Operation, ...]
    cases: dict[str, str]  # operation key -> what the generated tests' mock server answers, as JSON (operations.case_json)
