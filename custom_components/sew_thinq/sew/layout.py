"""Where a tenant's login and services live, and which dialect they speak.

SEW tenants come in flavors (`../shared/docs/sew-protocol.md`, "Flavors at a glance"):
- JSON API (A): login under `<host>/API/UserLogin/*`, every other module under
  `<host>/Service/<Module>/*` (P1 emanuelbesliu/homeassistant-ihidro const.py:14-50).
- WidgetAPI (B): services under `<svc host>/WidgetAPI/<Module>/*`, the token from the
  utility's own web site (P7 dnlbck/ha-nbpower const.py `BASE_URL`, `WIDGET_API_URL`).
- Mobile (D): `<service folder>/<Module>.svc/<Method>Mob` with AES-encrypted parameters
  in one of two request dialects (P16 ranjit-biswal/ApiTesting LoginMobile.java:33-42,
  folder `/scp6.6.3-service`; the seed article, folder `/PortalService`).
- Web portal (C): ASP.NET pages and page methods `<portal folder>/<Page>.aspx/<WebMethod>`
  behind a cookie session (`../shared/docs/sew-protocol.md` section 4; the `web_*` modules).
- CX REST (E): Bearer-token services on `<tenant>-svc.smartcmobile.com`, in one of two
  dialects (the `cx_*` modules); Dominion signs in at a Gigya service of its own (`auth_root`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from yarl import URL


class Flavor(StrEnum):
    """The families of SEW services the client speaks."""

    JSON_API = "api"
    WIDGET_API = "widget"
    MOBILE = "mobile"
    WEB_PORTAL = "web"
    CX = "cx"


class CxDialect(StrEnum):
    """How a CX tenant signs in and where its data live (sew/cx/ has the sources)."""

    # Alliant: a password at `Login/auth`, `/Services/api/1`, usage rows at `UsageAPI`.
    ALLIANT = "alliant"
    # Dominion: Gigya, then a token exchange at `Login/auth`; `/Service/api/1`, usage as
    # a 30-minute workbook.
    DOMINION = "dominion"


class MobileDialect(StrEnum):
    """How a mobile tenant wants its encrypted query written."""

    # The seed article: body key `EncType`, `UserId`/`Password`, `urllib.parse.urlencode`.
    SEED = "seed"
    # SEW's own test code (P16 LoginMobile.java:34-35, decrypted in
    # `../shared/realworld/sew/sew-scp-ValidateUserLoginMob-request.json`): body key
    # `encType`, lower-case `userid`/`password`, values not percent-encoded.
    SEW = "sew"


class Encryption(StrEnum):
    """The AES-128-CBC variant a mobile tenant decrypts with (key "PasswordPassword")."""

    # IV = key: SEW's `DecryptAndroid` (P17 KaranWalia1387/Test1 AESEncryption.cs) and the
    # captured request, although that one says `encType: "I"`.
    KEY_IV = "android"
    # IV = 16 zero bytes: SEW's `DecryptIOS` (same file) and P16 `encryptIOS`.
    ZERO_IV = "ios"
    # Tenants that "opted out of the encryption" (seed article); request shape unverified.
    NONE = "none"


@dataclass(frozen=True, slots=True)
class PortalLayout:
    """One tenant's addresses and dialect.

    `login_root` is where the login lives (A: `<host>/API`; B: the utility's web site;
    D: the folder holding the `.svc` services), `service_root` where every other call goes
    (A: `<host>/Service`; B: `<svc host>/WidgetAPI`; D: the same as `login_root`).
    """

    flavor: Flavor
    login_root: str
    service_root: str
    mobile_dialect: MobileDialect | None = None
    encryption: Encryption | None = None
    cx_dialect: CxDialect | None = None
    # CX tenants signing in elsewhere (Dominion's Gigya service).
    auth_root: str | None = None

    @property
    def host(self) -> str:
        """Return the host the services live on, which names the tenant."""
        return URL(self.service_root).host or self.service_root

    def as_dict(self) -> dict[str, str]:
        """Return the layout as plain strings, for a config entry."""
        data = {
            "flavor": self.flavor.value,
            "login_root": self.login_root,
            "service_root": self.service_root,
        }
        if self.mobile_dialect is not None:
            data["mobile_dialect"] = self.mobile_dialect.value
        if self.encryption is not None:
            data["encryption"] = self.encryption.value
        if self.cx_dialect is not None:
            data["cx_dialect"] = self.cx_dialect.value
        if self.auth_root is not None:
            data["auth_root"] = self.auth_root
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PortalLayout:
        """Rebuild a layout stored with `as_dict`; raise ValueError when it is not one."""
        try:
            flavor = Flavor(data["flavor"])
            login_root = str(data["login_root"])
            service_root = str(data["service_root"])
            dialect = data.get("mobile_dialect")
            encryption = data.get("encryption")
            cx_dialect = data.get("cx_dialect")
            auth_root = data.get("auth_root")
            return cls(
                flavor,
                login_root,
                service_root,
                MobileDialect(dialect) if dialect else None,
                Encryption(encryption) if encryption else None,
                CxDialect(cx_dialect) if cx_dialect else None,
                str(auth_root) if auth_root else None,
            )
        except KeyError as err:
            raise ValueError(f"A stored portal layout lacks {err}") from None

    def rebased(self, address: str) -> PortalLayout:
        """Return the layout with every root moved to another address, paths kept.

        For a proxy or a test portal that serves the tenant's paths, as `ihidro.ro` serves
        Hidroelectrica's API (P2 cnecrea/hidroelectrica const.py `API_BASE`).
        """
        base = URL(address.strip().rstrip("/"))
        if base.scheme not in {"http", "https"} or not base.host:
            raise ValueError(f"{address!r} is not a web address")
        prefix = base.path.rstrip("/")

        def move(root: str) -> str:
            return str(base.with_path(prefix + URL(root).path, encoded=False)).rstrip(
                "/"
            )

        return replace(
            self,
            login_root=move(self.login_root),
            service_root=move(self.service_root),
            auth_root=move(self.auth_root) if self.auth_root else None,
        )


def json_api_layout(origin: str, service_dir: str = "Service") -> PortalLayout:
    """Return flavor A's layout at an origin: `/API` for login, `/<service_dir>` for the rest."""
    return PortalLayout(Flavor.JSON_API, f"{origin}/API", f"{origin}/{service_dir}")


