"""The event log as `log` shows it: one line per event, masked as every listing is.

An event's old and new values are copies of the fields it changed, so a person's log holds
everything their card holds. The log view shows them as the card does: the fødselsnummer
masked, the birth date, health needs and an institution or prison's place hidden unless the
reader asked for the sensitive view (which is logged as a sensitive read)."""

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from boligreg.domain.codes import RELEASE
from boligreg.domain.fnr import mask_fnr
from boligreg.domain.text import shown
from boligreg.i18n import t

SENSITIVE_KEYS = ("born", "need_rus", "need_psykisk", "need_somatisk", "need_oppfolging")
"""Fields shown only in the sensitive view (the card shows age and a needs flag instead)."""
RELEASE_CODES = {code.value for code in RELEASE}


@dataclass(slots=True)
class LogLine:
    """One event as the log view shows it: when (local time), who, the command, what was done to
    which record in words, and the fields changed, each as 'label: old → new' or 'label: value'."""

    at: str
    user: str
    command: str
    action: str
    record: str
    changes: list[str]


FIELD_WORDS = {
    "name": "col_name", "alias": "col_alias", "fnr": "col_fnr", "born": "col_born",
    "gender": "col_gender", "children": "col_children", "caseworker": "col_caseworker",
    "phone": "col_phone", "consent": "col_consent", "wants_housing": "col_wants_housing",
    "registered": "col_registered", "known_since": "col_known_since", "code": "col_situation",
    "start": "col_from", "place": "col_place", "release": "col_release", "noted": "col_noted",
    "lease": "col_lease", "lease_end": "col_lease_end", "housing_first": "housing_first",
    "date": "col_date", "kind": "col_kind", "by": "col_by", "note": "col_note",
    "route": "col_route", "target": "col_target", "wishes": "col_wishes",
    "responsible": "col_responsible", "text": "col_step", "owner": "col_owner", "due": "col_due",
    "done": "col_done", "decision": "col_decision", "received": "col_received",
    "reason": "col_reason", "attendees": "col_attendees", "closed": "col_closed",
    "persons": "col_persons", "file": "col_file", "role": "col_role", "events": "col_events",
    "reads": "col_reads", "sensitive": "col_sensitive", "format": "col_output",
    "states": "col_selection",
    # an import: its event, and each person's (the records made for them, flat)
    "sheet": "col_sheet", "header_row": "col_header_row", "rows": "col_rows",
    "first": "col_first_id", "last": "col_last_id", "already": "col_already",
    "rejected": "col_rejected", "rejects": "col_rejects_file", "skipped": "col_skipped",
    "duplicates": "col_duplicates", "as_of": "col_as_of", "decided": "col_decided",
    "last_contact": "col_last_contact", "sheet_rows": "col_sheet_rows", "dwellings": "col_dwellings",
}
"""A logged field in the reader's words; a field not named here is shown by its own name."""
CODE_WORDS = {"decision": "decision_", "gender": "gender_", "lease": "lease_",
              "need_rus": "need_value_", "need_psykisk": "need_value_",
              "need_somatisk": "need_value_", "need_oppfolging": "need_value_"}
"""Fields whose values are codes, shown in words (the contact's and application's `kind` are
told apart by the record they belong to)."""
RECORD_WORDS = {"person": "record_person", "stay": "record_stay", "exit": "record_exit",
                "contact": "record_contact", "plan": "record_plan", "step": "record_step",
                "application": "record_application", "decision": "record_decision",
                "meeting": "record_meeting", "config": "record_config", "user": "record_user",
                "register": "record_register", "person-list": "record_person_list",
                "dwelling-list": "record_dwelling_list",
                "log": "record_log"}
ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def local_time(at: str) -> str:
    """An event's time (stored in UTC) in the reader's local time, as 01.12.2026 14:04."""
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%d.%m.%Y %H:%M")


def record_words(record: str) -> str:
    """'stay:12' as 'opphold 12', 'person:P0001' as 'person P0001'."""
    kind, _, key = record.partition(":")
    word = t(RECORD_WORDS[kind]) if kind in RECORD_WORDS else kind
    return f"{word} {key}".strip()


def field_words(key: str) -> str:
    if key.startswith("need_") and key in CODE_WORDS:
        return t("need_" + key[5:])
    if key in FIELD_WORDS:
        return t(FIELD_WORDS[key]).lower()
    config = "config_" + key.replace("-", "_")  # a setting, as `config show` names it
    return t(config) if t(config) != config else key


