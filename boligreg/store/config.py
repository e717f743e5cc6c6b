"""Use case: change one of the register's settings (settings.CONFIG_KEYS), and the shared set-up
that the `group` setting makes of the register's folder and files."""

import os
from pathlib import Path

from boligreg.domain.dates import parse_date
from boligreg.domain.numbers import kroner_number, valid_kommunenummer, whole_number
from boligreg.domain.text import typed_text
from boligreg.errors import InvalidInput, ReadOnly
from boligreg.posix import group_id, in_group, share, use_group
from boligreg.settings import CONFIG_KEYS, HOUSING_KEYS, TEXT_LIMIT
from boligreg.store.register import Register


def set_config(reg: Register, key: str, value: str) -> str:
    """Validate and store a setting; returns the stored value."""
    if key not in CONFIG_KEYS:
        raise InvalidInput("err_config_key", key=key, valid=", ".join(CONFIG_KEYS))
    if key == "inactive-after-days":
        value = str(whole_number(value, 1, 3650, "err_config_days"))
    elif key == "retention-years":
        value = str(whole_number(value, 1, 100, "err_config_years"))
    elif key == "zero-vision-date":
        value = parse_date(value, reg.today).isoformat() if value else ""
    elif key == "kommunenummer":
        value = value.strip()
        if value and not valid_kommunenummer(value):
            raise InvalidInput("err_kommunenummer_range", value=value[:40])
    elif key in HOUSING_KEYS:
        value = housing_value(key, value)
    elif key == "language":
        from boligreg.i18n import language_named
        from boligreg.locale import LANGUAGES

        named = language_named(value)
        if named is None:
            raise InvalidInput("err_config_language", value=value[:40], valid=", ".join(LANGUAGES))
        value = named
    else:
        value = " ".join(typed_text(value, "config_" + key.replace("-", "_"), TEXT_LIMIT).split())
    gid = shared_group(value) if key == "group" else None
    with reg.write("config set"):
        old = reg.config().get(key)
        reg.table("config").upsert({"key": key, "value": value}, pk="key")
        reg.log("update", f"config:{key}", old=old, new=value)
        if key == "group":
            share_register(reg.path, gid)
            if gid is not None and not reg.roles():
                # from now on others can open the file: roles go in use, the acting account first
                from boligreg.domain.roles import Role
                from boligreg.store.users import add_user

                add_user(reg, reg.user, Role.COORDINATOR)
    reg.forget_settings()
    if key == "group":
        use_group(gid)
    return value


def shared_group(name: str) -> int | None:
    """The id of the group a register is to be shared with (None: none), which must exist and
    have the acting account as a member (else nobody in it could be given the files)."""
    if not name:
        return None
    gid = group_id(name)
    if gid is None:
        raise InvalidInput("err_no_group", name=name)
    if not in_group(gid):
        raise InvalidInput("err_not_in_group", name=name)
    return gid


def share_register(path: Path, gid: int | None) -> None:
    """The shared set-up, or back to the owner alone: the real folder setgid 2770 and the
    register and its journal 0660 for the group (None: folder 0700, files 0600)."""
    real = Path(os.path.realpath(path))
    own = (real.name, f"{real.name}-journal", f"{real.name}-wal")
    others = [item.name for item in real.parent.iterdir() if item.name not in own
              and not item.name.startswith((f"{real.name}.before-restore-", f".{real.name}."))]
    if gid is not None and others:  # never open up a home folder, or anything beside the register
        raise InvalidInput("err_share_folder", path=str(real.parent), names=", ".join(sorted(others)[:3]))
    try:
        share(real.parent, gid, folder=True)
        for item in (real, Path(f"{real}-journal")):
            if item.exists():
                share(item, gid)
    except OSError as error:
        raise ReadOnly("err_share", path=str(real.parent), detail=error.strerror or str(error)) from None
def housing_value(key: str, value: str) -> str:
    """The housing side's settings: NAV's limits in kroner (empty: not set), rooms and days as
    whole numbers in range, the homeless priority yes or no."""
    if key.startswith("nav-limit."):
        amount = value.strip()
        return str(kroner_number(amount, 0, 999999, "err_config_kroner")) if amount else ""
    text = value.strip().replace(" ", "").replace("\u00a0", "")
    if key == "priority-homeless":
        from boligreg.i18n import text_in
        from boligreg.locale import LANGUAGES

        folded = text.lower()
        if folded in {"1", *(text_in(lang, "yes").lower() for lang in LANGUAGES)}:
            return "1"
        if folded in {"0", *(text_in(lang, "no").lower() for lang in LANGUAGES)}:
            return "0"
        raise InvalidInput("err_config_yes_no", value=value[:40])
    low, high = {"rooms-adults": (1, 10), "rooms-per-child": (0, 5), "rooms-extra": (0, 10),
                 "lease-reminder-days": (1, 730), "housing-first-months": (1, 60)}[key]
    return str(whole_number(text, low, high, "err_config_number"))
