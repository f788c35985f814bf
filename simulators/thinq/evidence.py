"""What the simulated LG cloud checks and answers, with the source of each fact.

Sources, cited as ``<short name> <file>:<lines>`` beside each fact in this package:

- ``ollo69``: github ollo69/ha-smartthinq-sensors @ ccaac0493044b50d4af51f50fcdda87689b4beaa
  (v0.42.2, 2026-05-17), ``custom_components/smartthinq_sensors/wideq/`` (``core_async.py``,
  ``device.py``, ``device_info.py``, ``devices/ac.py``) and ``climate.py``;
- ``nVuln``: github nVuln/homebridge-lg-thinq @ c50f246e7f1945ad9ad227cf8b53ad6fbb224613
  (2026-05-05), ``src/lib/`` (``Auth.ts``, ``API.ts``, ``request.ts``, ``constants.ts``) and
  ``src/cli.ts``;
- ``openHAB``: github openhab/openhab-addons, ``bundles/org.openhab.binding.lgthinq``
  (``src/test/resources/*.json``: answers its tests replay);
- ``wideq``: the published reference client ``wideq==1.5.0`` (``wideq/core.py``), which still
  drives the simulated device protocol in ``tests/thinq/test_wideq_fidelity.py``;
- ``realworld``: ``../shared/realworld/thinq/`` (LG's own documents and captured answers; its
  README names their sources).

Where no source says what LG does, the code says so and accepts every plausible variant.
"""

from __future__ import annotations

from typing import Final

# The v2 ("ThinQ2") app identity: ollo69 core_async.py:51-61, nVuln constants.ts:6-7.
API_KEY: Final = "VGhpblEyLjAgU0VSVklDRQ=="
SERVICE_CODE: Final = "SVC202"
# The v1 ("lgedm") keys, still sent to thinq1Uri: ollo69 core_async.py:85-91, 323-324.
APPLICATION_KEY: Final = "wideq"
SECURITY_KEY: Final = "nuts_securitykey"
# OAuth: the app key and the secret that sign token and profile requests
# (ollo69 core_async.py:89-90, 727-747; nVuln constants.ts:3-4, Auth.ts:367-386).
OAUTH_APP_KEY: Final = "LGAO221A02"
OAUTH_SECRET: Final = "c053c2a6ddeb7ad97cb0eed0dcb31cf8"
# The EMP session key of the third-party trade (ollo69 core_async.py:74, 661).
EMP_APP_KEY: Final = "LGAO722A02"
# The redirect URI of the authorization-code exchange (ollo69 core_async.py:76, 776).
CODE_REDIRECT_URI: Final = "lgaccount.lgsmartthinq:/"
# ``x-lge-oauth-date`` and ``lgemp-x-date``: RFC 2822 in UTC (ollo69 core_async.py:91, 738;
# nVuln Auth.ts:373 ``toRFC2822``).
DATE_FORMAT: Final = "%a, %d %b %Y %H:%M:%S +0000"
# Third-party account kinds in a sign-in's final URL (ollo69 core_async.py:77-82).
THIRD_PARTY_KINDS: Final = {
    "GGL": "google",
    "AMZ": "amazon",
    "FBK": "facebook",
    "APPL": "apple",
}

# Result codes (ollo69 core_async.py:93-105; nVuln request.ts:76-106, errors/*.ts).
OK: Final = "0000"
REQUEST_FAILED: Final = "0100"
DEVICE_NOT_FOUND: Final = "0101"
NOT_LOGGED_IN: Final = "0102"
NOT_CONNECTED: Final = "0106"
TERMS: Final = "0110"
DELAYED: Final = "0111"
INVALID_REQUEST: Final = 9000  # "Surprisingly, an integer (not a string)": ollo69 :100.
USE_OFFICIAL_API: Final = ("9006", "9012")
OTHER_ERRORS: Final = ("9995", "9999")

# Refused OAuth requests: a non-200 answer (ollo69 core_async.py:756) with ``error.code``;
# LG.OAUTH.EC.4001 refuses a refresh token, LG.OAUTH.EC.2004 is an expired one
# (docs/thinq-protocol.md, ollo69 PR #1005). The codes of a bad signature or date are not
# known: the simulator answers 401 with a message only.
REFRESH_REFUSED: Final = "LG.OAUTH.EC.4001"
