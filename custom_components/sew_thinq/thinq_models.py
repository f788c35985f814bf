"""LG model documents: cached across restarts, fetched again with a back-off when they fail.

Each appliance stands alone from its model document on: a document that cannot be fetched
or read leaves that appliance without entities, is logged once, and becomes a repair
issue when it persists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .const import DOMAIN, LOGGER, MODEL_INFO_STORAGE_KEY, MODEL_INFO_STORAGE_VERSION
from .thinq import ApplianceInfo

FIRST_RETRY: Final = timedelta(minutes=1)
MAX_RETRY: Final = timedelta(hours=6)
RETRY_FACTOR: Final = 4
# A failure becomes a repair issue once a second attempt has failed too.
ISSUE_AFTER_ATTEMPTS: Final = 2


@dataclass(slots=True)
class ModelFailure:
    """An appliance whose model document could not be used."""

    model_name: str
    reason: str
    attempts: int
    retry_at: datetime


class ModelDocuments:
    """Model documents by model URL and version, stored for each ThinQ entry.

    Live clients keep them per URL (ollo69 core_async.py:1821-1839): LG serves them from a
    separate content host, which may be down when Home Assistant starts.
    """

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Open the store of one ThinQ entry."""
        self._store: Store[dict[str, Any]] = Store(
            hass, MODEL_INFO_STORAGE_VERSION, f"{MODEL_INFO_STORAGE_KEY}.{entry_id}"
        )
        self._documents: dict[str, Any] = {}
        self._dirty = False

    async def async_load(self) -> None:
        """Read the documents stored by earlier runs."""
        stored = await self._store.async_load() or {}
        documents = stored.get("documents")
        self._documents = dict(documents) if isinstance(documents, dict) else {}

    def get(self, key: str) -> Any:
        """Return the stored document of a model URL and version, if any."""
        return self._documents.get(key)

    def put(self, key: str, document: Any) -> None:
        """Keep a document that could be read."""
        if self._documents.get(key) != document:
            self._documents[key] = document
            self._dirty = True

    def forget(self, key: str) -> None:
        """Drop a stored document that can no longer be read."""
        if self._documents.pop(key, None) is not None:
            self._dirty = True

    async def async_save(self) -> None:
        """Write the documents if any changed."""
        if self._dirty:
            self._dirty = False
            await self._store.async_save({"documents": self._documents})


class ModelProblems:
    """Appliances whose model document failed: back-off, one log line, a repair issue."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Track the failures of one ThinQ entry."""
        self.hass = hass
        self._entry_id = entry_id
        self.failures: dict[str, ModelFailure] = {}

    def _issue_id(self, device_id: str) -> str:
        return f"model_unreadable_{self._entry_id}_{device_id}"

    def due(self, device_id: str) -> bool:
        """Return whether a failed model is due to be fetched again."""
        failure = self.failures.get(device_id)
        return failure is None or dt_util.utcnow() >= failure.retry_at

    def failed(self, info: ApplianceInfo, reason: str) -> None:
        """Record a failed attempt; log the first, raise an issue when it persists."""
        failure = self.failures.get(info.device_id)
        attempts = 1 if failure is None else failure.attempts + 1
        delay = min(FIRST_RETRY * RETRY_FACTOR ** (attempts - 1), MAX_RETRY)
        model = info.model_name or "unknown model"
        self.failures[info.device_id] = ModelFailure(
            model, reason, attempts, dt_util.utcnow() + delay
        )
        if failure is None:
            LOGGER.warning(
                "LG's model document for the appliance model %s cannot be used (%s); "
                "the appliance gets its entities once LG serves a readable one",
                model,
                reason,
            )
        if attempts == ISSUE_AFTER_ATTEMPTS:
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                self._issue_id(info.device_id),
                is_fixable=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key="model_unreadable",
                translation_placeholders={
                    "name": info.alias,
                    "model": model,
                    "reason": reason,
                },
            )

    def recovered(self, device_id: str) -> None:
        """Forget a failure once the model has been read."""
        if (failure := self.failures.pop(device_id, None)) is not None:
            LOGGER.info(
                "LG's model document for the appliance model %s can be used now",
                failure.model_name,
            )
            ir.async_delete_issue(self.hass, DOMAIN, self._issue_id(device_id))

    def forget(self, device_id: str) -> None:
        """Forget an appliance LG no longer lists."""
        if self.failures.pop(device_id, None) is not None:
            ir.async_delete_issue(self.hass, DOMAIN, self._issue_id(device_id))
