"""Find a portal's base URL, flavor and encryption from any URL a user copied."""

from __future__ import annotations

from collections.abc import Mapping
import logging
import re

import aiohttp
from yarl import URL

from .crypto import hash_password
from .errors import PortalFailureError, SewConnectionError, SewError, SewResponseError
from .models import Encryption, Flavor, Portal
from .parsing import field, parse_text
from .transport import ApiTransport, MobileTransport

_LOGGER = logging.getLogger(__name__)
_MOBILE_MARK = re.compile(r"/portalservice(/|$)", re.IGNORECASE)
_API_MARK = re.compile(r"/api(/|$)", re.IGNORECASE)
PROBE_ORDER = (Encryption.ANDROID, Encryption.NONE, Encryption.IOS)
PROBE_USER = "sew-thinq-probe"


def normalise_url(url: str) -> tuple[list[str], Flavor | None]:
    """Return candidate base URLs and the flavor the URL reveals, if any."""
    text = url.strip()
    if "://" not in text:
        text = f"https://{text}"
    try:
        parsed = URL(text)
    except ValueError:
        raise SewConnectionError(f"{url!r} is not a web address") from None
    if parsed.scheme not in {"http", "https"} or not parsed.host:
        raise SewConnectionError(f"{url!r} is not a web address")
    origin = str(parsed.origin())
    path = parsed.path
    for mark, flavor in ((_MOBILE_MARK, Flavor.MOBILE), (_API_MARK, Flavor.API)):
        if match := mark.search(path):
            return [origin + path[: match.start()].rstrip("/")], flavor
    prefix = path.rstrip("/")
    if "." in prefix.rsplit("/", 1)[-1]:
        prefix = prefix.rsplit("/", 1)[0]
    return list(dict.fromkeys([origin + prefix, origin])), None


async def _probe_mobile(
    session: aiohttp.ClientSession,
    portal: Portal,
    username: str | None,
    password: str | None,
    request_timeout: float,
) -> bool:
    """Tell whether a login attempt in this encryption variant gets a SEW answer."""
    transport = MobileTransport(session, portal, request_timeout)
    params = {
        "UserId": username or PROBE_USER,
        "Password": hash_password(password or ""),
    }
    try:
        transport.check(
            await transport.exchange("UserLogin", "ValidateUserLogin", params)
        )
    except PortalFailureError:
        return True
    return True


async def _probe_api(
    session: aiohttp.ClientSession, base_url: str, request_timeout: float
) -> bool:
    """Tell whether the API flavor's GetId answers."""
    transport = ApiTransport(
        session, Portal(base_url, Flavor.API, None), request_timeout
    )
    data = transport.unwrap(
        await transport.post(
            transport.url("UserLogin", "GetId"), {}, {"SourceType": "0"}
        )
    )
    return isinstance(data, Mapping) and parse_text(field(data, "key")) is not None


async def discover_portal(
    session: aiohttp.ClientSession,
    url: str,
    *,
    username: str | None = None,
    password: str | None = None,
    request_timeout: float = 15,
) -> Portal:
    """Derive a portal's base URL and flavor from a copied URL, probing what the URL hides.

    For the mobile flavor the encryption variants are tried in the order android, none, ios
    with a login attempt; the first that gets an answer a SEW portal gives wins.
    """
    candidates, flavor = normalise_url(url)
    failures: list[SewError] = []
    for base_url in candidates:
        if flavor in (None, Flavor.MOBILE):
            for encryption in PROBE_ORDER:
                portal = Portal(base_url, Flavor.MOBILE, encryption)
                try:
                    await _probe_mobile(
                        session, portal, username, password, request_timeout
                    )
                except (SewConnectionError, SewResponseError) as err:
                    _LOGGER.debug(
                        "No mobile answer from %s (%s): %s", base_url, encryption, err
                    )
                    failures.append(err)
                    continue
                return portal
        if flavor in (None, Flavor.API):
            try:
                if await _probe_api(session, base_url, request_timeout):
                    return Portal(base_url, Flavor.API, None)
                failures.append(SewResponseError("GetId did not return a key"))
            except (SewConnectionError, SewResponseError) as err:
                _LOGGER.debug("No API answer from %s: %s", base_url, err)
                failures.append(err)
    if failures and all(
        isinstance(err, SewConnectionError) and "Could not reach" in str(err)
        for err in failures
    ):
        raise SewConnectionError(f"Could not reach {url.strip()}: {failures[-1]}")
    raise SewResponseError(
        f"{url.strip()} does not answer like a SEW Smart Customer Mobile portal"
        + (f" (last answer: {failures[-1]})" if failures else "")
    )