def value_words(key: str, value: str, record: str) -> str:
    """A stored value in the reader's words: dates as 01.03.2015, codes as words, 0/1 as no/yes."""
    if ISO_DAY.fullmatch(value):
        return f"{value[8:10]}.{value[5:7]}.{value[:4]}"
    prefix = CODE_WORDS.get(key)
    if key == "kind":
        prefix = "contact_" if record.startswith("contact") else "app_"
    if key == "reason" and record.startswith("exit"):
        prefix = "exit_"
    if prefix:
        word = t(prefix + value)
        return word if word != prefix + value else value
    if value in ("True", "False") or (
            key in ("housing_first", "wants_housing", "demo") and value in ("0", "1")):
        return t("yes") if value in ("1", "True") else t("no")
    return value


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


HIDDEN = "hidden"
"""A value the JSON leaves out unless asked for --sensitive: a machine word, as its keys are."""


def _stored(content: str, sensitive: bool, release_stay: bool) -> Any:
    """An event's content for `log --format json`: as stored (English keys, null, numbers, ISO
    dates, codes), masked as the view masks it; hidden needs are one key `needs`."""
    try:
        value = json.loads(content)
    except ValueError:  # a value no use case writes
        return content
    if not isinstance(value, dict):
        return value
    masked: dict[str, Any] = {}
    for key, item in value.items():
        if key.startswith("need_") and not sensitive:
            masked["needs"] = HIDDEN  # not even which need: the card's flag
        elif key == "fnr" and isinstance(item, str):  # masked in the sensitive view too
            masked[key] = mask_fnr(item) or None
        elif item is not None and not sensitive and (
                key in SENSITIVE_KEYS or (key == "place" and release_stay)):
            masked[key] = HIDDEN
        else:
            masked[key] = item
    return masked


def _release_stay(row: dict) -> bool:
    """Whether an event is about an institution or prison stay (its place is then sensitive)."""
    codes = [json.loads(c).get("code") if c and c.startswith("{") else None
             for c in (row.get("old"), row.get("new")) if c]
    return any(code in RELEASE_CODES for code in codes)


def changes(row: dict, sensitive: bool) -> list[str]:
    """What an event changed, masked and in words: 'label: old → new' for an update,
    'label: value' for a new or removed record, and a note for content removed by retention."""
    if row.get("old_digest") or row.get("new_digest"):
        return [t("log_redacted")]
    if not row.get("old") and not row.get("new"):
        return []
    record = str(row.get("record", ""))
    release_stay = _release_stay(row)
    old = _masked(row.get("old"), sensitive, release_stay)
    new = _masked(row.get("new"), sensitive, release_stay)

    def shown_value(key: str, value: str) -> str:
        return shown(value_words(key, value, record))

    if isinstance(new, dict) and isinstance(old, dict):
        return [f"{field_words(k)}: {shown_value(k, old.get(k, '–'))} → {shown_value(k, v)}"
                for k, v in new.items()]
    one = new if isinstance(new, dict) else old if isinstance(old, dict) else None
    if one is not None:
        return [f"{field_words(k)}: {shown_value(k, v)}" for k, v in one.items()
                if v != "–" and k not in ("id", "person_id")]
    return [f"{shown(str(old))} → {shown(str(new))}"]


def log_lines(rows: list[dict], sensitive: bool) -> list[LogLine]:
    """The events as the log view (cli/log.py) shows them, every text shown inert."""
    lines = []
    for row in rows:
        key = "action_" + str(row["action"]).replace("-", "_")
        action = t(key)
        try:
            parts = changes(row, sensitive)
        except (ValueError, AttributeError, TypeError):  # a value no use case writes
            parts = ["?"]
        lines.append(LogLine(
            at=local_time(str(row["at"])), user=shown(str(row["user"])),
            command=shown(str(row["command"])), action=action if action != key else str(row["action"]),
            record=shown(record_words(str(row["record"]))), changes=parts))
    return lines


def raw_events(rows: list[dict], sensitive: bool) -> list[dict]:
    """`log --format json`: each event as stored (English keys, UTC, codes), its content masked
    as the view masks it."""
    result = []
    for row in rows:
        release_stay = _release_stay(row)
        item = {k: row[k] for k in ("id", "at", "user", "command", "action", "record", "person_id")}
        for side in ("old", "new"):
            content = row.get(side)
            item[side] = None if not content else _stored(content, sensitive, release_stay)
        item["redacted"] = bool(row.get("old_digest") or row.get("new_digest"))
        result.append(item)
    return result
