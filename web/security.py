"""Request guards for a server meant for one person's machine.

One pure ASGI middleware, in order: a body cap (the whole body is read and
replayed, so no handler ever sees more than :data:`MAX_BODY` bytes), a Host
check (a page on another site that rebinds its DNS name to 127.0.0.1 still
sends its own name), an Origin check (a browser on a foreign page always
names it), the token rule when one is set, and, for state-changing methods
from a browser, same-origin or the page's CSRF token.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

MAX_BODY = 5 * 1024 * 1024
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
TOKEN_COOKIE = "tilshi_token"
CSRF_HEADER = "x-csrf-token"
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass
class Guard:
    """What the middleware enforces: accepted Host names, the access token, the page's CSRF token."""

    csrf_token: str
    token: str | None = None
    hosts: set[str] = field(default_factory=lambda: set(LOCAL_HOSTS))
    any_host: bool = False  # --allow-remote on a wildcard address: the token stands in for the Host check
    max_body: int = MAX_BODY


def host_name(host: str) -> str:
    """``example.org:8765`` → ``example.org``; ``[::1]:8765`` → ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and hmac.compare_digest(a.encode(), b.encode())


class GuardMiddleware:
    """Refuse what a local review server must never serve; see the module docstring."""

    def __init__(self, app, guard: Guard):
        self.app = app
        self.guard = guard

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self.check(scope, headers)
        if refusal is not None:
            return await _reply(send, *refusal)
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.guard.max_body):
            return await _reply(send, 413, f"request body over the {self.guard.max_body // (1024 * 1024)} MB limit")
        body, too_big = await _read_body(receive, self.guard.max_body)
        if too_big:
            return await _reply(send, 413, f"request body over the {self.guard.max_body // (1024 * 1024)} MB limit")
        sent = False

        async def replay():
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    def check(self, scope, headers: dict[str, str]) -> tuple[int, str] | None:
        """``(status, message)`` for a refused request, else None."""
        guard = self.guard
        host = headers.get("host", "")
        if not guard.any_host and host_name(host) not in guard.hosts:
            return 403, f"unexpected Host header {host!r}; open the page at the address tilshi serve printed"
        origin = headers.get("origin")
        own = f"{scope.get('scheme', 'http')}://{host}".lower()
        if origin is not None and origin.lower() != own:
            return 403, "cross-origin requests are refused"
        if guard.token is not None and not self._has_token(scope, headers):
            return 401, "this server needs its access token (Authorization: Bearer TOKEN, or open the page with ?token=TOKEN)"
        if scope["method"] not in _SAFE_METHODS:
            if origin is None and headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
                return 403, "cross-site requests are refused"
            csrf_ok = _same(headers.get(CSRF_HEADER), guard.csrf_token)
            if origin is None and not csrf_ok and _browser_form(headers):
                return 403, "form posts need the page's CSRF token"
        return None

    def _has_token(self, scope, headers) -> bool:
        token = self.guard.token
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer ") and _same(auth[7:].strip(), token):
            return True
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed Cookie header is just no cookie
            cookie = SimpleCookie()
        if TOKEN_COOKIE in cookie and _same(cookie[TOKEN_COOKIE].value, token):
            return True
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        return _same((query.get("token") or [None])[0], token)


def _browser_form(headers) -> bool:
    """Content types a plain HTML form can send cross-site without CORS (the API takes JSON only)."""
    kind = headers.get("content-type", "").split(";")[0].strip().lower()
    return kind in ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")


async def _read_body(receive, limit: int) -> tuple[bytes, bool]:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return b"", True
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks), False


async def _reply(send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
