"""Simulated SEW tenants: real aiohttp servers answering as real SEW-run portals do.

Each profile is a real tenant's dialect built from the evidence (docs/sew-protocol.md; the
source is cited beside each shape in dialects/):

- "hidroelectrica" (the default): the JSON API (`/API/UserLogin/*` + `/Service/<Module>/*`), RON,
  Europe/Bucharest, one login with two contracts (one a prosumer);
- "nbpower": NB Power's web sign-in (`/auth/weblogin.aspx`, the widget token on
  `/Customer/AccountSummaryView.aspx`) and its WidgetAPI (`/WidgetAPI/...`), kWh/CAD,
  America/Moncton;
- "mobile-seed" and "mobile-sew": the mobile `.svc` services in the seed article's and in
  SEW's own test code's request dialect (their answers are unverified);
- "unverified": the first simulator's shapes, which no evidence supports, kept for the
  tests of the client's tolerance of legacy variants.

Layout: truth/ holds the ground truth (tenants, hourly truth as a pure function of meter and
hour, cycles, bills, publication lag, estimates); server/ the HTTP core (app, clock,
sessions, faults, counters); dialects/ one module per tenant dialect; profiles.py names the
profiles.

Public surface:
- `start_sew_portal(host, port, *, profile, now, token_lifetime, latency, **options)` ->
  (runner, portal, base_url); `SewPortal(profile, ...)` without a server; `describe()`.
- Truth, for comparing statistics hour by hour: `portal.true_hourly(meter, day, channel)`,
  `published_hourly`, `day_total(..., published=...)`, `billing_cycles()`,
  `cycle_total(meter, first, channel)`, `bill_amount`, `bills(account)`, `data_start`,
  `latest_published_day`, `estimated_day`, `partial_day`; per profile `portal.profile.tenant`
  (logins, accounts, `meters`, zone, currency).
- Clock: `portal.now` (settable), `advance(delta)`, `today`.
- Faults (server/faults.py): `portal.inject(Fault.X, times=, after=, path=, meter=, day=,
  login=, retry_after=, retry_after_http_date=, delay=)` returns the rule; `clear_faults()`.
  Fault: SERVER_ERROR, HTML_PAGE, MALFORMED_JSON, WRONG_SHAPE, RATE_LIMIT (Retry-After in
  seconds or as an HTTP date), DELAY.
- Behaviours: `withhold(meter, day, hours=, times=, style="empty"|"no_records")`,
  `restate(meter, day, factor=|values=)`, `inject_reading(meter, start, value)` (negative,
  absurd, future), `change_time_zone(zone)`, `expire_all_tokens(kind=None)`,
  `token_lifetime`, `lock_account(username)`, `set_two_factor(username)`,
  `issue_token(kind)` (a credential a user pastes, e.g. NB Power's "widget" token).
- Counters: `requests` (by path), `page_requests` (GETs), `requests_by_meter`,
  `requests_by_login`, `sessions.logins` (successful logins), `request_total`.

Example:
    runner, portal, base_url = await start_sew_portal(profile="hidroelectrica", now=NOW)
    portal.inject(Fault.SERVER_ERROR, meter="104522871", times=3)
    portal.withhold("104522871", day, style="no_records")
    expected = portal.true_hourly("104522871", day)
"""

from .profiles import DEFAULT_PROFILE, PROFILES, Profile
from .server.faults import Fault, FaultRule
from .server.portal import SewPortal, describe, start_sew_portal
from .truth import Bill, Channel, HourTruth, Reading, SimAccount, SimMeter
from .truth.recorded import (
    acwd_hourly_day,
    hourly_values,
    load_realworld,
    mobile_login_request,
    nbpower_tentative,
    realworld_dir,
)
from .truth.tenants import (
    ACCOUNT_1,
    ACCOUNT_2,
    DEMO_2FA_USERNAME,
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_USERNAME,
    HIDROELECTRICA,
    NB_POWER,
    US_DEMO,
)

DEMO_TIME_ZONE = US_DEMO.zone

__all__ = [
    "ACCOUNT_1",
    "ACCOUNT_2",
    "DEFAULT_PROFILE",
    "DEMO_2FA_USERNAME",
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "DEMO_TIME_ZONE",
    "DEMO_USERNAME",
    "HIDROELECTRICA",
    "NB_POWER",
    "PROFILES",
    "US_DEMO",
    "Bill",
    "Channel",
    "Fault",
    "FaultRule",
    "HourTruth",
    "Profile",
    "Reading",
    "SewPortal",
    "SimAccount",
    "SimMeter",
    "acwd_hourly_day",
    "describe",
    "hourly_values",
    "load_realworld",
    "mobile_login_request",
    "nbpower_tentative",
    "realworld_dir",
    "start_sew_portal",
]
