"""API tokens of `roadmap serve`: «rm_<token_id>_<secret>», shown once, kept only as a SHA-256.

The id in the clear lets a token be found by its primary key and revoked by name in a listing; the
hash means a copy of the catalog gives no one a working token.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import Any

from sqlalchemy import Engine, insert, select, update

from pipelines.catalog import tokens, utc_now, write_transaction

SECRET = re.compile(r"^rm_([0-9a-f]{16})_[A-Za-z0-9_-]{43}$")
USE_RECORDED_EVERY = 300.0  # seconds: `last_used` is that precise, and reads take no write lock
SHOWN = (tokens.c.token_id, tokens.c.name, tokens.c.created, tokens.c.revoked, tokens.c.last_used)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(engine: Engine, name: str) -> tuple[str, str]:
    """(token_id, secret): the secret is not kept and cannot be shown again."""
    token_id = secrets.token_hex(8)
    secret = f"rm_{token_id}_{secrets.token_urlsafe(32)}"
    with write_transaction(engine, "roadmap-tokens") as conn:
        conn.execute(insert(tokens).values(token_id=token_id, name=name, hash=digest(secret), created=utc_now()))
    return token_id, secret


def verify_token(engine: Engine, secret: str) -> dict[str, Any] | None:
    """The token (without its hash) a secret belongs to, its use recorded; None for an unknown, a
    malformed or a revoked one."""
    match = SECRET.match(secret)
    if match is None:
        return None
    with engine.connect() as conn:
        row = conn.execute(select(*SHOWN, tokens.c.hash).where(tokens.c.token_id == match.group(1))).mappings().first()
    if row is None or row["revoked"] is not None or not hmac.compare_digest(row["hash"], digest(secret)):
        return None
    used = row["last_used"]
    if used is None or used < utc_now(-USE_RECORDED_EVERY):  # not a write per request: once in a while
        used = utc_now()
        with write_transaction(engine, "roadmap-tokens") as conn:
            conn.execute(update(tokens).where(tokens.c.token_id == row["token_id"]).values(last_used=used))
    return {c.name: row[c.name] for c in SHOWN} | {"last_used": used}


def list_tokens(engine: Engine) -> list[dict[str, Any]]:
    """Every token, oldest first, never its hash."""
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(select(*SHOWN).order_by(tokens.c.created, tokens.c.token_id)).mappings()]


def revoke_token(engine: Engine, token_id: str) -> bool:
    """False for an unknown token; a revoked one stays revoked (its first revocation time is kept)."""
    with write_transaction(engine, "roadmap-tokens") as conn:
        known = conn.execute(select(tokens.c.revoked).where(tokens.c.token_id == token_id)).first()
        if known is None:
            return False
        if known.revoked is None:
            conn.execute(update(tokens).where(tokens.c.token_id == token_id).values(revoked=utc_now()))
    return True
