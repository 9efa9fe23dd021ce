"""POST /graphql: parse, validate and execute W&B-style GraphQL requests.

Python clients send ``{query, variables}``; Go sends ``{query, variables: null,
operationName}``. Variables the selected operation does not declare are dropped.
Syntax and validation errors answer 400; resolver ClientErrors answer their status.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode, execute, parse, validate
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from wandb.server.errors import ClientError
from wandb.server.gql_schema import build_schema
from wandb.server.http_util import authenticate, base_url, read_body

log = logging.getLogger("wandb.server.graphql")


def _bad(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message}]}, status_code=status)


def _pick_operation(doc: Any, name: str | None) -> OperationDefinitionNode | None:
    ops = [d for d in doc.definitions if isinstance(d, OperationDefinitionNode)]
    if name:
        for op in ops:
            if op.name and op.name.value == name:
                return op
        return None
    return ops[0] if len(ops) == 1 else None


def run_graphql(payload: Any, context: dict) -> tuple[int, dict]:
    """Execute one request payload; returns (status, response body)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        return 400, {"errors": [{"message": "body: expected a JSON object with a 'query' string"}]}
    variables = payload.get("variables")
    if isinstance(variables, str) and variables.strip():
        try:
            variables = json.loads(variables)
        except ValueError:
            return 400, {"errors": [{"message": "variables: invalid JSON"}]}
    if variables in (None, ""):
        variables = {}
    if not isinstance(variables, dict):
        return 400, {"errors": [{"message": "variables: expected a JSON object or null"}]}
    op_name = payload.get("operationName") or None
    if op_name is not None and not isinstance(op_name, str):
        return 400, {"errors": [{"message": "operationName: expected a string"}]}
    schema = build_schema()
    try:
        doc = parse(payload["query"])
    except GraphQLError as e:
        return 400, {"errors": [e.formatted]}
    errors = validate(schema, doc)
    if errors:
        log.info("graphql validation failed: %s", [e.message for e in errors])
        return 400, {"errors": [e.formatted for e in errors]}
    op = _pick_operation(doc, op_name)
    if op is None:
        msg = f"operationName: no operation named {op_name!r}" if op_name else (
            "operationName: required when the document holds several operations")
        return 400, {"errors": [{"message": msg}]}
    declared = {v.variable.name.value for v in op.variable_definitions or ()}
    variables = {k: v for k, v in variables.items() if k in declared}
    result = execute(schema, doc, variable_values=variables, operation_name=op_name,
                     context_value=context)
    body: dict[str, Any] = {"data": result.data}
    status = 200
    if result.errors:
        body["errors"] = [e.formatted for e in result.errors]
        statuses = []
        for e in result.errors:
            orig = e.original_error
            if isinstance(orig, ClientError):
                statuses.append(orig.status)
            elif orig is None or isinstance(orig, (GraphQLError, ValueError, TypeError)):
                statuses.append(400)  # variable coercion, scalar parsing and similar request errors
            else:
                log.exception("resolver error", exc_info=orig)
                statuses.append(500)
        status = 500 if 500 in statuses else max(statuses)
    return status, body


async def graphql_endpoint(request: Request) -> JSONResponse:
    cfg = request.app.state.config
    user = await run_in_threadpool(authenticate, request)
    raw = await read_body(request, cfg.max_graphql_bytes)
    try:
        payload = json.loads(raw)
    except ValueError:
        return _bad("body: invalid JSON")
    context = {
        "store": request.app.state.store, "user": user, "signer": request.app.state.signer,
        "config": cfg, "base_url": base_url(request), "request": request,
    }
    status, body = await run_in_threadpool(run_graphql, payload, context)
    return JSONResponse(body, status_code=status)


