"""Diagnostics of a utility login: its accounts, meters and history import."""

from __future__ import annotations

from dataclasses import asdict

from .const import CONF_IGNORED_METERS, CONF_PASSWORD_SHA256
from .diagnostics import plain
from .runtime import Diagnostics
from .sew_coordinator import SewCoordinator

TO_REDACT = frozenset(
    {
        CONF_PASSWORD_SHA256,
        CONF_IGNORED_METERS,
        "account_key",
        "account_number",
        "address",
        "invoice_number",
        "meter_number",
        "session",
        "utility_account_number",
    }
)


def _private_numbers(coordinator: SewCoordinator) -> frozenset[str]:
    """Return the login's account and meter numbers, and the keys made of them."""
    numbers: set[str] = set()
    for key, account in coordinator.data.accounts.items():
        numbers |= {key, account.account.account_number}
        numbers.add(account.account.utility_account_number)
    for meter in coordinator.data.meters.values():
        numbers |= {meter.account_key, meter.meter.meter_number}
    numbers.update(coordinator.meter_choices())
    return frozenset(number for number in numbers if number)


def sew_diagnostics(coordinator: SewCoordinator) -> Diagnostics:
    """Return what the login last read; its numbers are redacted wherever they appear."""
    return Diagnostics(
        {
            "accounts": [
                plain(asdict(account)) for account in coordinator.data.accounts.values()
            ],
            "meters": [
                plain(asdict(meter)) for meter in coordinator.data.meters.values()
            ],
            "requests": coordinator.client.request_count,
            "history_import": coordinator.importer.diagnostics(),
        },
        TO_REDACT,
        _private_numbers(coordinator),
    )
