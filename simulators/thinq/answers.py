"""How LG's services frame their answers and check their callers."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
import hashlib
import hmac
from typing import Any, Final

from aiohttp import web

from . import evidence

# How far a signed request's date may be from the server's clock: not known; the simulator
# allows a quarter of an hour either way.
DATE_TOLERANCE: Final = timedelta(minutes=15)


def v1_answer(**fields: Any) -> web.Response:
    """Return a successful ``lgedmRoot`` answer (ThinQ1 and the kic gateway)."""
    return web.json_response(
        {"lgedmRoot": {"returnCd": evidence.OK, "returnMsg": "OK"} | fields}
    )


def v1_error(code: str | int, message: str) -> web.Response:
    """Return a ThinQ1 error: HTTP 200 with the code in ``returnCd`` (wideq core.py:202-214)."""
    return web.json_response({"lgedmRoot": {"returnCd": code, "returnMsg": message}})


def v2_answer(result: Any) -> web.Response:
    """Return a successful ThinQ2 answer ``{resultCode, result}`` (ollo69 core_async.py:377-439)."""
    return web.json_response({"resultCode": evidence.OK, "result": result})


def v2_error(code: str, message: str) -> web.Response:
    """Return a ThinQ2 error: a non-2xx answer whose body has ``resultCode``.

    nVuln reads the code from the body of an HTTP error (request.ts:91-104); ollo69 reads
    the body whatever the status (core_async.py:360-380). The status LG uses is not known.
    """
    return web.json_response({"resultCode": code, "result": message}, status=400)


async def v1_root(request: web.Request) -> dict[str, Any] | None:
    """Return the ``lgedmRoot`` object of a ThinQ1 request, or None when there is none."""
    try:
        body = await request.json()
    except ValueError:
        return None
    if not isinstance(body, dict) or "lgedmRoot" not in body:
        return None
    root = body["lgedmRoot"]
    return root if isinstance(root, dict) else {}


def signature(message: str, secret: str = evidence.OAUTH_SECRET) -> str:
    """Return base64 HMAC-SHA1 of ``message`` (ollo69 core_async.py:280-292)."""
    digest = hmac.new(secret.encode(), message.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signed(
    message: str, given: str | None, secret: str = evidence.OAUTH_SECRET
) -> bool:
    """Return whether ``given`` is the signature of ``message``."""
    return hmac.compare_digest(given or "", signature(message, secret))


def date_ok(value: str | None) -> bool:
    """Return whether a request's date header is well formed and near the clock."""
    try:
        sent = datetime.strptime(value or "", evidence.DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return False
    return abs(datetime.now(UTC) - sent) <= DATE_TOLERANCE


def origin(request: web.Request) -> str:
    """Return the scheme and authority the request reached."""
    return f"{request.scheme}://{request.host}"
