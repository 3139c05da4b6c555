"""What a request must bring before a view sees it: a write a JSON body, and every text a value the databases
can store (the bearer token a write needs is checked by auth.py). Routing comes first: a wrong path or method
is 404 or 405 whatever the body (these hooks stand aside when routing has failed)."""

from flask import Flask, request
from flask_smorest import abort
from werkzeug.exceptions import BadRequest

MAX_PARAMETER_CHARS = 1000  # any query parameter; body fields have their own documented limits
MAX_URL_CHARS = 8000  # path and query string together; longer is 414 (gunicorn lets them through to say so)


def require_json() -> None:
    """415 for a write whose body is not JSON, before any parsing."""
    if request.routing_exception is not None:
        return
    if (
        request.method in {"POST", "PUT", "PATCH"}
        and request.path.startswith("/api/")
        and not request.is_json
    ):
        abort(415, message="Send the request body as application/json.")


def refuse_unstorable_text() -> None:
    """422 naming the field for text no database can hold: a NUL character (PostgreSQL refuses it), a lone
    surrogate (not encodable as UTF-8), a query parameter past MAX_PARAMETER_CHARS or given twice; 414 for
    a URL past MAX_URL_CHARS. The one place that guards every route, so no request reaches the database with
    such a value."""
    if request.routing_exception is not None or not request.path.startswith("/api/"):
        return
    if len(request.full_path) > MAX_URL_CHARS:
        abort(414, message=f"The URL is longer than {MAX_URL_CHARS} characters.")
    errors = {}
    for name, values in request.args.lists():
        problems = [problem for value in values if (problem := _unstorable(value, MAX_PARAMETER_CHARS))]
        if len(values) > 1:
            problems.append("Given more than once; every parameter takes one value.")
        if problems:
            errors.setdefault("query", {})[name] = problems[:1]
    if request.is_json and request.method in {"POST", "PUT", "PATCH"}:
        for name, value in _strings(_json_body()):
            if problem := _unstorable(value, None):
                errors.setdefault("json", {})[name] = [problem]
    if errors:
        abort(422, messages=errors)


def _json_body():
    """The body parsed once, here, before anything else parses it (webargs runs before the token check): a
    body nested past the interpreter's recursion limit or with a number past its digit limit is a 400, not
    a crash. Flask keeps what it parsed, so the view reads the same value."""
    try:
        return (
            request.get_json()
        )  # malformed JSON (a number past 4,300 digits too): 400, as webargs would say
    except RecursionError:
        abort(400, message="The JSON body is nested too deeply.")
    except BadRequest:
        abort(400, message="The body is not valid JSON.")


def _unstorable(value: str, max_chars: int | None) -> str | None:
    if "\x00" in value:
        return "Contains a NUL character (U+0000), which cannot be stored."
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        return "Contains a lone surrogate (U+D800 to U+DFFF), which is not valid Unicode text."
    if max_chars is not None and len(value) > max_chars:
        return f"Longer than {max_chars} characters."
    return None


def _strings(body, path: str = ""):
    """Every string in a JSON body, keys included, with a dotted name for where it stands."""
    if isinstance(body, str):
        yield path or "body", body
    elif isinstance(body, dict):
        for key, value in body.items():
            name = f"{path}.{key}" if path else str(key)
            yield from _strings(key, name)
            yield from _strings(value, name)
    elif isinstance(body, list):
        for index, value in enumerate(body):
            yield from _strings(value, f"{path}[{index}]")


def install_guards(app: Flask, api) -> None:
    """Both guards run before every request; the spec says what they refuse."""
    app.before_request(require_json)
    app.before_request(refuse_unstorable_text)
    document_storable_text(api)


STORABLE_TEXT = "^[^\\u0000]*$"  # ECMA-262, as OpenAPI patterns are: no NUL anywhere


def document_storable_text(api) -> None:
    """Say in the spec what refuse_unstorable_text refuses: every free-text query parameter and body field
    gets the no-NUL pattern (unless it has a stricter one), and query parameters their length limit."""
    bodies = set()
    for operations in api.spec.to_dict().get("paths", {}).values():  # the spec's own dicts, not copies
        for method, operation in operations.items():
            if method == "parameters" or not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if parameter.get("in") == "query" and _free_text(schema):
                    schema["pattern"] = STORABLE_TEXT
                    schema["maxLength"] = min(
                        schema.get("maxLength", MAX_PARAMETER_CHARS), MAX_PARAMETER_CHARS
                    )
            for content in operation.get("requestBody", {}).get("content", {}).values():
                bodies.add(content.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1])
    for name in bodies & set(api.spec.components.schemas):
        for field in api.spec.components.schemas[name].get("properties", {}).values():
            if _free_text(field):
                field["pattern"] = STORABLE_TEXT


def _free_text(schema: dict) -> bool:
    types = schema.get("type")
    return (types == "string" or isinstance(types, list) and "string" in types) and not {
        "pattern",
        "format",
        "enum",
    } & set(schema)
