"""Coordinator polling a utility login and keeping its statistics current."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import timedelta
from urllib.parse import urlsplit

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .const import (
    CONF_BASE_URL,
    CONF_HISTORY_DAYS,
    CONF_IGNORED_METERS,
    CONF_REQUEST_RATE,
    CONF_SEW_SCAN_INTERVAL,
    CONF_WINDOW_DAYS,
    DEFAULT_HISTORY_DAYS,
    DEFAULT_REQUEST_RATE,
    DEFAULT_SEW_SCAN_INTERVAL,
    DEFAULT_WINDOW_DAYS,
    DOMAIN,
    HOURLY_HISTORY_DAYS,
    LOGGER,
)
from .sew import (
    Account,
    BillSummary,
    Meter,
    Projection,
    SewAuthError,
    SewClient,
    SewError,
    UsageReading,
)
from .statistics import HistoryImporter, ImportSettings


def meter_key(meter: Meter) -> str:
    """Return the key a meter is known by in options and unique ids."""
    return f"{meter.account_number}_{meter.meter_type.value}_{meter.meter_number}"


@dataclass(frozen=True, slots=True)
class MeterData:
    """What the utility reports for one meter."""

    account: Account
    meter: Meter
    projection: Projection | None
    latest_usage: UsageReading | None = None
    latest_export: UsageReading | None = None
    history_imported: float = 0.0


@dataclass(frozen=True, slots=True)
class AccountData:
    """What the utility reports for one account."""

    account: Account
    bills: BillSummary | None


@dataclass(frozen=True, slots=True)
class SewData:
    """Everything the utility coordinator read in one poll."""

    accounts: dict[str, AccountData]
    meters: dict[str, MeterData]


class SewCoordinator(DataUpdateCoordinator[SewData]):
    """Poll a utility login; import its meters' usage into statistics meanwhile."""

    config_entry: ConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: ConfigEntry, client: SewClient
    ) -> None:
        """Initialize the coordinator."""
        options = entry.options
        minutes = options.get(
            CONF_SEW_SCAN_INTERVAL, DEFAULT_SEW_SCAN_INTERVAL.total_seconds() / 60
        )
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} utility {entry.title}",
            update_interval=timedelta(minutes=minutes),
        )
        self.client = client
        utility = urlsplit(entry.data[CONF_BASE_URL]).hostname or DOMAIN
        self.importer = HistoryImporter(
            hass,
            client,
            entry_id=entry.entry_id,
            utility=utility,
            settings=ImportSettings(
                history=timedelta(
                    days=options.get(CONF_HISTORY_DAYS, DEFAULT_HISTORY_DAYS)
                ),
                hourly_history=timedelta(days=HOURLY_HISTORY_DAYS),
                window=timedelta(
                    days=options.get(CONF_WINDOW_DAYS, DEFAULT_WINDOW_DAYS)
                ),
                rate=options.get(CONF_REQUEST_RATE, DEFAULT_REQUEST_RATE),
            ),
        )
        self._known_meters: dict[str, str] = {}
        self._import: asyncio.Task[None] | None = None

    def account_identifier(self, account_number: str) -> str:
        """Return the device identifier of a utility account."""
        return f"{self.config_entry.unique_id}_account_{account_number}"

    def meter_identifier(self, key: str) -> str:
        """Return the device identifier of a meter."""
        return f"{self.config_entry.unique_id}_meter_{key}"

    def has_device(self, identifiers: set[str]) -> bool:
        """Return whether the last poll saw the account or followed meter of a device."""
        current = {self.account_identifier(number) for number in self.data.accounts}
        current.update(self.meter_identifier(key) for key in self.data.meters)
        return not identifiers.isdisjoint(current)

    def meter_choices(self) -> dict[str, str]:
        """Return every active meter the login has, followed or not, with a label."""
        return dict(self._known_meters)

    async def _async_update_data(self) -> SewData:
        """Read the accounts, the followed meters, projections and bills."""
        try:
            data = await self._async_read()
        except SewAuthError as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN,
                translation_key="sew_auth_failed",
                translation_placeholders={"error": str(err)},
            ) from err
        except SewError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="sew_update_failed",
                translation_placeholders={"error": str(err)},
            ) from err
        self._start_import(data)
        return data

    async def _async_read(self) -> SewData:
        """Read every account at once, and each account's meters at once."""
        results = await asyncio.gather(
            *(
                self._async_read_account(account)
                for account in await self.client.get_accounts()
            )
        )
        self._known_meters = {
            key: label for _, _, labels in results for key, label in labels.items()
        }
        return SewData(
            accounts={data.account.account_number: data for data, _, _ in results},
            meters={
                key: meter for _, meters, _ in results for key, meter in meters.items()
            },
        )

    async def _async_read_account(
        self, account: Account
    ) -> tuple[AccountData, dict[str, MeterData], dict[str, str]]:
        """Return an account's bills, its followed meters and every active meter's label."""
        ignored = set(self.config_entry.options.get(CONF_IGNORED_METERS, []))
        bills, meters = await asyncio.gather(
            self.client.get_bills(account), self.client.get_meters(account)
        )
        active = {meter_key(meter): meter for meter in meters if meter.active}
        followed = {key: meter for key, meter in active.items() if key not in ignored}
        projections = await asyncio.gather(
            *(self.client.get_projection(account, meter) for meter in followed.values())
        )
        return (
            AccountData(account=account, bills=bills),
            {
                key: self._with_import_results(
                    key, MeterData(account=account, meter=meter, projection=projection)
                )
                for (key, meter), projection in zip(
                    followed.items(), projections, strict=True
                )
            },
            {
                key: f"{meter.meter_type.name.title()} {meter.meter_number}"
                for key, meter in active.items()
            },
        )

    def _with_import_results(self, key: str, data: MeterData) -> MeterData:
        """Return the meter's data with the newest readings the import saw."""
        latest_usage, latest_export = self.importer.latest.get(key, (None, None))
        progress = self.importer.progress.get(key)
        return replace(
            data,
            latest_usage=latest_usage,
            latest_export=latest_export,
            history_imported=progress.percent if progress else 0.0,
        )

    def _start_import(self, data: SewData) -> None:
        """Import statistics in the background, one run at a time."""
        if self._import is not None and not self._import.done():
            return
        meters = {
            key: (meter.account, meter.meter) for key, meter in data.meters.items()
        }
        self._import = self.config_entry.async_create_background_task(
            self.hass, self._async_import(meters), f"{DOMAIN} statistics import"
        )

    async def _async_import(self, meters: dict[str, tuple[Account, Meter]]) -> None:
        """Run the import, then show the newest readings it saw."""
        await self.importer.async_import(meters)
        self.data = replace(
            self.data,
            meters={
                key: self._with_import_results(key, meter)
                for key, meter in self.data.meters.items()
            },
        )
        self.async_update_listeners()
