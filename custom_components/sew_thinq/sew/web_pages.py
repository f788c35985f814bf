"""The web portal's HTML pages: the CSRF token, the login form and the contract list.

Read with Beautiful Soup (Python's own HTML parser underneath). No peer quotes a real page;
what is looked for is where the peers look (research note web-portal.md sections 1.3, 6):
- the token is an ASP.NET HiddenField with a static id: id `hdnCSRFToken` (funkadelic/
  ha-acwd acwd_api.py:402-418; parvez/acwd_water_usage sensor.py:167; T-Fowl/tango-energy-
  usage-exporter main.go:354), its name bare (ha-acwd acwd_api.py:62-80), `ctl00$...`
  under the master page (sarbuandreidaniel/hidroelectrica const.py:23; jsinnott/cpau
  session.py:288) or `OuterHeader$...` (Redwood City, 2019); City of Palo Alto's login
  page carries `__RequestVerificationToken` instead (jsinnott/cpau session.py:85);
- a login page has `txtLogin` and `btnlogin` (emanuelbesliu/homeassistant-ihidro
  web_portal_api.py:356) and `txtpwd` (SEW's own script reads #txtLogin and #txtpwd,
  KaranWalia1387/Test1 SCM/Portal/js/default.js:477-478);
- the contracts: the custom list `<li role='listitem' data-id=<UAN> Addressid=<id>>`, else
  the `<select id="ddlAddress">` whose option values are `accountNumber:addressId:x:lat:lon:
  zipcode:utilityAccountNumber:meterType` with "(Default)" in the default one's text
  (sarbuandreidaniel/hidroelectrica auth.py:212-287; SEW's script reads [6] and [7],
  SCM LevelPlan.js:6, usage-common.js:529).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import re

from bs4 import BeautifulSoup, Tag

CSRF_FIELD = "hdnCSRFToken"
VERIFICATION_FIELD = "__RequestVerificationToken"
LOGIN_FIELDS = ("txtlogin", "txtpwd", "btnlogin")
DEFAULT_MARK = re.compile(r"\s*\(default\)\s*", re.IGNORECASE)
# The option value's parts (see the module docstring).
_ACCOUNT, _ADDRESS_ID, _UAN, _METER_TYPE = 0, 1, 6, 7


@dataclass(frozen=True, slots=True)
class PageContract:
    """A contract a page's address list offers."""

    utility_account_number: str
    address_id: str
    account_number: str | None = None
    label: str | None = None
    meter_type: str | None = None
    is_default: bool = False


@dataclass(frozen=True, slots=True)
class PortalPage:
    """What a page tells: its CSRF token, whether it asks to log in, its contracts."""

    csrf_token: str | None
    login_token: str | None
    is_login_page: bool
    contracts: tuple[PageContract, ...]


def read_page(html: str) -> PortalPage:
    """Read a portal page."""
    soup = BeautifulSoup(html, "html.parser")
    csrf = _csrf_token(soup)
    verification = _input_value(soup, lambda tag: tag.get("name") == VERIFICATION_FIELD)
    return PortalPage(
        csrf_token=csrf,
        login_token=csrf or verification,
        is_login_page=_is_login_page(soup),
        contracts=_select_contracts(soup) or _list_contracts(soup),
    )


def _attribute(tag: Tag, name: str) -> str:
    value = tag.get(name)
    if isinstance(value, list):
        return " ".join(value)
    return value or ""


def _input_value(soup: BeautifulSoup, wanted: Callable[[Tag], bool]) -> str | None:
    """Return the non-empty value of the first input matching a test."""
    for tag in soup.find_all("input"):
        if isinstance(tag, Tag) and wanted(tag):
            value = _attribute(tag, "value").strip()
            if value:
                return value
    return None


def _csrf_token(soup: BeautifulSoup) -> str | None:
    """Return the CSRF token: by id first, then by a name ending in the field's name."""
    return _input_value(
        soup, lambda tag: _attribute(tag, "id") == CSRF_FIELD
    ) or _input_value(soup, lambda tag: _attribute(tag, "name").endswith(CSRF_FIELD))


def _is_login_page(soup: BeautifulSoup) -> bool:
    """Tell whether a page is the portal's login form."""
    names = {
        _attribute(tag, key).casefold()
        for tag in soup.find_all(["input", "button"])
        if isinstance(tag, Tag)
        for key in ("id", "name")
    }
    return LOGIN_FIELDS[0] in names and bool(names & set(LOGIN_FIELDS[1:]))


def _list_contracts(soup: BeautifulSoup) -> tuple[PageContract, ...]:
    """Read the custom address list (`li` items with `data-id` and `Addressid`)."""
    contracts: dict[str, PageContract] = {}
    for item in soup.find_all("li"):
        if not isinstance(item, Tag):
            continue
        uan = _attribute(item, "data-id").strip()
        address_id = _attribute(item, "addressid").strip()
        if uan and address_id:
            label = DEFAULT_MARK.sub(" ", item.get_text(" ", strip=True)).strip()
            contracts.setdefault(
                uan, PageContract(uan, address_id, label=label or None)
            )
    return tuple(contracts.values())


def _select_contracts(soup: BeautifulSoup) -> tuple[PageContract, ...]:
    """Read the `ddlAddress` options."""
    select = soup.find("select", id="ddlAddress")
    if not isinstance(select, Tag):
        return ()
    contracts: dict[str, PageContract] = {}
    for option in select.find_all("option"):
        if not isinstance(option, Tag):
            continue
        parts = _attribute(option, "value").split(":")
        if len(parts) <= _UAN or not parts[_UAN] or not parts[_ADDRESS_ID]:
            continue
        text = option.get_text(" ", strip=True)
        contracts.setdefault(
            parts[_UAN],
            PageContract(
                utility_account_number=parts[_UAN],
                address_id=parts[_ADDRESS_ID],
                account_number=parts[_ACCOUNT] or None,
                label=DEFAULT_MARK.sub(" ", text).strip() or None,
                meter_type=parts[_METER_TYPE] if len(parts) > _METER_TYPE else None,
                is_default=DEFAULT_MARK.search(text) is not None,
            ),
        )
    return tuple(contracts.values())
