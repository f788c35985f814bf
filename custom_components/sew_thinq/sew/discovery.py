"""Find a tenant's layout from any URL a user would paste, protecting the password.

Order of work:
1. A host the catalogue knows (verified) gives its layout without a request.
2. Probes that need no password, for each candidate base: flavor A's GetId, which hands a
   key to anyone (P1 emanuelbesliu/homeassistant-ihidro api.py:173-181), then flavor D's
   help page `UserLogin.svc/help` in the candidate folders (`PortalService` in the seed
   article). A URL naming a `.svc` service or the `PortalService` folder needs no probe. A
   401 or 404 on a probe means "not this dialect", never "stop".
3. Only for the mobile flavor, whose dialect no request without the password reveals: at
   most one login attempt per candidate dialect, stopping at the first success or at a
   refusal that names the account's state (locked, second factor).
Before them, the web portal (`Portal/*.aspx`): its login page needs no password and is told
by its form (`web_pages.read_page`), in the pasted URL's folder or the host's `/Portal`.
CX tenants (Alliant, Dominion) come from the catalogue: their hosts are known, and no probe
tells an unlisted CX tenant's sign-in apart.
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
import logging
import re
import zoneinfo

import aiohttp
from yarl import URL

from .errors import (
    InvalidCredentialsError,
    NotSewPortalError,
    SewAuthError,
    SewConnectionError,
    SewError,
    SewRateLimitError,
    SewResponseError,
)
from .flavor import Credentials, PortalContext
from .http import PortalHttp
from .json_api import JsonApi
from .layout import (
    Encryption,
    MobileDialect,
    PortalLayout,
    json_api_layout,
    mobile_layout,
    web_portal_layout,
)
from .locale import Locale
from .mobile import MobileApi
from .session import PortalSession
from .utilities import utility_of_host
from .utility import Utility
from .web_pages import read_page

_LOGGER = logging.getLogger(__name__)
# A mobile service file names the folder holding them all (`.../UserLogin.svc/help`).
_SERVICE_FILE = re.compile(r"/[^/]+\.svc(/|$)", re.IGNORECASE)
_MARKS = re.compile(r"/(portalservice|api|service|widgetapi)(/|$)", re.IGNORECASE)
# The web portal's usual folder (funkadelic/ha-acwd acwd_api.py:56 `/portal/`; jsinnott/cpau
# session.py:77 `/Portal`; IIS matches either).
WEB_FOLDER = "Portal"
# The seed article's folder of the mobile services, under a portal's root.
MOBILE_FOLDER = "PortalService"
# Mobile dialects in the order tried: SEW's own request (the only real one, P16), the seed
# article's, then each with the zero IV of SEW's `DecryptIOS` (P17).
MOBILE_CANDIDATES = (
    (MobileDialect.SEW, Encryption.KEY_IV),
    (MobileDialect.SEED, Encryption.KEY_IV),
    (MobileDialect.SEED, Encryption.ZERO_IV),
    (MobileDialect.SEW, Encryption.ZERO_IV),
)
# Tenants that "opted out of the encryption" (the seed article): tried only when no
# encrypted candidate got an answer a SEW portal gives.
PLAIN_CANDIDATE = (MobileDialect.SEED, Encryption.NONE)


@dataclass(frozen=True, slots=True)
class Discovery:
    """What discovery found: the layout, and the known utility if any.

    `session` is set when discovery itself logged in (the mobile flavor), so the caller need
    not log in again.
    """

    layout: PortalLayout
    utility: Utility | None = None
    session: PortalSession | None = None


@dataclass(frozen=True, slots=True)
class Candidates:
    """Where a pasted URL says the services may be.

    `api_bases` may hold the JSON API's `/API` and `/Service`; `mobile_folders` may hold the
    mobile `.svc` services; `web_folders` the web portal's login page; `named` is set when
    the URL itself names a mobile folder, which then needs no probe; `widget` when it names
    a WidgetAPI.
    """

    api_bases: tuple[str, ...] = ()
    mobile_folders: tuple[str, ...] = ()
    web_folders: tuple[str, ...] = ()
    named: bool = False
    widget: bool = False


@dataclass(slots=True)
class _Findings:
    """What the probes learnt so far."""

    mobile_folders: list[str]
    unreachable: int = 0
    answered: int = 0
    refusal: SewAuthError | None = None


def _web_address(url: str) -> URL:
    """Return a pasted address as a URL; raise NotSewPortalError when it is none."""
    text = url.strip()
    if "://" not in text:
        text = f"https://{text}"
    try:
        parsed = URL(text)
    except ValueError:
        raise NotSewPortalError(f"{url.strip()!r} is not a web address") from None
    if parsed.scheme not in {"http", "https"} or not parsed.host:
        raise NotSewPortalError(f"{url.strip()!r} is not a web address")
    return parsed


def candidates(url: str) -> Candidates:
    """Return where to look for the services a pasted URL names."""
    parsed = _web_address(url)
    origin = str(parsed.origin())
    path = parsed.path
    if match := _SERVICE_FILE.search(path):
        return Candidates(mobile_folders=(origin + path[: match.start()],), named=True)
    if match := _MARKS.search(path):
        mark = match.group(1).casefold()
        head = origin + path[: match.start()].rstrip("/")
        if mark == "widgetapi":
            return Candidates(widget=True)
        if mark == "portalservice":
            folder = origin + path[: match.end()].rstrip("/")
            return Candidates(mobile_folders=(folder,), named=True)
        return Candidates(api_bases=(head,))
    prefix = path.rstrip("/")
    if not path.endswith("/") and "." in prefix.rsplit("/", 1)[-1]:
        # A page (`default.aspx`): its folder is the portal's.
        prefix = prefix.rsplit("/", 1)[0]
    bases = tuple(dict.fromkeys([origin + prefix, origin]))
    folders = tuple(
        dict.fromkeys(
            folder for base in bases for folder in (f"{base}/{MOBILE_FOLDER}", base)
        )
    )
    web = origin + prefix if prefix else f"{origin}/{WEB_FOLDER}"
    return Candidates(api_bases=bases, mobile_folders=folders, web_folders=(web,))


async def discover_portal(
    session: aiohttp.ClientSession,
    url: str,
    *,
    username: str | None = None,
    password: str | None = None,
    request_timeout: float = 15,
) -> Discovery:
    """Return the layout of the tenant a URL names."""
    found = candidates(url)
    utility = utility_of_host(_web_address(url).host)
    if utility is not None and utility.verified:
        return Discovery(utility.layout, utility)
    if found.widget:
        raise NotSewPortalError(
            f"{url.strip()} is a WidgetAPI: its token comes from the utility's own web "
            "login, so the utility has to be chosen from the list"
        )
    http = PortalHttp(session, request_timeout)
    locale = utility.locale if utility else Locale()
    findings = _Findings(
        mobile_folders=list(found.mobile_folders) if found.named else []
    )
    for folder in found.web_folders:
        if await _probe_login_page(http, folder, findings):
            return Discovery(web_portal_layout(folder), utility)
    for base in found.api_bases:
        if layout := await _probe_json_api(http, base, findings):
            return Discovery(layout, utility)
    if not found.named:
        for folder in found.mobile_folders:
            if await _probe_help(http, folder, findings):
                findings.mobile_folders.append(folder)
    if findings.mobile_folders:
        if username is None or password is None:
            layout = mobile_layout(findings.mobile_folders[0], *MOBILE_CANDIDATES[0])
            return Discovery(layout, utility)
        logged_in = await _login_mobile(
            http, findings, Credentials(username, password), locale
        )
        if logged_in is not None:
            return Discovery(logged_in[0], utility, logged_in[1])
    if findings.refusal is not None:
        raise findings.refusal
    if findings.unreachable and not findings.answered:
        raise SewConnectionError(f"Could not reach {url.strip()}")
    raise NotSewPortalError(
        f"{url.strip()} does not answer like a SEW portal this integration speaks"
    )


def _context(
    http: PortalHttp, layout: PortalLayout, credentials: Credentials, locale: Locale
) -> PortalContext:
    """Return a transport context for a probe."""
    zone = locale.zone() or zoneinfo.ZoneInfo("UTC")
    return PortalContext(http, layout, locale, credentials, zone)


async def _probe_json_api(
    http: PortalHttp, base: str, findings: _Findings
) -> PortalLayout | None:
    """Return flavor A's layout when GetId answers at a base; find its service root."""
    layout = json_api_layout(base)
    api = JsonApi(_context(http, layout, Credentials(""), Locale()))
    if not await _answers(findings, api.get_id(), f"GetId at {base}"):
        return None
    for service_dir in ("Service", "API"):
        try:
            answer = await http.request(
                "POST",
                f"{base}/{service_dir}/Usage/GetMultiMeter",
                headers={"Content-Type": "application/json", "SourceType": "1"},
                json_body={},
            )
        except SewConnectionError:
            continue
        if answer.status != 404:
            return json_api_layout(base, service_dir)
    # Every peer's layout (P1 const.py:21-50): `/Service`, even when it hides from probes.
    return layout