def mobile_layout(
    service_dir: str, dialect: MobileDialect, encryption: Encryption
) -> PortalLayout:
    """Return flavor D's layout: the folder holding the `<Module>.svc` services.

    `<host>/PortalService` in the seed article; SEW's own test code calls
    `/scp6.6.3-service/UserLogin.svc/...` (P16 LoginMobile.java:33).
    """
    root = service_dir.rstrip("/")
    return PortalLayout(Flavor.MOBILE, root, root, dialect, encryption)


def web_portal_layout(folder: str) -> PortalLayout:
    """Return flavor C's layout: the portal folder (`https://portal.acwd.org/portal`).

    Its login page is the folder itself and every page method lives under it (funkadelic/
    ha-acwd acwd_api.py:56; jsinnott/cpau session.py:77-83).
    """
    root = folder.rstrip("/")
    return PortalLayout(Flavor.WEB_PORTAL, root, root)


def cx_layout(
    service_root: str,
    dialect: CxDialect,
    *,
    login_root: str | None = None,
    auth_root: str | None = None,
) -> PortalLayout:
    """Return flavor E's layout: the CX host, and where the sign-in lives when elsewhere.

    `login_root` is the sign-in's web page (Dominion's `login.dominionenergy.com`, whose
    Incapsula cookies DP fetches first), `auth_root` its Gigya service.
    """
    root = service_root.rstrip("/")
    return PortalLayout(
        Flavor.CX, login_root or root, root, cx_dialect=dialect, auth_root=auth_root
    )
