"""Tenant dialects: how each SEW flavor reads requests and shapes answers.

| module | flavor | evidence |
|---|---|---|
| hidroelectrica.py, hidroelectrica_values.py | A: JSON API | P1, P2, P4, P5 |
| nbpower.py, nbpower_rows.py | B: WidgetAPI | P7, P8, live capture |
| nbpower_site.py | B: NB Power's web sign-in (the widget token) | P7, P8 |
| mobile.py | D: mobile `.svc` requests (seed, SEW, legacy) | seed, P16 capture, P17 |
| unverified_answers.py, unverified_rows.py | mobile answers and the first `/API/` shapes | none |
| unverified_api.py | the first `/API/<Module>/` layout | none |
| web_portal.py (routes, cookies, CSRF, pages, login), web_calls.py (page methods, `d`), web_login.py, web_pages.py, web_usage.py, web_rows.py, web_answers.py, web_billing.py, web_style.py (per-tenant variants) | C: ASP.NET web portal `<base>/<Page>.aspx/<WebMethod>` | ACWD1, ACWD2, CPAU captures, HID-W, TANGO, PGW, SCM (research note web-portal.md) |
| cx_common.py, cx_tokens.py | E: CX REST, shared: case-insensitive routes, envelopes, switches, JWT access + rotating refresh tokens | AL1-AL4, DP, DR (research cx.md) |
| alliant.py, alliant_usage.py | E: Alliant (password sign-in, Services, UsageAPI MO/DA/HH, bills) | AL1-AL4 |
| dominion.py, dominion_workbook.py, dominion_bills.py | E: Dominion (token exchange, Service, BillingAPI, 30-minute .xlsx) | DP, DH, DN, DW, DJ, DR |
| gigya.py, gigya_tfa.py | Dominion's Gigya sign-in and two-factor, under `<base>/gigya` | DP, DW, DR, Gigya issue threads |

Adding a flavor (SEW's CX REST, ...) means a new module here:
a `Dialect` subclass (base.py) whose `routes()` lists its paths. Its handlers read the
request, call `await self.portal.gate(request, meter=..., days=..., login=...)` once they
know what it concerns (scoped faults and counters), keep credentials in
`self.portal.sessions` (any `kind`: cookie sessions, bearer and refresh tokens; lifetimes per
kind through `token_lifetime`), read values from `self.portal.truth` and
`self.portal.publisher.read_hourly` (which applies withheld days and injected readings), and
answer in the tenant's shapes with the source cited beside each. `server_error` and
`wrong_shape` give the flavor's own failure pages. The tenant's data go in truth/tenants.py
(or a module of their own) and a `Profile` in profiles.py; the ground truth and the server
core need no change. A further web-portal tenant is a `WebStyle` (web_style.py) with its
data and a `Profile` using `WebPortal.factory(style)`. A REST flavor whose GETs are calls
sets `api_reads` (they are then counted with the POSTs); a flavor whose paths are
case-insensitive routes through one catch-all, as `CxDialect` (cx_common.py) does.
"""
