"""Gigya's two-factor steps at Dominion (see gigya.py for the sources and the answers).

getProviders -> initTFA (an assertion per provider) -> the registered phones or e-mails ->
sendVerificationCode (a phvToken) -> completeVerification with the same assertion (a
providerAssertion) -> finalizeTFA (trusts the device unless `tempDevice` is true) ->
finalizeRegistration (the completed sign-in). Sources: DP gigya_auth.py:297-486, 710-777
and docs/auth-flow.md:138-400; DW api.py:1000-1125; DN commit 1c96a6f (the e-mail phvToken).
"""

from __future__ import annotations

from datetime import timedelta
import hashlib
import secrets
from typing import TYPE_CHECKING

from aiohttp import web

from simulators.sew.server.sessions import Session
from simulators.sew.truth import Login

from .cx_tokens import make_jwt

if TYPE_CHECKING:
    from .gigya import GigyaService, Pending

TFA_PROVIDERS = ("gigyaPhone", "gigyaEmail")
ASSERTION_LIFETIME = timedelta(minutes=5)  # auth-flow.md:209
INVALID_JWT = (400006, "Invalid parameter value", "Invalid jwt")
WRONG_CODE = (400006, "Invalid parameter value", "Wrong verification code")
MISSING = (400006, "Invalid parameter value", "Missing required parameter")


class GigyaTwoFactor:
    """The two-factor calls, on the sign-ins a GigyaService left pending."""

    def __init__(self, service: GigyaService) -> None:
        """Keep the service (answers, tokens, pending sign-ins, trusted devices)."""
        self.service = service

    def _pending(self, values: dict[str, str]) -> tuple[str, Pending] | None:
        """Return the live regToken a call names and its state."""
        reg_token = values.get("regToken", "")
        if (
            self.service.live(reg_token, "gigya-reg") is None
            or reg_token not in self.service.pending
        ):
            return None
        return reg_token, self.service.pending[reg_token]

    def _assertion(self, values: dict[str, str]) -> Session | None:
        """Return the live gigyaAssertion a call carries."""
        return self.service.live(values.get("gigyaAssertion", ""), "gigya-assertion")

    async def providers(
        self, request: web.Request, values: dict[str, str]
    ) -> web.StreamResponse:
        """Answer getProviders: phone and e-mail."""
        if self._pending(values) is None:
            return self.service.failure(MISSING)
        return self.service.answer(
            activeProviders=[{"name": name} for name in TFA_PROVIDERS],
            inactiveProviders=[],
            pendingOptin=[],
        )

    async def init_tfa(
        self, request: web.Request, values: dict[str, str]
    ) -> web.StreamResponse:
        """Answer initTFA: a fresh gigyaAssertion for a provider."""
        found = self._pending(values)
        if found is None or values.get("provider") not in TFA_PROVIDERS:
            return self.service.failure(MISSING)
        reg_token, pending = found
        claims = {
            "regToken": reg_token,
            "provider": values["provider"],
            "jti": secrets.token_hex(8),
        }
        token = make_jwt(claims, alg="RS256")
        return self.service.answer(
            gigyaAssertion=self.service.issue(
                pending.login, "gigya-assertion", ASSERTION_LIFETIME, token
            )
        )

    def _target_id(self, login: Login, kind: str) -> str:
        """Return the stable id of a login's phone or e-mail."""
        return hashlib.sha256(f"{kind}:{login.user_id}".encode()).hexdigest()[:22]

    async def phones(
        self, request: web.Request, values: dict[str, str]
    ) -> web.StreamResponse:
        """Answer getRegisteredPhoneNumbers: one obfuscated phone."""
        assertion = self._assertion(values)
        if assertion is None:
            return self.service.failure(INVALID_JWT)
        phone = {
            "id": self._target_id(assertion.login, "phone"),
            "obfuscated": "+########789",
            "lastMethod": "sms",
            "lastVerification": "2025-01-01T12:00:00.000Z",
        }
        return self.service.answer(phones=[phone])

    async def emails(
        self, request: web.Request, values: dict[str, str]
    ) -> web.StreamResponse:
        """Answer getEmails: one obfuscated address."""
        assertion = self._assertion(values)
        if assertion is None:
            return self.service.failure(INVALID_JWT)
        name, _, domain = assertion.login.username.partition("@")
        email = {
            "id": self._target_id(assertion.login, "email"),
            "obfuscated": f"{name[:2]}***@{domain}",
            "lastVerification": "2025-01-01T12:00:00.000Z",
        }
        return self.service.answer(emails=[email])

    async def send_code(
        self, request: web.Request, values: dict[str, str]
    ) -> web.StreamResponse:
        """Answer sendVerificationCode (phone or e-mail): the code goes out, a phvToken back."""
        assertion = self._assertion(values)
        if assertion is None:
            return self.service.failure(INVALID_JWT)
        kind = "email" if ".email." in request.path.lower() else "phone"
        target = values.get("emailID" if kind == "email" else "phoneID", "")
        if target != self._target_id(assertion.login, kind):
            return self.service.failure(MISSING)
        phv_token = "MhF~" + secrets.token_urlsafe(40)
        self.service.codes[phv_token] = (
            assertion.token,
            self.service.switches.tfa_code,
        )
        self.service.counters.codes_sent += 1
        return self.service.answer(phvToken=phv_token)

    async def verify(
        self, request: web.Request, values: dict[str, str]
    ) -> web.StreamResponse:
        """Answer completeVerification: the same assertion as the send, its phvToken, the code."""
        assertion = self._assertion(values)
        sent = self.service.codes.get(values.get("phvToken", ""))
        found = self._pending(values)
        if (
            assertion is None
            or sent is None
            or found is None
            or sent[0] != assertion.token
        ):
            return self.service.failure(INVALID_JWT)
        if values.get("code", "").strip() != sent[1]:
            return self.service.failure(WRONG_CODE)
        token = make_jwt({"regToken": found[0], "verified": True}, alg="RS256")
        return self.service.answer(
            providerAssertion=self.service.issue(
                assertion.login, "gigya-provider", ASSERTION_LIFETIME, token
            )
        )

    async def finalize_tfa(
        self, request: web.Request, values: dict[str, str]
    ) -> web.StreamResponse:
        """Answer finalizeTFA: the second factor is passed; trust the device unless temporary."""
        found = self._pending(values)
        provider = self.service.live(
            values.get("providerAssertion", ""), "gigya-provider"
        )
        if found is None or self._assertion(values) is None or provider is None:
            return self.service.failure(INVALID_JWT)
        _, pending = found
        pending.verified = True
        device = request.cookies.get("gmid")
        if device and values.get("tempDevice", "false").lower() == "false":
            self.service.trusted.setdefault(pending.login.username, set()).add(device)
        return self.service.answer()

    async def finalize_registration(
        self, request: web.Request, values: dict[str, str]
    ) -> web.StreamResponse:
        """Answer finalizeRegistration: the completed sign-in, once the second factor passed."""
        found = self._pending(values)
        if found is None:
            return self.service.failure(MISSING)
        reg_token, pending = found
        if not pending.verified:
            return self.service.answer(
                403101,
                403,
                "Forbidden",
                errorMessage="Account Pending TFA Verification",
                errorDetails="Pending Two-Factor Authentication",
            )
        del self.service.pending[reg_token]
        return self.service.signed_in_answer(pending.login)
