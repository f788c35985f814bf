"""NB Power's own web login, which hands out the WidgetAPI token.

The WidgetAPI has no password login: NB Power's ASP.NET site signs the user in and its
account page carries the token its usage graph uses (P7 dnlbck/ha-nbpower api.py
`_prime_session`, `_login`, `_account_token`; P8 noslent/nbpower-ha api.py `prime_session`,
`login`, `get_account_token`). This needs an HTTP session that keeps cookies. Pages are read
with the standard library's HTML parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

from yarl import URL

from .errors import InvalidCredentialsError, SewConnectionError, SewResponseError
from .http import Answer, PortalHttp

HOME_PAGE = "/Default.aspx"
LOGIN_PAGE = "/auth/weblogin.aspx"
ACCOUNT_PAGE = "/Customer/AccountSummaryView.aspx"
USERNAME_FIELD = "ctl00$contentPlaceHolder$txtUsername"
PASSWORD_FIELD = "ctl00$contentPlaceHolder$txtPassword"  # noqa: S105 - a field name
SUBMIT_FIELD = "ctl00$contentPlaceHolder$btnLogin"
CAPTCHA_FIELD = "ctl00$contentPlaceHolder$hdnCaptchaText"
# "keeping the scraped value (or the known default when empty) has been observed to pass"
# (P7 api.py `_login`).
CAPTCHA_DEFAULT = "BotDetect CAPTCHA ASP.NET Form Validation"
SEARCH_FIELDS = ("ctl00$txtSearchMobile", "ctl00$txtSearch")
TOKEN_FIELD = "ctl00$contentPlaceHolder$ucConsumptionGraph$accountSEWToken"  # noqa: S105
_STATE_FIELDS = ("__VIEWSTATE", "__VIEWSTATEGENERATOR", "__EVENTVALIDATION")
_PAGE_HEADERS = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


@dataclass(slots=True)
class Form:
    """The first form of a page: where it posts, its named inputs and their types."""

    action: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)

    def first_of_type(self, *types: str) -> str | None:
        """Return the name of the first input of one of these types."""
        return next((name for name, kind in self.types.items() if kind in types), None)


class _FormReader(HTMLParser):
    """Collect the first form of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.form: Form | None = None
        self._done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form" and self.form is None:
            self.form = Form(action=attributes.get("action") or "")
        elif (
            tag in ("input", "button")
            and self.form is not None
            and not self._done
            and (name := attributes.get("name"))
        ):
            self.form.fields[name] = attributes.get("value") or ""
            self.form.types[name] = (attributes.get("type") or "text").casefold()

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.form is not None:
            self._done = True


def read_form(page: str) -> Form | None:
    """Return a page's first form, or None when it has none."""
    reader = _FormReader()
    reader.feed(page)
    reader.close()
    return reader.form


class WidgetLogin:
    """Sign in on the utility's site and read the widget token from the account page."""

    def __init__(self, http: PortalHttp, site: str) -> None:
        """Keep the HTTP client and the site's root."""
        self._http = http
        self._site = site.rstrip("/")

    async def _get(self, path: str) -> Answer:
        answer = await self._http.request(
            "GET",
            f"{self._site}{path}",
            headers={**_PAGE_HEADERS, "Referer": f"{self._site}/"},
        )
        if answer.status != 200:
            raise SewConnectionError(
                f"The utility's site answered {path} with HTTP {answer.status}"
            )
        return answer

    async def _post(self, page: Answer, form: Form, data: dict[str, str]) -> Answer:
        answer = await self._http.request(
            "POST",
            urljoin(page.url, form.action or page.url),
            headers={**_PAGE_HEADERS, "Origin": self._site, "Referer": page.url},
            form=data,
        )
        if answer.status not in (200, 302):
            # "A server error ... says nothing about the credentials" (P7 api.py `_login`).
            raise SewConnectionError(
                f"The utility's site answered the login with HTTP {answer.status}"
            )
        return answer

    async def token(self, username: str, password: str) -> str:
        """Return a fresh widget token."""
        home = await self._get(HOME_PAGE)
        if (form := read_form(home.text)) is None:
            raise SewResponseError("The utility's home page has no form")
        # Choosing English gives the session its cookie (P7 api.py `_prime_session`).
        await self._post(
            home,
            form,
            {
                **{name: form.fields.get(name, "") for name in _STATE_FIELDS},
                "btnEnglish": "English",
            },
        )
        page = await self._get(LOGIN_PAGE)
        if (form := read_form(page.text)) is None:
            raise SewResponseError("The utility's login page has no form")
        data = dict(form.fields)
        user = (
            USERNAME_FIELD
            if USERNAME_FIELD in data
            else form.first_of_type("text", "email")
        )
        secret = (
            PASSWORD_FIELD if PASSWORD_FIELD in data else form.first_of_type("password")
        )
        submit = SUBMIT_FIELD if SUBMIT_FIELD in data else form.first_of_type("submit")
        if user is None or secret is None:
            raise SewResponseError(
                "The utility's login page has no user name or password field"
            )
        data[user], data[secret] = username, password
        if submit is not None:
            data[submit] = form.fields.get(submit) or "Login"
        if CAPTCHA_FIELD in data and not data[CAPTCHA_FIELD]:
            data[CAPTCHA_FIELD] = CAPTCHA_DEFAULT
        for name in SEARCH_FIELDS:
            if name in data:
                data[name] = ""
        answer = await self._post(page, form, data)
        if LOGIN_PAGE in answer.url.casefold() or "Cookies required" in answer.text:
            raise InvalidCredentialsError(
                "The utility's site refused the user name or password"
            )
        # A sign-in that lands on the account page (P7 reads it next anyway) is read as is.
        account = (
            answer
            if URL(answer.url).path.casefold() == ACCOUNT_PAGE.casefold()
            else await self._get(ACCOUNT_PAGE)
        )
        if LOGIN_PAGE in account.url.casefold():
            raise InvalidCredentialsError("The utility's site did not keep the login")
        form = read_form(account.text)
        if form is None or not (token := form.fields.get(TOKEN_FIELD)):
            raise SewResponseError("The utility's account page carries no usage token")
        return token
