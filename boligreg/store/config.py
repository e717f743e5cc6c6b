"""Use case: change one of the register's settings (settings.CONFIG_KEYS)."""

from boligreg.domain.dates import parse_date
from boligreg.domain.numbers import whole_number
from boligreg.domain.text import typed_text
from boligreg.errors import InvalidInput
from boligreg.settings import CONFIG_KEYS, TEXT_LIMIT
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
    else:
        value = " ".join(typed_text(value, key, TEXT_LIMIT).split())
    with reg.write("config set"):
        old = reg.config().get(key)
        reg.table("config").upsert({"key": key, "value": value}, pk="key")
        reg.log("update", f"config:{key}", old=old, new=value)
    reg.forget_settings()
    return value
