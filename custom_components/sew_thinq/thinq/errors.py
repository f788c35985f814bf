"""Errors raised by the LG ThinQ v1 client."""

from __future__ import annotations


class ThinQError(Exception):
    """Base class of every error the ThinQ client raises."""


class ThinQAuthError(ThinQError):
    """The refresh token is no longer accepted: the user must sign in again."""


class ThinQConnectionError(ThinQError):
    """LG's servers could not be reached or answered with an HTTP error."""


class ThinQDeviceOfflineError(ThinQError):
    """The device, not the account, is unavailable (code 0106)."""


class ThinQTermsError(ThinQError):
    """The account must accept LG's new terms in the ThinQ app (code 0110)."""


class ThinQUnsupportedError(ThinQError):
    """The device model does not offer the requested value or option."""


class ThinQResponseError(ThinQError):
    """LG answered with an unexpected shape or an unknown result code."""

    def __init__(self, message: str, code: str | None = None) -> None:
        """Initialise the error with a message and the LG result code, if any."""
        super().__init__(message if code is None else f"{message} (code {code})")
        self.code = code
