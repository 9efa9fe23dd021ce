"""Errors the server turns into HTTP status codes and GraphQL error messages."""

from __future__ import annotations


class ClientError(Exception):
    """A request the client must fix; ``status`` is the HTTP status to answer with."""

    status = 400

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status


class NotFound(ClientError):
    status = 404


class Forbidden(ClientError):
    status = 403


class Unauthorized(ClientError):
    status = 401
