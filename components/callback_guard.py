"""Callback requests that no page of this app sends (forged or corrupted: wrong types, unknown
ids, missing keys) are answered 400 with a short JSON reason, not a 500 and a traceback.

Dash dispatches the body as it comes; a request that names no callback of the app, or whose
values break the callback it names, raised inside Dash or the callback and answered 500."""

from __future__ import annotations

import logging

from flask import jsonify, request

ENDPOINT = "_dash-update-component"
log = logging.getLogger("tracker.callbacks")


def _refusal(reason: str):
    response = jsonify({"error": "bad callback request", "reason": reason})
    response.status_code = 400
    return response


def _shape_problem(body, callback_map) -> str | None:
    """Why the body cannot be a request for one of the app's callbacks, or None."""
    if not isinstance(body, dict):
        return "the body is not a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        return "no callback of this app has that output"
    for key in ("inputs", "changedPropIds"):
        if not isinstance(body.get(key), list):
            return f"'{key}' is missing or not a list"
    if not isinstance(body.get("state", []), list):
        return "'state' is not a list"
    expected = callback_map[output]
    if len(body["inputs"]) != len(expected.get("inputs", [])) or len(body.get("state", [])) != len(
            expected.get("state", [])):
        return "the inputs do not match the callback's"
    return None


def guard_callbacks(app) -> None:
    """Wrap the app's callback endpoint (call once the callbacks are registered)."""
    server = app.server
    endpoint = app.config.routes_pathname_prefix + ENDPOINT
    dispatch = server.view_functions[endpoint]

    def guarded(*args, **kwargs):
        body = request.get_json(silent=True)
        problem = _shape_problem(body, app.callback_map)
        if problem:
            return _refusal(problem)
        try:
            return dispatch(*args, **kwargs)
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            # Values no page sends: logged for the maintainer, a short answer to the client.
            log.warning("callback %s refused: %s: %s", body.get("output"), type(exc).__name__, exc)
            return _refusal("the values do not fit the callback")

    server.view_functions[endpoint] = guarded
