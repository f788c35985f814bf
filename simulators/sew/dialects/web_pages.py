"""The HTML pages of a simulated web portal: login page, pages under the master page.

No peer quotes a real page (research note web-portal.md section 1.3); what the markup
follows is where the peers look, cited beside each element. The CSRF field is an ASP.NET
HiddenField with a static id: id `hdnCSRFToken` always, the name bare on the login page
(ACWD) and `ctl00$hdnCSRFToken` under the master page (HID-W const.py:23, auth.py:193-209;
CPAU session.py:288; TANGO main.go:354; PGW `_get_csrf_token`), as SEW's own source does for
its other hidden fields (SCM Master.Master:535-538).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
import html

from simulators.sew.truth import SimAccount, SimMeter, noise

from .web_style import LoginToken

LOGIN_FORM = (
    # HID-C tells a login page by `txtLogin` + `btnlogin` (web_portal_api.py:356); SEW's login
    # script reads #txtLogin and #txtpwd (SCM default.js:477-478).
    '<input name="txtLogin" type="text" id="txtLogin" />\r\n'
    '<input name="txtpwd" type="password" id="txtpwd" />\r\n'
    '<input type="button" id="btnlogin" value="Sign In" />\r\n'
)


@dataclass(frozen=True, slots=True)
class PageContext:
    """What a page shows: tenant name, tokens, the login's contracts and the current one."""

    tenant_name: str
    csrf_token: str
    customer_name: str = ""
    accounts: Sequence[SimAccount] = ()
    current: str | None = None


def _document(title: str, body: str) -> str:
    """Return a WebForms page around a body."""
    return (
        '<!DOCTYPE html>\r\n<html xmlns="http://www.w3.org/1999/xhtml">\r\n<head><title>'
        f"{html.escape(title)}</title></head>\r\n<body>\r\n"
        '<form method="post" action="./" id="form1">\r\n<div class="aspNetHidden">\r\n'
        '<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwULLTE2MTY2ODcyMjlkZA==" />\r\n'
        f"</div>\r\n{body}</form>\r\n</body>\r\n</html>\r\n"
    )


def login_page(context: PageContext, token_style: LoginToken, verification: str) -> str:
    """Return the login page with the tenant's token field."""
    if token_style is LoginToken.HIDDEN_FIELD:
        field = (
            '<input type="hidden" name="hdnCSRFToken" id="hdnCSRFToken" '
            f'value="{html.escape(context.csrf_token)}" />\r\n'
        )
    else:
        field = (
            '<input name="__RequestVerificationToken" type="hidden" '
            f'value="{html.escape(verification)}" />\r\n'
        )
    return _document(f"{context.tenant_name} - Sign In", field + LOGIN_FORM)


def address_id(account: SimAccount) -> str:
    """Return the portal's numeric AddressId of a contract (made up, stable)."""
    return str(1_000_000 + int(noise("address-id", account.number) * 8_999_999))


def zip_code(account: SimAccount, default: str) -> str:
    """Return the ZIP code ending an address, else the tenant's."""
    tail = account.address.rsplit(" ", 1)[-1]
    return tail if len(tail) == 5 and tail.isdigit() else default


def _coordinates(account: SimAccount) -> tuple[str, str]:
    """Return made-up coordinates near the San Francisco Bay."""
    latitude = 37.35 + 0.25 * noise("latitude", account.number)
    longitude = -122.2 + 0.25 * noise("longitude", account.number)
    return f"{latitude:.6f}", f"{longitude:.6f}"


def _main_meter(account: SimAccount) -> SimMeter | None:
    """Return the first active meter of a contract."""
    return next((meter for meter in account.meters if meter.active), None)


def address_option_value(account: SimAccount, default_zip: str) -> str:
    """Return a `ddlAddress` option value.

    Layout `accountNumber:addressId:x:lat:lon:zipcode:utilityAccountNumber:meterType`: [1]
    the address id and [6] the UAN (HID-W auth.py:241-272), [3] lat, [4] lon (SCM
    GISoutages.js:445), [6] UAN (SCM LevelPlan.js:6), [7] the meter type E/W (SCM
    usage-common.js:529). What [2] holds is unknown ("0" here).
    """
    latitude, longitude = _coordinates(account)
    meter = _main_meter(account)
    return ":".join(
        (
            account.number,
            address_id(account),
            "0",
            latitude,
            longitude,
            zip_code(account, default_zip),
            account.utility_number,
            meter.meter_type if meter else "",
        )
    )


def address_list(context: PageContext, default_zip: str) -> str:
    """Return the contract dropdowns: the custom list and the hidden `ddlAddress`.

    The custom list is `<li role='listitem' data-id=<UAN> Addressid=<ADDR>><a>name</a>`,
    parsed by HID-W first (auth.py:221-231); the `<select id="ddlAddress">` second, its
    text with "(Default)" on the default contract (auth.py:241-277); options also carry
    `utilityaccountnum`, `latitude`, `longitude` (SCM DRPastEvents.js:91, GISoutages.js:147).
    """
    items: list[str] = []
    options: list[str] = []
    for account in context.accounts:
        name = html.escape(f"{account.address} ({account.utility_number})")
        items.append(
            f"<li role='listitem' data-id={account.utility_number} "
            f"Addressid={address_id(account)}><a href='#'>{name}</a></li>"
        )
        latitude, longitude = _coordinates(account)
        selected = ' selected="selected"' if account.number == context.current else ""
        label = html.escape(
            account.address + (" (Default)" if account.is_default else "")
        )
        options.append(
            f'<option{selected} value="{address_option_value(account, default_zip)}" '
            f'utilityaccountnum="{account.utility_number}" latitude="{latitude}" '
            f'longitude="{longitude}">{label}</option>'
        )
    return (
        '<ul class="dropdown-menu address-list" role="list">\r\n'
        + "\r\n".join(items)
        + '\r\n</ul>\r\n<select name="ctl00$ddlAddress" id="ddlAddress" '
        'class="addressDropdown">\r\n' + "\r\n".join(options) + "\r\n</select>\r\n"
    )


def master_page(
    context: PageContext,
    title: str,
    default_zip: str,
    extra: str = "",
) -> str:
    """Return a page under the master page: CSRF field, greeting and contracts."""
    body = (
        '<input type="hidden" name="ctl00$hdnCSRFToken" id="hdnCSRFToken" '
        f'value="{html.escape(context.csrf_token)}" />\r\n'
        # TANGO checks the dashboard for `.godomornig` to know the login took (main.go:319).
        '<span class="godomornig">Good Morning</span>\r\n'
        f'<span id="lblCustName">{html.escape(context.customer_name)}</span>\r\n'
        + address_list(context, default_zip)
        + extra
    )
    return _document(f"{context.tenant_name} - {title}", body)


def meter_list(meters: Sequence[SimMeter]) -> str:
    """Return the usage page's meter dropdown (SCM usage-common.js:526 `#ddlMultiMeter`)."""
    options = "".join(
        f'<option value="{meter.number}">{meter.number}</option>' for meter in meters
    )
    return f'<select id="ddlMultiMeter">{options}</select>\r\n'


IIS_NOT_FOUND = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\r\n'
    '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>404 - File or directory not '
    'found.</title></head><body><div id="header"><h1>Server Error</h1></div><div '
    'id="content"><fieldset><h2>404 - File or directory not found.</h2><h3>The resource '
    "you are looking for might have been removed, had its name changed, or is temporarily "
    "unavailable.</h3></fieldset></div></body></html>"
)
