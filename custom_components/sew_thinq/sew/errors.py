"""Errors raised by the SEW Smart Customer Mobile client."""

from __future__ import annotations


class SewError(Exception):
    """Base class of every error the SEW client raises."""


class SewAuthError(SewError):
    """The portal refused the credentials, the account is locked or needs two-factor login."""


class SewConnectionError(SewError):
    """The portal could not be reached or answered with a server or HTML error page."""


class SewResponseError(SewError):
    """The portal answered, but not with the shape the client expects."""


class SewRateLimitError(SewError):
    """The portal asked the client to slow down (HTTP 429)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        """Store how long the portal asked to wait, in seconds, when it said so."""
        super().__init__(message)
        self.retry_after = retry_after


class TokenRejectedError(SewAuthError):
    """The portal no longer accepts the session token: log in again."""


class PortalFailureError(SewResponseError):
    """The portal answered a call with a failure status and a message."""

    def __init__(self, message: str, portal_message: str) -> None:
        """Keep the portal's own message for callers that classify it."""
        super().__init__(message)
        self.portal_message = portal_message
