"""The event log as `log` shows it: one line per event, masked as every listing is.

An event's old and new values are copies of the fields it changed, so a person's log holds
everything their card holds. The log view shows them as the card does: the fødselsnummer
masked, the birth date, health needs and an institution or prison's place hidden unless the
reader asked for the sensitive view (which is logged as a sensitive read)."""

import json
from dataclasses import dataclass
from typing import Any

from boligreg.domain.codes import RELEASE
from boligreg.domain.fnr import mask_fnr
from boligreg.domain.text import shown
from boligreg.i18n import t

SENSITIVE_KEYS = ("born", "need_rus", "need_psykisk", "need_somatisk", "need_oppfolging")
"""Fields shown only in the sensitive view (the card shows age and a needs flag instead)."""
RELEASE_CODES = {code.value for code in RELEASE}
CHANGE_WIDTH = 120


@dataclass(slots=True)
class LogLine:
    at: str
    user: str
    command: str
    action: str
    record: str
    change: str


def _value(key: str, value: Any, sensitive: bool, release_stay: bool) -> str:
    if value is None or value == "":
        return "–"
    if key == "fnr" and isinstance(value, str):
        return mask_fnr(value)
    if not sensitive and (key in SENSITIVE_KEYS or (key == "place" and release_stay)):
        return t("hidden")
    return str(value)


def _masked(content: str | None, sensitive: bool, release_stay: bool) -> str | dict[str, str]:
    if not content:
        return "–"
    try:
        value = json.loads(content)
    except ValueError:  # a value no use case writes
        return shown(content)
    if isinstance(value, dict):
        masked = {key: _value(key, item, sensitive, release_stay) for key, item in value.items()
                  if sensitive or not key.startswith("need_")}
        if not sensitive and any(key.startswith("need_") for key in value):
            masked[t("col_needs").lower()] = t("hidden")  # not even which need: the card's flag
        return masked
    return _value("", value, sensitive, release_stay)


def _short(text: str) -> str:
    return text if len(text) <= CHANGE_WIDTH else text[: CHANGE_WIDTH - 1] + "…"


def change_text(row: dict, sensitive: bool) -> str:
    """What an event changed, masked: 'key: old → new' for an update, 'key=value' for a new
    record, and a note for content removed by retention."""
    if row.get("old_digest") or row.get("new_digest"):
        return t("log_redacted")
    if not row.get("old") and not row.get("new"):
        return ""
    codes = [json.loads(c).get("code") if c and c.startswith("{") else None
             for c in (row.get("old"), row.get("new")) if c]
    release_stay = any(code in RELEASE_CODES for code in codes)
    old = _masked(row.get("old"), sensitive, release_stay)
    new = _masked(row.get("new"), sensitive, release_stay)
    if isinstance(new, dict) and (isinstance(old, dict) or old == "–"):
        before = old if isinstance(old, dict) else {}
        if not before:
            return _short(", ".join(f"{k}={v}" for k, v in new.items() if v != "–"))
        return _short("; ".join(f"{k}: {before.get(k, '–')} → {v}" for k, v in new.items()))
    if isinstance(old, dict) and new == "–":
        return _short(", ".join(f"{k}={v}" for k, v in old.items() if v != "–"))
    return f"{_short(str(old))} → {_short(str(new))}"


def log_lines(rows: list[dict], sensitive: bool) -> list[LogLine]:
    """The events as lines of the log view (cli/log.py), every text shown inert."""
    lines = []
    for row in rows:
        key = "action_" + str(row["action"]).replace("-", "_")
        try:
            action = t(key)
        except KeyError:  # an action no version of boligreg writes
            action = str(row["action"])
        try:
            change = change_text(row, sensitive)
        except (ValueError, AttributeError, TypeError):
            change = "?"
        lines.append(LogLine(*(shown(str(v)) for v in (
            str(row["at"]).replace("T", " ")[:19], row["user"], row["command"], action,
            row["record"], change))))
    return lines
