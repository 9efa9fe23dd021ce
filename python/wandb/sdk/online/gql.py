"""A small GraphQL client for the SDK's control plane (run creation, config, stop, alerts).

Retry policy of wandb-core's GraphQL client: transport errors, 5xx (not 501), 429 (a
numeric ``Retry-After`` is honoured) and other unlisted 4xx are retried with exponential
backoff and up to 25 % jitter until a deadline; 400, 401, 403, 404, 409, 410, 413, 422 and
501 are not (409 is retried for ``UpsertBucket``). ``requests`` is imported lazily.
"""

from __future__ import annotations

import random
import time
from typing import Any

from wandb.errors import AuthenticationError, CommError

_NO_RETRY = frozenset({400, 401, 403, 404, 409, 410, 413, 422, 501})


def _message(resp: Any) -> str:
    try:
        body = resp.json()
    except ValueError:
        return (resp.text or "").strip()[:500]
    if isinstance(body, dict):
        err = body.get("error")
        if isinstance(err, dict):
            err = err.get("message")
        if isinstance(err, str):
            return err
        errs = body.get("errors")
        if isinstance(errs, list) and errs and isinstance(errs[0], dict):
            return str(errs[0].get("message"))
    return (resp.text or "").strip()[:500]


class GQLClient:
    """POSTs GraphQL documents to ``{base_url}/graphql`` with basic auth ``api:<key>``."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float = 30.0,
        connect_timeout: float = 5.0,
        retry_min: float = 2.0,
        retry_max: float = 60.0,
        headers: dict[str, str] | None = None,
    ) -> None:
        import requests

        self.base_url = base_url.rstrip("/")
        self.url = self.base_url + "/graphql"
        self.timeout = (connect_timeout, timeout)
        self.retry_min = retry_min
        self.retry_max = retry_max
        self._session = requests.Session()
        self._session.auth = ("api", api_key)
        self._session.headers["User-Agent"] = "vireo-sdk"
        if headers:
            self._session.headers.update(headers)

    def execute(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        operation: str | None = None,
        timeout_s: float | None = 60.0,
        retry_conflict: bool = False,
    ) -> dict:
        """Run one operation and return its ``data``; retries until ``timeout_s`` (None =
        forever). Raises AuthenticationError on 401, CommError otherwise."""
        import requests

        body: dict[str, Any] = {"query": query, "variables": variables or {}}
        if operation:
            body["operationName"] = operation
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        attempt = 0
        what = operation or "GraphQL request"
        while True:
            wait: float | None = None
            try:
                resp = self._session.post(self.url, json=body, timeout=self.timeout)
            except requests.RequestException as e:
                error: CommError = CommError(f"{what}: could not reach {self.base_url}: {e}", e)
            else:
                code = resp.status_code
                if code == 200:
                    try:
                        payload = resp.json()
                    except ValueError as e:
                        raise CommError(f"{what}: the server sent invalid JSON", e) from e
                    errs = payload.get("errors") if isinstance(payload, dict) else None
                    if errs:
                        msg = errs[0].get("message") if isinstance(errs[0], dict) else errs[0]
                        raise CommError(f"{what} failed: {msg}")
                    data = payload.get("data") if isinstance(payload, dict) else None
                    if data is None:
                        raise CommError(f"{what}: the server answered without data")
                    return data
                msg = f"{what}: returned error {code}: {_message(resp)}"
                if code == 401:
                    raise AuthenticationError(msg)
                if code in _NO_RETRY and not (retry_conflict and code == 409):
                    raise CommError(msg)
                error = CommError(msg)
                if code == 429:
                    try:
                        wait = float(resp.headers.get("Retry-After", ""))
                    except ValueError:
                        wait = None
            if wait is None:
                wait = min(self.retry_max, self.retry_min * (2**attempt))
                wait += wait * 0.25 * random.random()
            attempt += 1
            if deadline is not None and time.monotonic() + wait > deadline:
                raise error
            time.sleep(wait)

    def close(self) -> None:
        self._session.close()
