"""Constants of LG's ThinQ cloud as live clients use it (2022-2026).

Sources: ollo69/ha-smartthinq-sensors @ ccaac04 (``wideq/core_async.py``, cited as
``core_async``) and nVuln/homebridge-lg-thinq @ c50f246 (``src/lib``); see
docs/thinq-protocol.md, "Reaching ThinQ1 devices today".
"""

from __future__ import annotations

from typing import Final

# The route gateway (core_async:63; nVuln constants.ts:1).
ROUTE_HOST: Final = "route.lgthinq.com"
DEFAULT_GATEWAY_URL: Final = (
    f"https://{ROUTE_HOST}:46030/v1/service/application/gateway-uri"
)
# The 2018 gateway: where older entries pointed, and where ollo69 and nVuln still read
# the OAuth host when the route answer has none (core_async:503-531; Auth.ts:347-362).
KIC_HOST: Final = "kic.lgthinq.com:46030"
KIC_PATH: Final = "/api/common/gatewayUriList"
LEGACY_GATEWAY_URL: Final = f"https://{KIC_HOST}{KIC_PATH}"
# The EMP OAuth host of the third-party trade (core_async:68).
EMP_OAUTH_HOST: Final = "emp-oauth.lgecloud.com"
EMP_SESSION_PATH: Final = "/emp/oauth2/token/empsession"
DEFAULT_COUNTRY: Final = "US"
DEFAULT_LANGUAGE: Final = "en-US"

# The v2 app headers (core_async:51-61, 295-333).
API_KEY: Final = "VGhpblEyLjAgU0VSVklDRQ=="
DEFAULT_CLIENT_ID: Final = (
    "c713ea8e50f657534ff8b9d373dfebfc2ed70b88285c26b8ade49868c0b164d9"
)
APP_HEADERS: Final = {
    "x-api-key": API_KEY,
    "x-service-code": "SVC202",
    "x-service-phase": "OP",
    "x-thinq-app-level": "PRD",
    "x-thinq-app-os": "ANDROID",
    "x-thinq-app-type": "NUTS",
    "x-thinq-app-ver": "5.0.1200",
}
SECURITY_KEY: Final = "nuts_securitykey"
SVC_CODE: Final = "SVC202"

# OAuth (core_async:65-91, 692-795).
CLIENT_ID: Final = "LGAO221A02"
OAUTH_SECRET_KEY: Final = "c053c2a6ddeb7ad97cb0eed0dcb31cf8"  # noqa: S105  # public
DATE_FORMAT: Final = "%a, %d %b %Y %H:%M:%S +0000"
TOKEN_PATH: Final = "/oauth/1.0/oauth2/token"  # noqa: S105
PROFILE_PATH: Final = "/users/profile"
CODE_REDIRECT_URI: Final = "lgaccount.lgsmartthinq:/"
# The EMP sign-in of third-party accounts (core_async:73-82, 542-690).
SPX_APPLICATION_KEY: Final = "6V1V8H2BN5P9ZQGOI5DAQ92YZBDO3EK9"
EMP_APP_KEY: Final = "LGAO722A02"
THIRD_PARTY_KINDS: Final = {
    "GGL": "google",
    "AMZ": "amazon",
    "FBK": "facebook",
    "APPL": "apple",
}

# The ThinQ1 envelope and result codes (core_async:85-105; nVuln request.ts:76-106).
DATA_ROOT: Final = "lgedmRoot"
RESULT_OK: Final = "0000"
CODE_REQUEST_FAILED: Final = "0100"
CODE_DEVICE_NOT_FOUND: Final = "0101"
CODE_NOT_LOGGED_IN: Final = "0102"
CODE_NOT_CONNECTED: Final = "0106"
CODE_TERMS: Final = "0110"
CODE_DELAYED: Final = "0111"
CODE_INVALID_REQUEST: Final = "9000"
CODE_SESSION_FAILED: Final = "9003"
SESSION_CODES: Final = frozenset({CODE_NOT_LOGGED_IN, CODE_SESSION_FAILED})
# "Please consider using the official API": a new client id is the work-around
# (core_async:426-433).
CLIENT_ID_CODES: Final = frozenset({"9006", "9012"})
UNREACHABLE_CODES: Final = frozenset({CODE_NOT_CONNECTED, CODE_DELAYED})

DEVICE_TYPE_AC: Final = 401
ACCESS_TOKEN_LIFETIME: Final = 3600
REFRESH_MARGIN: Final = 60
BINARY_FORMAT: Final = "BINARY(BYTE)"