async def _probe_page(
    http: PortalHttp, url: str, what: str, findings: _Findings
) -> str | None:
    """Return a page's text when it answers 200; count what answered and what did not."""
    try:
        answer = await http.request("GET", url, headers={})
    except SewRateLimitError:
        raise
    except SewConnectionError as err:
        _LOGGER.debug("No %s at %s: %s", what, url, err)
        findings.unreachable += 1
        return None
    findings.answered += 1
    return answer.text if answer.status == 200 else None


async def _probe_login_page(http: PortalHttp, folder: str, findings: _Findings) -> bool:
    """Tell whether a folder shows the web portal's login page."""
    text = await _probe_page(http, f"{folder}/", "web portal", findings)
    return text is not None and read_page(text).is_login_page


async def _probe_help(http: PortalHttp, folder: str, findings: _Findings) -> bool:
    """Tell whether a folder serves the mobile login service's WCF help page."""
    url = f"{folder}/UserLogin.svc/help"
    text = await _probe_page(http, url, "mobile help page", findings)
    return text is not None and "validateuserlogin" in text.casefold()


async def _answers(findings: _Findings, probe: Awaitable[object], what: str) -> bool:
    """Await a probe; tell whether it succeeded, counting what failed how."""
    try:
        await probe
    except SewRateLimitError:
        raise
    except SewConnectionError as err:
        _LOGGER.debug("%s: %s", what, err)
        findings.unreachable += 1
        return False
    except SewError as err:
        _LOGGER.debug("%s: %s", what, err)
        findings.answered += 1
        return False
    findings.answered += 1
    return True


