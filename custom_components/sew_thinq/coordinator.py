"""Coordinators polling the utility portal and the LG ThinQ cloud."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .const import (
    CONF_IGNORED_METERS,
    CONF_SEW_SCAN_INTERVAL,
    DEFAULT_SEW_SCAN_INTERVAL,
    DOMAIN,
    LOGGER,
)
from .sew import (
    Account,
    BillSummary,
    Direction,
    Meter,
    MeterType,
    Projection,
    Resolution,
    SewAuthError,
    SewClient,
    SewError,
    UsageReading,
)

# Hourly data lags about two days; look a little further back for slow utilities.
LATEST_READING_LOOKBACK_DAYS = 4


def meter_key(meter: Meter) -> str:
    """Return the key a meter is known by in options and unique ids."""
    return f"{meter.account_number}_{meter.meter_type.value}_{meter.meter_number}"


@dataclass(frozen=True, slots=True)
class MeterData:
    """What the utility reports for one meter."""

    account: Account
    meter: Meter
    projection: Projection | None
    latest_usage: UsageReading | None
    latest_export: UsageReading | None


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
    """Poll a utility login's accounts, meters, projections and bills."""

    config_entry: ConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: ConfigEntry, client: SewClient
    ) -> None:
        """Initialize the coordinator."""
        minutes = entry.options.get(
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
        self._known_meters: dict[str, str] = {}

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
            return await self._async_read()
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

    async def _async_read(self) -> SewData:
        ignored = set(self.config_entry.options.get(CONF_IGNORED_METERS, []))
        accounts: dict[str, AccountData] = {}
        meters: dict[str, MeterData] = {}
        known_meters: dict[str, str] = {}
        for account in await self.client.get_accounts():
            accounts[account.account_number] = AccountData(
                account=account, bills=await self.client.get_bills(account)
            )
            for meter in await self.client.get_meters(account):
                if not meter.active:
                    continue
                key = meter_key(meter)
                known_meters[key] = (
                    f"{meter.meter_type.name.title()} {meter.meter_number}"
                )
                if key in ignored:
                    continue
                latest_usage, latest_export = await self._async_latest_readings(
                    account, meter
                )
                meters[key] = MeterData(
                    account=account,
                    meter=meter,
                    projection=await self.client.get_projection(account, meter),
                    latest_usage=latest_usage,
                    latest_export=latest_export,
                )
        self._known_meters = known_meters
        return SewData(accounts=accounts, meters=meters)

    async def _async_latest_readings(
        self, account: Account, meter: Meter
    ) -> tuple[UsageReading | None, UsageReading | None]:
        """Return the newest hourly usage and export readings the utility published."""
        today = dt_util.now(account.time_zone).date()
        solar = meter.meter_type is MeterType.SOLAR
        read = self.client.get_generation if solar else self.client.get_usage
        used = Direction.GENERATION if solar else Direction.IMPORT
        for days_back in range(1, LATEST_READING_LOOKBACK_DAYS + 1):
            readings = await read(
                account, meter, Resolution.HOUR, today - timedelta(days=days_back)
            )
            usage = [r for r in readings if r.direction is used]
            if usage:
                export = [r for r in readings if r.direction is Direction.EXPORT]
                return (
                    max(usage, key=lambda r: r.start),
                    max(export, key=lambda r: r.start, default=None),
                )
        return None, None
