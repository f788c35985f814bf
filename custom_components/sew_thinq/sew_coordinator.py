"""Coordinator polling a utility login and keeping its statistics current.

Utilities publish once a day or two late, so most polls have nothing to ask: a poll reads
the portal only when a day of usage can have been published (see import_plan.py) or a day
has passed since the last full read; otherwise it keeps what it has and sends nothing.
A full read takes the accounts, meters, bills and projections, then the statistics import
runs in the background.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .const import (
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
    SEW_FULL_READ_INTERVAL,
)
from .runtime import SewThinqConfigEntry
from .sew import (
    Account,
    BillSummary,
    Meter,
    MeterType,
    Projection,
    SewAuthError,
    SewClient,
    SewError,
    SewRateLimitError,
)
from .sew_data import AccountData, MeterData, SewData, meter_key
from .sew_entry import account_key, entry_currency, entry_layout
from .sew_settled import settled
from .statistic_rows import StatisticKind, statistic_id
from .statistics import HistoryImporter
from .statistics_base import ImportSettings
from .statistics_recorder import async_produced


class SewCoordinator(DataUpdateCoordinator[SewData]):
    """Poll a utility login; import its meters' usage into statistics meanwhile."""

    config_entry: SewThinqConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: SewThinqConfigEntry, client: SewClient
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
        self.currency = entry_currency(hass, entry.data)
        self.account_key: Callable[[Account], str] = account_key(entry.data)
        self.importer = HistoryImporter(
            hass,
            client,
            entry_id=entry.entry_id,
            utility=entry_layout(entry.data).host,
            utility_name=entry.title,
            currency=self.currency,
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
        self._produced: dict[str, tuple[float | None, float | None]] = {}
        self._import: asyncio.Task[None] | None = None
        self._read_at: datetime | None = None

    def meter_key(self, data: MeterData) -> str:
        """Return the key a meter is known by in options and unique ids."""
        return meter_key(data.account_key, data.meter)

    def account_identifier(self, key: str) -> str:
        """Return the device identifier of a utility account."""
        return f"{self.config_entry.unique_id}_account_{key}"

    def meter_identifier(self, key: str) -> str:
        """Return the device identifier of a meter."""
        return f"{self.config_entry.unique_id}_meter_{key}"

    def has_device(self, identifiers: set[str]) -> bool:
        """Return whether the last poll saw the account or followed meter of a device."""
        current = {self.account_identifier(key) for key in self.data.accounts}
        current.update(self.meter_identifier(key) for key in self.data.meters)
        return not identifiers.isdisjoint(current)

    def meter_choices(self) -> dict[str, str]:
        """Return every active meter the login has, followed or not, with a label."""
        return dict(self._known_meters)

    def _due(self, now: datetime) -> bool:
        """Tell whether the portal can have something new: else the poll sends nothing."""
        if self.importer.rate_limit.paused(now):
            return False
        if self.data is None or self._read_at is None or not self.last_update_success:
            return True
        if self._import is not None and not self._import.done():
            return False
        return (
            now >= self._read_at + SEW_FULL_READ_INTERVAL
            or now >= self.importer.next_due(now)
        )

    async def _async_update_data(self) -> SewData:
        """Read the accounts, the followed meters, projections and bills when due."""
        now = dt_util.utcnow()
        if not self._due(now):
            if self.data is None:
                raise UpdateFailed(
                    translation_domain=DOMAIN,
                    translation_key="sew_rate_limited",
                    retry_after=self.importer.rate_limit.pause_left(now),
                )
            return self.data
        try:
            data = await self._async_read()
        except SewRateLimitError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="sew_rate_limited",
                retry_after=self.importer.rate_limit.pause(err),
            ) from err
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
        self._read_at = now
        self._start_import(data)
        return data

    async def _async_read(self) -> SewData:
        """Read the accounts one after the other, and each account's meters at once.

        The first call finds out whether the stored session still works; later ones then
        use the new one instead of each being refused.
        """
        results = [
            await self._async_read_account(account)
            for account in await self.client.get_accounts()
        ]
        self._known_meters = {
            key: label for _, _, labels in results for key, label in labels.items()
        }
        return SewData(
            accounts={self.account_key(data.account): data for data, _, _ in results},
            meters={
                key: meter for _, meters, _ in results for key, meter in meters.items()
            },
        )

    async def _async_read_account(
        self, account: Account
    ) -> tuple[AccountData, dict[str, MeterData], dict[str, str]]:
        """Return an account's bills, its followed meters and every active meter's label."""
        ignored = set(self.config_entry.options.get(CONF_IGNORED_METERS, []))
        key = self.account_key(account)
        meters = await self.client.get_meters(account)
        active = {meter_key(key, meter): meter for meter in meters if meter.active}
        followed = {k: meter for k, meter in active.items() if k not in ignored}
        # Every call ends before a failure is raised: none goes on after the read.
        bills_result, projection_results = await asyncio.gather(
            settled(self._async_bills(account)),
            asyncio.gather(
                *(
                    settled(self._async_projection(account, meter))
                    for meter in followed.values()
                )
            ),
        )
        bills = bills_result.unwrap()
        projections = [result.unwrap() for result in projection_results]
        return (
            AccountData(account=account, bills=bills),
            {
                followed_key: self._with_import_results(
                    followed_key,
                    MeterData(
                        account=account,
                        account_key=key,
                        meter=meter,
                        projection=projection,
                    ),
                )
                for (followed_key, meter), projection in zip(
                    followed.items(), projections, strict=True
                )
            },
            {
                k: f"{meter.meter_type.name.title()} {meter.meter_number}"
                for k, meter in active.items()
            },
        )

    async def _async_projection(
        self, account: Account, meter: Meter
    ) -> Projection | None:
        """Return a meter's projection; a meter the portal fails on has none this time.

        One failing meter must not stop the others (its import backs off on its own).
        """
        try:
            return await self.client.get_projection(account, meter)
        except SewAuthError, SewRateLimitError:
            raise
        except SewError as err:
            LOGGER.debug("No projection for meter %s: %s", meter.meter_number, err)
            return None

    async def _async_bills(self, account: Account) -> BillSummary | None:
        """Return an account's bills, or None where the tenant's services have none."""
        if not self.client.offers_bills:
            return None
        return await self.client.get_bills(account)

    def _with_import_results(self, key: str, data: MeterData) -> MeterData:
        """Return the meter's data with the newest readings the import saw."""
        latest_usage, latest_export = self.importer.latest.get(key, (None, None))
        progress = self.importer.progress.get(key)
        return replace(
            data,
            latest_usage=latest_usage,
            latest_export=latest_export,
            history_imported=progress.percent if progress else 0.0,
            produced_this_cycle=self._produced.get(key, (None, None))[0],
            produced_latest_day=self._produced.get(key, (None, None))[1],
            history_retry_at=progress.retry_at if progress else None,
        )

    def _start_import(self, data: SewData) -> None:
        """Import statistics in the background, one run at a time."""
        if self._import is not None and not self._import.done():
            return
        meters = {
            key: (meter.account, meter.meter) for key, meter in data.meters.items()
        }
        # Not eagerly: the import updates the data this poll is about to return.
        self._import = self.config_entry.async_create_background_task(
            self.hass,
            self._async_import(meters),
            f"{DOMAIN} statistics import",
            eager_start=False,
        )

    async def _async_import(self, meters: dict[str, tuple[Account, Meter]]) -> None:
        """Run the import, then show the newest readings it saw."""
        await self.importer.async_import(meters)
        await self._async_read_production()
        self.data = replace(
            self.data,
            meters={
                key: self._with_import_results(key, meter)
                for key, meter in self.data.meters.items()
            },
        )
        self.async_update_listeners()

    async def _async_read_production(self) -> None:
        """Add up what each solar meter produced this billing cycle and on its last day.

        Portals report a cycle's usage, not its production: it is read from the
        production statistic the import wrote. The cycle starts where the projection
        says (else on the 1st); the last day is the newest whose every hour is imported.
        """
        for key, data in self.data.meters.items():
            if data.meter.meter_type is not MeterType.SOLAR:
                continue
            zone = data.account.time_zone
            statistic = statistic_id(
                self.importer.utility, data.meter, StatisticKind.PRODUCTION
            )

            def midnight(day: date, zone: ZoneInfo = zone) -> datetime:
                return dt_util.as_utc(datetime.combine(day, time(), zone))

            first = (
                data.projection.cycle_start
                if data.projection and data.projection.cycle_start
                else dt_util.now(zone).date().replace(day=1)
            )
            cycle = await async_produced(self.hass, statistic, midnight(first))
            newest = self.importer.latest.get(key, (None, None))[0]
            latest_day = None
            if newest is not None:
                day = (newest.start + newest.duration).astimezone(zone).date()
                day -= timedelta(days=1)
                latest_day = await async_produced(
                    self.hass,
                    statistic,
                    midnight(day),
                    midnight(day + timedelta(days=1)),
                )
            self._produced[key] = (cycle, latest_day)
