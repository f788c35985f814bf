"""Which LG hosts serve a country: the route gateway's and the kic gateway's answers.

The simulator serves every LG host under a path named after it, ``{origin}/{host}/...``
(``http://127.0.0.1:8302/us.lgeapi.com/oauth/1.0/oauth2/token`` for
``https://us.lgeapi.com/oauth/1.0/oauth2/token``), so each URL reads as LG's would.

Evidence of the per-country answers: the US route and kic answers (``realworld``
captures/route-gateway-uri-result-US-2024-02.partial.json and
kic-gatewayUriList-lgedmRoot-US-2024-02.partial.json), a Norwegian one (a wideq fork's
tests/test_gateway.py, "relevant parts of a real response": ``eic.lgthinq.com``,
``eic-service.lgthinq.com``, ``no.m.lgaccount.com/spx``), a Slovak one (nVuln's later
tests: ``sk.m.lgaccount.com/spx``, ``sk.emp.lgsmartplatform.com``, ``eic`` hosts) and
``ru.lgeapi.com`` as an OAuth base (ollo69#900). Which other countries LG serves from
``eic`` is not known: the European countries below are assumed to, the rest from ``aic``.
"""

from __future__ import annotations

from typing import Any, Final

from . import realworld

EUROPE: Final = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CH",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GB",
        "GR",
        "HR",
        "HU",
        "IE",
        "IS",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "NO",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)


def hosts(country: str) -> dict[str, str]:
    """Return LG's host names for a country (no scheme)."""
    cc = country.lower()
    region = "eic" if country.upper() in EUROPE else "aic"
    return {
        "thinq1": f"{region}.lgthinq.com",
        "thinq2": f"{region}-service.lgthinq.com",
        "account": f"{cc}.m.lgaccount.com",
        "terms": f"{cc}.emp.lgsmartplatform.com",
        "oauth": f"{cc}.lgeapi.com",
    }


def route_result(
    origin: str, country: str, language: str, *, with_oauth_base: bool
) -> dict[str, Any]:
    """Return the ``result`` of ``GET route.lgthinq.com/v1/service/application/gateway-uri``.

    The shape is the real US answer's, its hosts the country's. The 2024 capture was cut
    before ``uris``; live clients read the OAuth base from ``result.uris.empOauthBaseUri``
    (ollo69 core_async.py:65-66, 478-501; ollo69#900), and openHAB's recorded answer has a
    ``uris`` object without it (openHAB gtw-response-1.json). ``with_oauth_base`` chooses.
    """
    names = hosts(country)
    result: dict[str, Any] = realworld.load(realworld.ROUTE_GATEWAY_US) | {
        "countryCode": country,
        "languageCode": language,
        "thinq1Uri": f"{origin}/{names['thinq1']}/api",
        "thinq2Uri": f"{origin}/{names['thinq2']}/v1",
        "empUri": f"{origin}/{names['account']}",
        "empSpxUri": f"{origin}/{names['account']}/spx",
        "empTermsUri": f"{origin}/{names['terms']}",
        "rtiUri": f"{names['thinq1']}:47878",
    }
    uris: dict[str, str] = {"gscsUri": "https://gscs-america.lge.com"}
    if with_oauth_base:
        uris["empOauthBaseUri"] = f"{origin}/{names['oauth']}"
    result["uris"] = uris
    return result


def kic_answer(origin: str, country: str, language: str) -> dict[str, Any]:
    """Return the ``lgedmRoot`` of the old ``kic`` gateway (``gatewayUriList``).

    ollo69 still falls back to its ``oauthUri`` when the route answer has no OAuth base
    (core_async.py:455-531) and nVuln reads its OAuth host there (Auth.ts:347-362);
    wideq 1.5.0 takes ``empUri``, ``thinqUri`` and ``oauthUri`` from it (core.py:312-322).
    """
    names = hosts(country)
    answer: dict[str, Any] = realworld.load(realworld.KIC_GATEWAY_US) | {
        "countryCode": country,
        "langCode": language,
        "thinqUri": f"{origin}/{names['thinq1']}/api",
        "empUri": f"{origin}/{names['account']}",
        "contentsUri": f"{origin}/{names['thinq1']}/api",
        "oauthUri": f"{origin}/{names['oauth']}",
        "rtiUri": f"{names['thinq1']}:47878",
    }
    return answer
