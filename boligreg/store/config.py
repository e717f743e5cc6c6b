"""Use case: change one of the register's settings (settings.CONFIG_KEYS)."""

from boligreg.domain.dates import parse_date
from boligreg.domain.numbers import whole_number
from boligreg.errors import InvalidInput
from boligreg.settings import CONFIG_KEYS, HOUSING_KEYS
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
        if value and not (len(value) == 4 and value.isascii() and value.isdigit()):
            raise InvalidInput("err_kommunenummer", value=value[:40])
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
        value = " ".join(value.split())
    with reg.write("config set"):
        old = reg.config().get(key)
        reg.table("config").upsert({"key": key, "value": value}, pk="key")
        reg.log("update", f"config:{key}", old=old, new=value)
    reg.forget_settings()
    return value


def housing_value(key: str, value: str) -> str:
    """The housing side's settings: NAV's limits in kroner (empty: not set), rooms and days as
    whole numbers in range, the homeless priority yes or no."""
    text = value.strip().replace(" ", "").replace("\u00a0", "")
    if key.startswith("nav-limit."):
        return str(whole_number(text, 0, 999999, "err_config_kroner")) if text else ""
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
