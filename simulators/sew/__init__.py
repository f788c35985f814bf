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
- "acwd": Alameda County Water District's ASP.NET web portal (`/portal/<Page>.aspx/<Method>`),
  water in gallons, hourly and 15-minute, America/Los_Angeles, the real ACWD day as truth;
- "paloalto": City of Palo Alto Utilities' web portal (`/Portal/...`), net-metered electric
  (IUsage/Eusage rows) plus gas and water (unverified), one login with two contracts;
- "alliant" and "dominion": SEW's CX REST services (Bearer access + refresh tokens) of
  Alliant Energy (password sign-in; America/Chicago, an assumption) and Dominion Energy
  (Gigya sign-in with two-factor, 30-minute .xlsx usage; America/New_York), USD; see
  "CX tenants" below;
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
  `cycle_start(day)`, `cycle_end(day)`,
  `cycle_total(meter, first, channel)`, `bill_amount`, `bills(account)`, `data_start`,
  `latest_published_day`, `estimated_day`, `partial_day`; per profile `portal.profile.tenant`
  (logins, accounts, `meters`, zone, currency); on a net-metered meter
  `published_net_hourly(meter, day)` and `net_cycle_total(meter, first)` (net use and
  amount: energy, customer charge, export credit); `true_consumption(meter, moment)` (what
  the house used in an hour, before solar). Underneath, `portal.truth` and
  `portal.publisher` are the truth and publication layers the simulator's own tests read.
- Tenants' account and meter numbers, by tenant: HIDRO_CONTRACT_*, NB_ACCOUNT,
  ACWD_*METER, PALO_ALTO_*, ALLIANT_*, DOMINION_* (with the rates NB_POWER_RATE).
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
- Web portal (`WebPortal.of(portal)`): `portal_url(base_url)` (the URL a user pastes),
  `force_login_answer(username, LoginAnswer.X | None)`, `failure` (FailureStyle.ROW or
  TABLE for wrong passwords); demo logins DEMO_USERNAME, DEMO_2FA_USERNAME,
  DEMO_MIGRATED_USERNAME, DEMO_TWO_CONTRACTS_USERNAME (acwd); sessions are the
  "aspnet" kind (`expire_all_tokens("aspnet")`).
- Counters: `requests` (by path), `page_requests` (GETs), `requests_by_meter`,
  `requests_by_login`, `sessions.logins` (successful logins), `request_total`.

CX tenants (dialects/alliant.py, dominion.py, gigya.py; evidence in /work/research/cx.md):
- Demo login: DEMO_USERNAME / DEMO_PASSWORD. Alliant signs in at `<base>/UsermanagementAPI/
  api/1/Login/auth` and wants the portal's Origin and a browser User-Agent (else an HTML
  403). Dominion's login needs the second factor (code `CxSwitches.tfa_code`, "246810")
  until the device (its Gigya `gmid` cookie) is trusted.
- Base URLs: Alliant's services answer at `base_url` (for `https://alliant-svc.
  smartcmobile.com`). Dominion: `dominion_urls(base_url)` gives `.cx` = base_url (for
  `https://prodsvc-dominioncip.smartcmobile.com`), `.gigya` = base_url + "/gigya" (for
  `https://auth.dominionenergy.com`) and `.login` = base_url (for `https://login.
  dominionenergy.com`, its `/CommonLogin`). Cookies from 127.0.0.1 need
  `aiohttp.CookieJar(unsafe=True)`.
- Switches and counters: `cx_state(portal).switches` (CxSwitches: access_lifetime,
  refresh_lifetime, session_lifetime, refresh_revives_expired, rotated_refresh_valid,
  refuse_refresh, browser_check, captcha, tfa_code, date_cells, reread_days) and
  `cx_state(portal).counters` (CxCounters: logins, refused_logins, password_logins,
  refreshes, refused_refreshes, codes_sent, downloads). The portal's own switches apply too:
  `expire_all_tokens("cx-access")`, `lock_account`, `set_two_factor` (Dominion), faults
  (CX reads are GETs: `inject(..., methods=("GET",))`), withhold/restate/inject_reading.
- Browser tokens (the captcha way): `browser_sign_in(portal)` returns the access and refresh
  tokens a user would copy from the browser.
- Tokens and keys: `make_jwt(claims)` signs a CX-style token, `jwt_claims(token)` reads one it signed;
  GIGYA_API_KEY is the Dominion site's Gigya key (its `glt_<key>` login cookie).

Example:
    runner, portal, base_url = await start_sew_portal(profile="hidroelectrica", now=NOW)
    portal.inject(Fault.SERVER_ERROR, meter="104522871", times=3)
    portal.withhold("104522871", day, style="no_records")
    expected = portal.true_hourly("104522871", day)
