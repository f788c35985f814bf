"""Constants of the LG ThinQ v1 ("lgedm") protocol."""

from __future__ import annotations

from typing import Final

DEFAULT_GATEWAY_URL: Final = "https://kic.lgthinq.com:46030/api/common/gatewayUriList"
DEFAULT_COUNTRY: Final = "US"
DEFAULT_LANGUAGE: Final = "en-US"

DATA_ROOT: Final = "lgedmRoot"
APP_KEY: Final = "wideq"
SECURITY_KEY: Final = "nuts_securitykey"
SVC_CODE: Final = "SVC202"
CLIENT_ID: Final = "LGAO221A02"
OAUTH_CLIENT_KEY: Final = "LGAO221A02"
OAUTH_SECRET_KEY: Final = "c053c2a6ddeb7ad97cb0eed0dcb31cf8"  # noqa: S105  # public, in wideq
DATE_FORMAT: Final = "%a, %d %b %Y %H:%M:%S +0000"

TOKEN_PATH: Final = "/oauth2/token"  # noqa: S105
# The account identity. LG's EMP OAuth service answers ``GET {oauthUri}/users/profile``
# (bearer access token, signed ``x-lge-oauth-date``/``x-lge-oauth-signature`` headers over
# "/users/profile\n<date>" with the same secret) with ``{"status": 1, "account":
# {"userNo": ...}}``; ollo69/ha-smartthinq-sensors (wideq/core_v2.py, get_user_number)
# reads ``account.userNo`` there and sends it as ``x-user-no``. The v1 ``member/login``
# answer is not documented to carry a user id (wideq reads only ``jsessionId`` and
# ``item``), so the user number is the stable id that survives a new sign-in.
PROFILE_PATH: Final = "/users/profile"

RESULT_OK: Final = "0000"
CODE_REQUEST_FAILED: Final = "0100"
CODE_DEVICE_NOT_FOUND: Final = "0101"
CODE_NOT_LOGGED_IN: Final = "0102"
CODE_NOT_CONNECTED: Final = "0106"
CODE_TERMS: Final = "0110"
CODE_INVALID_REQUEST: Final = "9000"
CODE_SESSION_FAILED: Final = "9003"
SESSION_CODES: Final = frozenset({CODE_NOT_LOGGED_IN, CODE_SESSION_FAILED})

DEVICE_TYPE_AC: Final = 401
ACCESS_TOKEN_LIFETIME: Final = 3600
REFRESH_MARGIN: Final = 60
BINARY_MONITORING: Final = "BINARY(BYTE)"
