"""GraphQL transport of the Public API: one POST per operation, retries, error mapping.

Wire format (as wandb 0.21.3's public client sends it): ``POST {base_url}/graphql`` with a
JSON body ``{"query": <document>, "variables": {...}}`` (no ``operationName``), basic auth
``api:<key>``, ``User-Agent: W&B Public Client <version>`` and ``Use-Admin-Privileges: true``.

Retry rules (public client): connection errors, timeouts and HTTP statuses other than
400/401/403/404/409 are retried with jittered exponential backoff (1 s, 2 s, 4 s ... plus up
to 25 %) until 20 s have passed; then the last error is raised. GraphQL ``errors`` in a
response are not retried.
"""

from __future__ import annotations

import json
import os
import random
import time
from typing import Any, Callable, Mapping, Optional

from wandb.errors import AuthenticationError, CommError

#: Total time the public client keeps retrying one request.
RETRY_SECONDS = 20.0
#: Per-attempt HTTP timeout (``WANDB_HTTP_TIMEOUT`` overrides it).
DEFAULT_TIMEOUT = 19
#: HTTP statuses that are raised at once instead of retried.
NO_RETRY_STATUSES = frozenset({400, 401, 403, 404, 409})


def default_timeout() -> float:
    """``WANDB_HTTP_TIMEOUT`` seconds if set to a number, else 19."""
    raw = os.environ.get("WANDB_HTTP_TIMEOUT")
    try:
        return float(raw) if raw else DEFAULT_TIMEOUT
    except ValueError:
        return DEFAULT_TIMEOUT


def extra_headers() -> dict[str, str]:
    """Headers from ``WANDB__EXTRA_HTTP_HEADERS`` (a JSON object), if any."""
    raw = os.environ.get("WANDB__EXTRA_HTTP_HEADERS")
    if not raw:
        return {}
    try:
        parsed = json.loads(raw)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in parsed.items()} if isinstance(parsed, dict) else {}


def error_messages(body: Any) -> list[str]:
    """Messages in a server error body: ``error`` (string or ``{message}``) or ``errors[].message``."""

    def one(err: Any) -> Optional[str]:
        if isinstance(err, str):
            return err
        if isinstance(err, dict) and isinstance(err.get("message"), str) and err["message"]:
            return err["message"]
        return None

    if not isinstance(body, dict):
        return []
    if body.get("error"):
        msg = one(body["error"])
        return [msg] if msg else []
    errors = body.get("errors")
    if isinstance(errors, list):
        return [m for m in (one(e) for e in errors) if m]
    return []


def _loads(content: bytes) -> Any:
    # json.loads accepts NaN / Infinity / -Infinity tokens, as the servers emit them.
    return json.loads(content.decode("utf-8") if isinstance(content, bytes) else content)


class HTTPStatusError(Exception):
    """A non-2xx answer (internal; turned into CommError / AuthenticationError)."""

    def __init__(self, status: int, reason: str, text: str, body: Any) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.reason = reason
        self.text = text
        self.body = body

    def to_comm_error(self) -> CommError:
        msgs = error_messages(self.body)
        if msgs:
            message = f"HTTP {self.status}: {'; '.join(msgs)}"
        elif self.text:
            message = f"HTTP {self.status}: {self.text}"
        elif self.reason:
            message = f"HTTP {self.status} ({self.reason})"
        else:
            message = f"HTTP {self.status}"
        if self.status == 401:
            return AuthenticationError(
                "The API key you provided is either invalid or missing. "
                "If the `WANDB_API_KEY` environment variable is set, make sure it is correct. "
                "Otherwise, try 'wandb login --relogin'. "
                f"(Error 401: {self.reason or 'Unauthorized'}) {message}",
            )
        return CommError(message, self)