async def _login_mobile(
    http: PortalHttp, findings: _Findings, credentials: Credentials, locale: Locale
) -> tuple[PortalLayout, PortalSession] | None:
    """Try each mobile dialect once; return the layout and session of the first that logs in.

    A refusal of the user name or password is remembered and the dialect's other IV tried:
    the wrong IV garbles the first block, where the user id is, which also reads as an
    unknown user. A refusal shows the body's dialect was understood (assumed: a body in the
    other dialect fails before any login), so only that dialect's variants follow; a wrong
    password costs at most two attempts. A refusal naming the account's state stops at once.
    """
    for folder in dict.fromkeys(findings.mobile_folders):
        understood: MobileDialect | None = None
        for dialect, encryption in (*MOBILE_CANDIDATES, PLAIN_CANDIDATE):
            if understood is not None and (
                dialect is not understood or encryption is Encryption.NONE
            ):
                continue
            layout = mobile_layout(folder, dialect, encryption)
            api = MobileApi(_context(http, layout, credentials, locale))
            try:
                return layout, await api.login()
            except InvalidCredentialsError as err:
                understood = dialect
                findings.refusal = err
            except SewRateLimitError, SewAuthError:
                raise
            except SewConnectionError as err:
                _LOGGER.debug(
                    "Mobile %s/%s in %s: %s", dialect, encryption, folder, err
                )
                findings.unreachable += 1
            except SewResponseError as err:
                _LOGGER.debug(
                    "Mobile %s/%s in %s: %s", dialect, encryption, folder, err
                )
                findings.answered += 1
    return None
