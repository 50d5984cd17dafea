"""The error half of the OpenAPI schema, written once for every operation.

Views describe what a status means for them (`extend_schema(responses={404:
OpenApiResponse(description=...)})`); this drf-spectacular post-processing hook adds the
statuses every operation of a kind can answer and gives every 4xx the body
`cms_site.api.exception_handler` really sends (DESIGN.md, "Errors, everywhere").
"""

from typing import Any

from submissions.constants import Status

COMPONENTS: dict[str, dict[str, Any]] = {
    "ValidationErrors": {
        "type": "object",
        "description": 'Each field (or "non_field_errors") with its messages, in the '
        "request's language.",
        "properties": {
            "errors": {
                "type": "object",
                "additionalProperties": {
                    "type": "array",
                    "items": {"type": "string"},
                    "minItems": 1,
                },
                "minProperties": 1,
            }
        },
        "required": ["errors"],
        "additionalProperties": False,
    },
    "ErrorDetail": {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
        "additionalProperties": False,
    },
    "TransitionConflict": {
        "type": "object",
        "properties": {
            "detail": {"type": "string"},
            "current_status": {"type": "string", "enum": list(Status.values)},
            "requested_status": {"type": "string", "enum": list(Status.values)},
        },
        "required": ["detail", "current_status", "requested_status"],
        "additionalProperties": False,
    },
}
COMPONENT_OF_STATUS = {"400": "ValidationErrors", "409": "TransitionConflict"}
DESCRIPTIONS = {
    "400": "The body is not a JSON object, is nested too deep or holds too many items, "
    "or a field or parameter failed validation (each named).",
    "401": "Not authenticated, or a wrong token.",
    "403": "Not allowed.",
    "404": "Nothing here: an unknown code, or a page past the last.",
    "413": "The request is larger than the limit (its Content-Length is checked before "
    "the body is read).",
    "415": "A content type this operation does not take.",
    "429": "Too many attempts: try again after Retry-After seconds (the message says how "
    "long in minutes).",
    "503": "The database is briefly unavailable: try again after Retry-After seconds "
    "(cms_site/outage.py).",
}
RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "required": True}}
UNAVAILABLE = {
    "description": DESCRIPTIONS["503"],
    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorDetail"}}},
}


def _statuses(operation: dict) -> set[str]:
    """The error statuses every operation of this kind can answer, whatever the view."""
    statuses = set()
    parameters = operation.get("parameters", [])
    if "requestBody" in operation:
        statuses |= {"400", "413", "415"}
    if any(parameter["in"] == "query" for parameter in parameters):
        statuses.add("400")  # a malformed filter, page or page_size
    if any(parameter["in"] == "path" for parameter in parameters):
        statuses.add("404")
    if any(parameter["name"] == "page" for parameter in parameters):
        statuses.add("404")  # a page past the last
    security = operation.get("security", [])
    if any(security):
        statuses.add("401")  # a wrong token is refused even where signing in is optional
        if {} not in security:
            statuses.add("403")
    return statuses


def error_responses_document(result, generator, request, public):
    """drf-spectacular post-processing hook: shared error components, and on every
    operation each error status it can answer, with its body."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(COMPONENTS)
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            responses = operation.setdefault("responses", {})
            for code in _statuses(operation) - set(responses):
                responses[code] = {"description": DESCRIPTIONS[code]}
            responses.setdefault("503", dict(UNAVAILABLE))  # any operation, database down
            for code, response in responses.items():
                if not code.startswith("4"):
                    continue
                component = COMPONENT_OF_STATUS.get(code, "ErrorDetail")
                response["content"] = {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}
                }
                response.setdefault("description", DESCRIPTIONS.get(code, ""))
                if code == "429":  # a rate limit always says when to come back
                    response["headers"] = dict(RETRY_AFTER)
    return result