class GraphQLClient:
    """Sends GraphQL documents to ``url`` and returns the ``data`` object.

    ``session`` may be any object with a ``requests.Session``-like ``post``/``get``; it is
    created lazily (``requests`` is imported on first use). ``sleep`` and ``clock`` exist for
    tests.
    """

    def __init__(
        self,
        url: str,
        api_key: Optional[str],
        *,
        timeout: Optional[float] = None,
        headers: Optional[Mapping[str, str]] = None,
        session: Any = None,
        retry_seconds: float = RETRY_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.api_key = api_key
        self.default_timeout = timeout if timeout is not None else default_timeout()
        self.headers: dict[str, str] = dict(headers or {})
        self._session = session
        self.retry_seconds = retry_seconds
        self._sleep = sleep
        self._clock = clock

    @property
    def base_url(self) -> str:
        """The server's base URL (``url`` without ``/graphql``)."""
        return self.url[: -len("/graphql")] if self.url.endswith("/graphql") else self.url

    @property
    def app_url(self) -> str:
        """The web app URL, with a trailing slash (``api.X`` -> ``app.X``)."""
        from wandb.sdk.settings_runtime import app_url

        return app_url(self.base_url).rstrip("/") + "/"

    @property
    def auth(self) -> Optional[tuple[str, str]]:
        """Basic auth pair ``("api", key)`` or None without a key."""
        return ("api", self.api_key) if self.api_key else None

    @property
    def session(self) -> Any:
        """The HTTP session (a ``requests.Session`` unless one was injected)."""
        if self._session is None:
            import requests

            s = requests.Session()
            self._session = s
        return self._session

    # -- one attempt ------------------------------------------------------------------
    def _post_once(self, document: str, variables: Mapping[str, Any], timeout: float) -> Any:
        payload = json.dumps({"query": document, "variables": dict(variables)})
        headers = {"Content-Type": "application/json", **self.headers}
        resp = self.session.post(
            self.url, data=payload.encode("utf-8"), headers=headers, auth=self.auth,
            timeout=timeout,
        )
        status = int(resp.status_code)
        content = resp.content
        try:
            body = _loads(content) if content else None
        except ValueError:
            body = None
        if not 200 <= status < 300:
            text = content.decode("utf-8", "replace") if isinstance(content, bytes) else str(content)
            raise HTTPStatusError(status, getattr(resp, "reason", "") or "", text.strip(), body)
        if not isinstance(body, dict):
            raise CommError(f"Received non-JSON response from {self.url}: {content[:200]!r}")
        return body

    # -- public ---------------------------------------------------------------------
    def execute(
        self,
        document: Any,
        variable_values: Optional[Mapping[str, Any]] = None,
        timeout: Optional[float] = None,
    ) -> dict[str, Any]:
        """Run ``document`` (a GraphQL string) with ``variable_values``; return ``data``.

        Raises:
            AuthenticationError: the server answered 401.
            CommError: any other failure, with the server's message.
        """
        doc = document if isinstance(document, str) else str(document)
        variables = variable_values or {}
        per_try = timeout if timeout is not None else self.default_timeout
        deadline = self._clock() + self.retry_seconds
        delay = 1.0
        while True:
            try:
                body = self._post_once(doc, variables, per_try)
                break
            except HTTPStatusError as e:
                if e.status in NO_RETRY_STATUSES or self._clock() + delay > deadline:
                    raise e.to_comm_error() from None
            except CommError:
                raise
            except Exception as e:  # noqa: BLE001 - transport errors (requests.*) are retried
                if not _is_transport_error(e):
                    raise
                if self._clock() + delay > deadline:
                    raise CommError(_transport_message(e, per_try), e) from e
            self._sleep(delay * (1 + random.random() * 0.25))
            delay *= 2
        errors = body.get("errors")
        if errors:
            first = errors[0]
            msg = first.get("message") if isinstance(first, dict) else None
            raise CommError(str(msg if msg is not None else first))
        if body.get("data") is None and errors is None:
            raise CommError(f"Received non-compatible response: {body}")
        return body.get("data") or {}

    def get(self, url: str, *, stream: bool = False, timeout: Optional[float] = None) -> Any:
        """Authenticated GET (file downloads); raises CommError on non-2xx."""
        try:
            resp = self.session.get(
                url, auth=self.auth, headers=dict(self.headers), stream=stream,
                timeout=timeout if timeout is not None else self.default_timeout,
            )
        except Exception as e:  # noqa: BLE001
            if _is_transport_error(e):
                raise CommError(str(e), e) from e
            raise
        status = int(resp.status_code)
        if not 200 <= status < 300:
            content = resp.content or b""
            try:
                body = _loads(content)
            except ValueError:
                body = None
            text = content.decode("utf-8", "replace") if isinstance(content, bytes) else str(content)
            raise HTTPStatusError(status, getattr(resp, "reason", "") or "", text.strip(),
                                  body).to_comm_error()
        return resp


def _is_transport_error(e: BaseException) -> bool:
    if isinstance(e, (ConnectionError, TimeoutError, OSError)):
        return True
    try:
        import requests
    except ImportError:  # pragma: no cover
        return False
    return isinstance(e, requests.RequestException)


def _transport_message(e: BaseException, timeout: float) -> str:
    name = type(e).__name__
    if "Timeout" in name:
        return (
            f"A graphql request initiated by the public wandb API timed out (timeout={timeout} "
            f"sec). Create a new API with a larger timeout, e.g. `api = wandb.Api(timeout="
            f"{int(timeout) + 10})`. ({e})"
        )
    return f"{name}: {e}"
