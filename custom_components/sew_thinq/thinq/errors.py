"""Errors raised by the LG ThinQ client."""

from __future__ import annotations


class ThinQError(Exception):
    """Base class of every error the ThinQ client raises."""


class ThinQAuthError(ThinQError):
    """LG no longer accepts the sign-in: the user must sign in again."""


class ThinQSignInError(ThinQAuthError):
    """The pasted address or token cannot complete a sign-in."""


class ThinQThirdPartyError(ThinQSignInError):
    """LG did not let the Google, Apple, Amazon or Facebook sign-in be completed."""


class ThinQConnectionError(ThinQError):
    """LG's servers could not be reached or answered with a server error."""


class ThinQTermsError(ThinQError):
    """The account must accept LG's new terms in the ThinQ app (code 0110)."""


class ThinQResponseError(ThinQError):
    """LG answered with an unexpected shape or an unknown result code."""

    def __init__(self, message: str, code: str | None = None) -> None:
        """Initialise the error with a message and the LG result code, if any."""
        super().__init__(message if code is None else f"{message} (code {code})")
        self.code = code


class ThinQInvalidRequestError(ThinQResponseError):
    """LG refused the request as invalid (code 9000): the model does not take it."""


class ThinQDeviceOfflineError(ThinQError):
    """The appliance, not the account, is unreachable (code 0106 or 0111)."""


class ThinQDeviceNotFoundError(ThinQError):
    """LG no longer knows the appliance (code 0101)."""


class ThinQUnsupportedError(ThinQError):
    """The model does not offer the requested value, option or control."""


class ThinQModelError(ThinQError):
    """An appliance's model document cannot be fetched or read."""


# Device-level failures: they make one appliance unavailable, not the account.
APPLIANCE_ERRORS = (
    ThinQDeviceOfflineError,
    ThinQDeviceNotFoundError,
    ThinQResponseError,
    ThinQUnsupportedError,
)
