"""API tokens (`roadmap token create`): every write needs one; reads need one only when the server
listens beyond this machine. Tokens are kept hashed in the catalog (pipelines/tokens.py)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy import Engine

from pipelines.serve.errors import ApiError
from pipelines.tokens import verify_token


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    return secret.strip() if scheme.lower() == "bearer" and secret.strip() else None


READ_COOKIE = "roadmap_read"  # set by the review page for its <img> requests; reads only


def token_of(engine: Engine, request: Request, cookie: bool = False) -> dict[str, Any]:
    """The token a request carries in its Authorization header (or, for a read, the review page's
    same-site cookie: an <img> cannot send a header). Writes never take the cookie: another site
    cannot make the browser write with it."""
    secret = bearer(request) or (request.cookies.get(READ_COOKIE) if cookie else None)
    if secret is None:
        raise ApiError(401, "E_UNAUTHORIZED", "this needs an API token: Authorization: Bearer <token> "
                                              "(make one with `roadmap token create NAME`)")
    token = verify_token(engine, secret)
    if token is None:
        raise ApiError(403, "E_FORBIDDEN", "the token is unknown or revoked")
    return token
