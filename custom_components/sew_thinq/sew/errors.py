"""Errors raised by the SEW client, each with a message a user can act on."""

from __future__ import annotations


class SewError(Exception):
    """Base class of every error the SEW client raises."""


class SewConnectionError(SewError):
    """The portal could not be reached, timed out or failed with a server error."""


class SewRateLimitError(SewError):
    """The portal asked the client to slow down (HTTP 429)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        """Store how long the portal asked to wait, in seconds, when it said so."""
        super().__init__(message)
        self.retry_after = retry_after


class SewAuthError(SewError):
    """The portal refused the login: the user has to do something."""


class InvalidCredentialsError(SewAuthError):
    """The portal refused the user name or password."""


class AccountLockedError(SewAuthError):
    """The portal says the account is locked or disabled."""


class TwoFactorRequiredError(SewAuthError):
    """The portal asks for a second factor, which this client cannot answer."""


class MigratedAccountError(SewAuthError):
    """The portal moved the login to a new sign-in: the user has to sign in on its site once."""


class CaptchaRequiredError(SewAuthError):
    """The sign-in service wants a captcha solved, which only a browser can do."""


class InvalidCodeError(SewAuthError):
    """The two-factor code was wrong or typed too late."""


class SessionExpiredError(SewAuthError):
    """The portal no longer accepts the session: log in again."""


class SewResponseError(SewError):
    """The portal answered, but not with a shape the client understands."""


class PortalFailureError(SewResponseError):
    """The portal answered a call with a failure status and a message."""

    def __init__(self, message: str, portal_message: str) -> None:
        """Keep the portal's own message for callers that classify it."""
        super().__init__(message)
        self.portal_message = portal_message


class EndpointNotFoundError(SewResponseError):
    """The portal has no such address (HTTP 404): not this dialect or layout."""


class NotSewPortalError(SewError):
    """Nothing at the address answers like a SEW portal the client speaks."""


def login_failure(message: str) -> SewAuthError:
    """Return the error a refused login's message stands for.

    Portals word these in their own language (Hidroelectrica answers in Romanian, P1
    emanuelbesliu/homeassistant-ihidro api.py:199 sends `LanguageCode` "RO"); whatever is not
    recognisably a lock, a second factor or a migration is a refused user name or password.
    """
    folded = message.casefold()
    shown = message or "no reason given"
    if any(word in folded for word in ("lock", "blocat", "disabled", "suspend")):
        return AccountLockedError(f"The portal says the account is locked: {shown}")
    # No peer shows a real second-factor message: English and Romanian wordings.
    second_factor = (
        "two factor",
        "two-factor",
        "2fa",
        "otp",
        "doi pași",
        "doi factori",
    )
    if any(word in folded for word in second_factor):
        return TwoFactorRequiredError(
            f"The portal asks for a second factor, which cannot be answered here: {shown}"
        )
    if "migrated" in folded:
        # `{"d": "Migrated User Found"}` on the web portal (P9 funkadelic/ha-acwd
        # acwd_api.py:135-147): the user has to sign in on the utility's site once.
        return MigratedAccountError(
            f"The portal moved this account: sign in once on the utility's web site ({shown})"
        )
    return InvalidCredentialsError(
        f"The portal refused the user name or password: {shown}"
    )
