"""Dependencies of the API: the store, opaque keyset cursors, and the ingest token check."""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import os
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Request, status

from newsevents.store import Store

TOKEN_ENV = "NEWSEVENTS_API_TOKEN"


def get_store(request: Request) -> Store:
    """The app's Store (opened in ``lifespan``); tests override this dependency."""
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "the store is not open")
    return store


StoreDep = Annotated[Store, Depends(get_store)]


def encode_cursor(kind: str, key: list[Any] | None) -> str | None:
    """An opaque cursor for the page after the row whose sort key is ``key``."""
    if key is None:
        return None
    raw = json.dumps([kind, *key], separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(kind: str, cursor: str | None, size: int = 2) -> list[Any] | None:
    """The sort key inside ``cursor``; a cursor that is not ours (or of another list) is a 400."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
    except (ValueError, UnicodeError, binascii.Error) as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "bad cursor") from exc
    valid = (
        isinstance(data, list)
        and len(data) == size + 1
        and data[0] == kind
        and all(isinstance(v, str) for v in data[1:])
    )
    if not valid:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "bad cursor")
    return data[1:]


def require_token(
    authorization: Annotated[str | None, Header(description="Bearer TOKEN")] = None,
) -> None:
    """Writes need ``Authorization: Bearer $NEWSEVENTS_API_TOKEN``; unset token: disabled."""
    expected = os.environ.get(TOKEN_ENV, "")
    if not expected:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, f"ingest is disabled: {TOKEN_ENV} is not set"
        )
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "a bearer token is required",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "wrong token")