"""

from .dialects.cx_common import CxCounters, CxSwitches, cx_state
from .dialects.cx_tokens import jwt_claims, make_jwt
from .dialects.dominion import DominionUrls, browser_sign_in, dominion_urls
from .dialects.gigya import API_KEY as GIGYA_API_KEY
from .dialects.web_portal import WebPortal
from .dialects.web_style import FailureStyle, LoginAnswer
from .profiles import DEFAULT_PROFILE, PROFILES, Profile
from .server.faults import Fault, FaultRule
from .server.portal import SewPortal, describe, start_sew_portal
from .truth import Bill, Channel, HourTruth, Reading, SimAccount, SimMeter
from .truth.cx_tenants import (
    ALLIANT,
    ALLIANT_ACCOUNT_1,
    ALLIANT_ACCOUNT_2,
    ALLIANT_METER,
    ALLIANT_PREMISE_1,
    ALLIANT_PREMISE_2,
    ALLIANT_RETIRED_METER,
    ALLIANT_SOLAR_METER,
    ALLIANT_UUID,
    DOMINION,
    DOMINION_ACCOUNT,
    DOMINION_METER,
    DOMINION_SOLAR_ACCOUNT,
    DOMINION_SOLAR_METER,
    DOMINION_UID,
)
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
    HIDRO_CONTRACT_1,
    HIDRO_CONTRACT_2,
    HIDROELECTRICA,
    NB_ACCOUNT,
    NB_POWER,
    NB_POWER_RATE,
    US_DEMO,
)
from .truth.weather import consumption as true_consumption
from .truth.web_tenants import (
    ACWD,
    ACWD_METER,
    ACWD_RENTAL_METER,
    DEMO_MIGRATED_USERNAME,
    DEMO_TWO_CONTRACTS_USERNAME,
    PALO_ALTO,
    PALO_ALTO_COTTAGE_ELECTRIC,
    PALO_ALTO_ELECTRIC,
    PALO_ALTO_GAS,
    PALO_ALTO_OLD_ELECTRIC,
    PALO_ALTO_WATER,
)

DEMO_TIME_ZONE = US_DEMO.zone

__all__ = [
    "ACCOUNT_1",
    "ACCOUNT_2",
    "ACWD",
    "ACWD_METER",
    "ACWD_RENTAL_METER",
    "ALLIANT",
    "ALLIANT_ACCOUNT_1",
    "ALLIANT_ACCOUNT_2",
    "ALLIANT_METER",
    "ALLIANT_PREMISE_1",
    "ALLIANT_PREMISE_2",
    "ALLIANT_RETIRED_METER",
    "ALLIANT_SOLAR_METER",
    "ALLIANT_UUID",
    "DEFAULT_PROFILE",
    "DEMO_2FA_USERNAME",
    "DEMO_ACCOUNTS",
    "DEMO_MIGRATED_USERNAME",
    "DEMO_PASSWORD",
    "DEMO_TIME_ZONE",
    "DEMO_TWO_CONTRACTS_USERNAME",
    "DEMO_USERNAME",
    "DOMINION",
    "DOMINION_ACCOUNT",
    "DOMINION_METER",
    "DOMINION_SOLAR_ACCOUNT",
    "DOMINION_SOLAR_METER",
    "DOMINION_UID",
    "GIGYA_API_KEY",
    "HIDROELECTRICA",
    "HIDRO_CONTRACT_1",
    "HIDRO_CONTRACT_2",
    "NB_ACCOUNT",
    "NB_POWER",
    "NB_POWER_RATE",
    "PALO_ALTO",
    "PALO_ALTO_COTTAGE_ELECTRIC",
    "PALO_ALTO_ELECTRIC",
    "PALO_ALTO_GAS",
    "PALO_ALTO_OLD_ELECTRIC",
    "PALO_ALTO_WATER",
    "PROFILES",
    "US_DEMO",
    "Bill",
    "Channel",
    "CxCounters",
    "CxSwitches",
    "DominionUrls",
    "FailureStyle",
    "Fault",
    "FaultRule",
    "HourTruth",
    "LoginAnswer",
    "Profile",
    "Reading",
    "SewPortal",
    "SimAccount",
    "SimMeter",
    "WebPortal",
    "acwd_hourly_day",
    "browser_sign_in",
    "cx_state",
    "describe",
    "dominion_urls",
    "hourly_values",
    "jwt_claims",
    "load_realworld",
    "make_jwt",
    "mobile_login_request",
    "nbpower_tentative",
    "realworld_dir",
    "start_sew_portal",
    "true_consumption",
]
