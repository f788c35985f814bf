"""Which LG hosts serve the account's country: the route gateway, and the sign-in link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit
import uuid

from .const import (
    CLIENT_ID,
    DEFAULT_CLIENT_ID,
    KIC_HOST,
    KIC_PATH,
    ROUTE_HOST,
    SECURITY_KEY,
    SVC_CODE,
    THIRD_PARTY_KINDS,
)
from .errors import ThinQResponseError
from .transport import Transport, app_headers


@dataclass(frozen=True, slots=True)
class Gateway:
    """The LG hosts serving one country and language (core_async:798-807)."""

    gateway_url: str
    country: str
    language: str
    thinq1_uri: str
    thinq2_uri: str
    emp_spx_uri: str
    emp_terms_uri: str
    oauth_base: str | None


def lg_host_url(gateway_url: str, host: str) -> str:
    """Return the base URL of another LG host, beside the gateway in use.

    LG's route gateway is ``https://route.lgthinq.com:46030/...``: other hosts are
    ``https://<host>``. A gateway URL of the form ``<base>/route.lgthinq.com/...`` is a
    mirror serving each LG host under a path named after it (the project's simulator):
    other hosts are then ``<base>/<host>`` (without port).
    """
    parts = urlsplit(gateway_url)
    if parts.hostname == ROUTE_HOST:
        return f"https://{host}"
    marker = f"/{ROUTE_HOST}/"
    prefix = parts.path.split(marker, 1)[0] if marker in parts.path else ""
    return f"{parts.scheme}://{parts.netloc}{prefix}/{host.split(':', 1)[0]}"


def _uri(result: dict[str, Any], key: str) -> str:
    value = result.get(key)
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise ThinQResponseError(f"Gateway answer lacks {key}")
    return value.rstrip("/")


def _oauth_base(result: dict[str, Any]) -> str | None:
    """Return ``uris.empOauthBaseUri`` or ``empOauthBaseUri`` (core_async:478-501)."""
    uris = result.get("uris")
    for holder in (uris if isinstance(uris, dict) else {}, result):
        value = holder.get("empOauthBaseUri")
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return value.rstrip("/")
    return None


async def discover(
    transport: Transport, gateway_url: str, country: str, language: str
) -> Gateway:
    """Ask the route gateway for the country's hosts (core_async:533-540)."""
    headers = app_headers(
        country=country, language=language, client_id=DEFAULT_CLIENT_ID
    )
    result = await transport.get_v2(gateway_url, headers)
    if not isinstance(result, dict):
        raise ThinQResponseError("Gateway answer has no result object")
    return Gateway(
        gateway_url=gateway_url,
        country=country,
        language=language,
        thinq1_uri=_uri(result, "thinq1Uri"),
        thinq2_uri=_uri(result, "thinq2Uri"),
        emp_spx_uri=_uri(result, "empSpxUri"),
        emp_terms_uri=_uri(result, "empTermsUri"),
        oauth_base=_oauth_base(result),
    )


async def legacy_oauth_base(transport: Transport, gateway: Gateway) -> str:
    """Return the OAuth host of the old kic gateway (core_async:503-531; nVuln Auth.ts:349-362)."""
    url = lg_host_url(gateway.gateway_url, KIC_HOST) + KIC_PATH
    root = await transport.post_v1(
        url,
        {"countryCode": gateway.country, "langCode": gateway.language},
        {
            "Accept": "application/json",
            "x-thinq-application-key": "wideq",
            "x-thinq-security-key": SECURITY_KEY,
        },
    )
    return _uri(root, "oauthUri")


def login_url(gateway: Gateway) -> str:
    """Return the sign-in page of the account's country (core_async:835-891).

    The page is the gateway's ``empSpxUri`` of the country: live clients that pin it to
    ``us.m.lgaccount.com`` fail for other countries (ollo69#1016).
    """
    query = urlencode(
        {
            "country": gateway.country,
            "language": gateway.language,
            "client_id": CLIENT_ID,
            "svc_list": SVC_CODE,
            "svc_integrated": "Y",
            "show_thirdparty_login": ",".join(["LGE", "MYLG", *THIRD_PARTY_KINDS]),
            "division": "ha",
            "callback_url": f"{gateway.emp_spx_uri}/login/iabClose",
            "oauth2State": uuid.uuid4().hex,
            "show_select_country": "N",
        }
    )
    return f"{gateway.emp_spx_uri}/login/signIn?{query}"
