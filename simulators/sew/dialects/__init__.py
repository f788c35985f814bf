"""Tenant dialects: how each SEW flavor reads requests and shapes answers.

| module | flavor | evidence |
|---|---|---|
| hidroelectrica.py, hidroelectrica_values.py | A: JSON API | P1, P2, P4, P5 |
| nbpower.py, nbpower_rows.py | B: WidgetAPI | P7, P8, live capture |
| nbpower_site.py | B: NB Power's web sign-in (the widget token) | P7, P8 |
| mobile.py | D: mobile `.svc` requests (seed, SEW, legacy) | seed, P16 capture, P17 |
| unverified_answers.py, unverified_rows.py | mobile answers and the first `/API/` shapes | none |
| unverified_api.py | the first `/API/<Module>/` layout | none |

Adding a flavor (the web portal's `Portal/*.aspx`, SEW's CX REST) means a new module here:
a `Dialect` subclass (base.py) whose `routes()` lists its paths. Its handlers read the
request, call `await self.portal.gate(request, meter=..., days=..., login=...)` once they
know what it concerns (scoped faults and counters), keep credentials in
`self.portal.sessions` (any `kind`: cookie sessions, bearer and refresh tokens; lifetimes per
kind through `token_lifetime`), read values from `self.portal.truth` and
`self.portal.publisher.read_hourly` (which applies withheld days and injected readings), and
answer in the tenant's shapes with the source cited beside each. `server_error` and
`wrong_shape` give the flavor's own failure pages. The tenant's data go in truth/tenants.py
(or a module of their own) and a `Profile` in profiles.py; the ground truth and the server
core need no change.
"""
