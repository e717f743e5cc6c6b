"""The event log as `log` shows it: one line per event, masked as every listing is.

An event's old and new values are copies of the fields it changed, so a person's log holds
everything their card holds. The log view shows them as the card does: the fødselsnummer
masked, the birth date, health needs and an institution or prison's place hidden unless the
reader asked for the sensitive view (which is logged as a sensitive read)."""

import json
import re
from dataclasses import dataclass, field
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
    "last_contact": "col_last_contact", "sheet_rows": "col_sheet_rows",
    # the survey's fields of a person
    "birth_year": "log_field_birth_year", "born_abroad": "col_born_abroad",
    "children_living_with": "col_children_living_with", "income": "col_income",
    "evicted": "col_evicted",
    # corrections, merges, deletions, retention, restore
    "anonymised": "col_anonymised", "deleted": "log_field_deleted", "force": "log_field_force",
    "into": "log_field_into", "moved": "log_field_moved", "records": "log_field_records",
    "kept": "log_field_kept", "created": "log_field_created",
    "application_id": "record_application", "meeting_id": "record_meeting",
    "dwelling_id": "log_field_dwelling",
    # the housing side: dwellings, offers, listings, Housing First
    "address": "col_dw_address", "rooms": "col_dw_rooms", "size": "col_dw_size",
    "accessible": "col_dw_accessible", "floor": "col_dw_floor", "rent": "col_rt_rent",
    "available": "col_rt_available", "until": "col_rt_until", "landlord": "col_rt_landlord",
    "deposit_guarantee": "col_rt_deposit_guarantee", "bostotte": "col_rt_bostotte",
    "invited": "log_field_invited", "answer": "col_outcome", "answered": "col_answered_on",
    "ended": "log_field_ended", "end_reason": "log_field_end_reason", "outcome": "col_outcome",
    "week": "log_field_week", "forms": "log_field_forms", "dedup_fields": "log_field_dedup",
    "dwellings": "col_dwellings",
}
"""A logged field in the reader's words (every field a use case logs: tests/test_log_words.py)."""
RECORD_FIELD_WORDS = {("offer", "decided"): "col_answered_on", ("offer", "reason"): "log_field_decline_reason",
                      ("offer", "date"): "log_field_offered", ("person-list", "fnr"): "log_field_show_fnr"}
"""A field whose words depend on the record it belongs to (an offer is answered, not decided)."""
CODE_WORDS = {"decision": "decision_", "gender": "gender_", "lease": "lease_",
              "need_rus": "need_value_", "need_psykisk": "need_value_",
              "need_somatisk": "need_value_", "need_oppfolging": "need_value_",
              "income": "income_", "role": "role_", "answer": "hf_answer_",
              "end_reason": "hf_end_", "outcome": "offer_"}
"""Fields whose values are codes, shown in words (a `kind` and a `reason` are told apart by
the record they belong to: RECORD_CODE_WORDS)."""
RECORD_CODE_WORDS = {("contact", "kind"): "contact_", ("application", "kind"): "app_",
                     ("dwelling_mark", "kind"): "dw_mark_", ("exit", "reason"): "exit_",
                     ("offer", "reason"): "decline_"}
YES_NO = frozenset({"housing_first", "wants_housing", "demo", "accessible", "bostotte",
                    "deposit_guarantee", "force", "fnr_shown", "children_living_with"})
"""Fields stored as 0/1 (or true/false), shown as ja/nei."""
LEFT_OUT = frozenset({"id", "person_id", "no", "undo", "renumbered", "stay_ids", "twice",
                      "name_key", "alias_key", "stay_id", "meeting_id", "minutes_id", "merged_on"})
"""Keys the text view leaves out: the record's own key and number (named in its heading), the
change an undo reversed, a merge's bookkeeping. They stay in `log --format json`."""
RECORD_WORDS = {"person": "record_person", "stay": "record_stay", "exit": "record_exit",
                "contact": "record_contact", "plan": "record_plan", "step": "record_step",
                "application": "record_application", "decision": "record_decision",
                "meeting": "record_meeting", "config": "record_config", "user": "record_user",
                "register": "record_register", "person-list": "record_person_list",
                "log": "record_log", "dwelling": "record_dwelling", "offer": "record_offer",
                "rental": "record_rental", "housing_first": "record_housing_first",
                "dwelling_mark": "record_dwelling_mark", "survey-forms": "record_survey_forms",
                "status": "record_status", "dwelling-list": "record_dwelling_list"}
COUNTED = {"stay": "log_count_stay", "contact": "log_count_contact", "step": "log_count_step",
           "application": "log_count_application", "application_decision": "log_count_decision",
           "person_exit": "log_count_exit", "plan": "log_count_plan"}
"""A merge's or a deletion's counts of records, each kind in words («2 opphold, 11 kontakter»)."""
DATE_OF = {"stay": "start", "contact": "date", "step": "due", "exit": "date",
           "application": "received", "decision": "date", "offer": "date",
           "housing_first": "invited", "dwelling_mark": "date", "meeting": "date"}
"""The date a record is known by on the card, shown after its number."""
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


@dataclass(slots=True)
class Facts:
    """What the view looks up to name records as the card does (store.reads.event_facts):
    persons' names (none once anonymised or deleted) and the records' stored rows."""

    names: dict[str, str] = field(default_factory=dict)
    rows: dict[str, dict] = field(default_factory=dict)


def _content(row: dict) -> dict:
    """The event's old and new values as one dict (the new win), {} when they are no dict."""
    merged: dict = {}
    for side in ("old", "new"):
        try:
            value = json.loads(row.get(side) or "null")
        except ValueError:
            continue
        if isinstance(value, dict):
            merged.update({k: v for k, v in value.items() if v is not None})
    return merged


def record_words(record: str, person_id: str | None = None, facts: Facts | None = None,
                 event: dict | None = None) -> str:
    """Whose record, in words and the card's numbers: 'P0003 Åse Ødegård: kontakt 2 (01.12.2026)',
    'person P0003 Åse Ødegård', 'bolig D0001'. The number and the date come from the event's
    content, else from the stored row; a row id (the log's key) is never shown as a number."""
    facts = facts or Facts()
    kind, _, key = record.partition(":")
    word = t(RECORD_WORDS[kind]) if kind in RECORD_WORDS else kind.replace("_", " ")
    stored = facts.rows.get(record, {})
    content = _content(event) if event else {}

    def fact(name: str) -> Any:
        return content.get(name) if content.get(name) is not None else stored.get(name)

    owner = person_id or fact("person_id")
    if kind == "person" and key:
        name = facts.names.get(key)
        return f"{word} {key} {name}" if name else f"{word} {key}"
    if kind in ("stay", "contact", "step"):
        no = fact("no")
        what = f"{word} {no}" if no is not None else word
    elif kind == "decision":
        app = fact("application_id")
        what = t("record_decision_on", app=app) if app else word
    elif kind in ("exit", "plan", "housing_first", "register", "log", "person-list", "survey-forms",
                  "meeting", "status"):
        what = word
    elif kind == "dwelling_mark":
        dwelling = fact("dwelling_id")
        what = t("record_dwelling_mark_of", dwelling=dwelling) if dwelling else word
    elif kind == "config":  # a setting, as `config show` names it
        what = f"{word} {field_words(key, record)}"
    else:  # an id the user types (A0003, D0001, O0002, R0001), a user
        what = f"{word} {key}".strip()
    if kind == "offer" and fact("dwelling_id"):
        what += " " + t("record_offer_of", dwelling=fact("dwelling_id"))
    day = fact(DATE_OF[kind]) if kind in DATE_OF else None
    if isinstance(day, str) and ISO_DAY.fullmatch(day):
        what += f" ({day[8:10]}.{day[5:7]}.{day[:4]})"
    if not owner:
        return what
    name = facts.names.get(owner)
    return f"{owner} {name}: {what}" if name else f"{owner}: {what}"


def field_words(key: str, record: str = "") -> str:
    kind = record.partition(":")[0]
    if (kind, key) in RECORD_FIELD_WORDS:
        return t(RECORD_FIELD_WORDS[(kind, key)]).lower()
    if kind in ("config", "register"):  # a setting, as `config show` names it
        config = "config_" + key.replace("-", "_")
        if t(config) != config:
            return t(config)
    if key.startswith("need_") and key in CODE_WORDS:
        return t("need_" + key[5:])
    if key in FIELD_WORDS:
        return t(FIELD_WORDS[key]).lower()
    return key.replace("_", " ")


def value_words(key: str, value: str, record: str) -> str:
    """A stored value in the reader's words: dates as 01.03.2015, codes as words, 0/1 as no/yes."""
    if ISO_DAY.fullmatch(value):
        return f"{value[8:10]}.{value[5:7]}.{value[:4]}"
    kind = record.partition(":")[0]
    prefix = RECORD_CODE_WORDS.get((kind, key), CODE_WORDS.get(key))
    if key == "kind" and kind not in ("contact", "application", "dwelling_mark"):
        prefix = None  # a dwelling's kind is its stay code (KOMMUNAL), as the card shows it
    if prefix:
        word = t(prefix + value)
        return word if word != prefix + value else value
    if key == "born_abroad" and value in ("0", "1", "True", "False"):
        return t("born_abroad") if value in ("1", "True") else t("born_in_norway")
    if value in ("True", "False") or (key in YES_NO and value in ("0", "1")):
        return t("yes") if value in ("1", "True") else t("no")
    return value


def counted(value: dict) -> str:
    """A merge's or deletion's counts ({'stay': 2, 'contact': 11}) as «2 opphold, 11 kontakter»;
    the kinds with none left out."""
    parts = [t(COUNTED[k], n=v) for k, v in value.items()
             if k in COUNTED and isinstance(v, int) and not isinstance(v, bool) and v]
    return ", ".join(parts) if parts else t("log_none")


def _value(key: str, value: Any, sensitive: bool, release_stay: bool) -> Any:
    if value is None or value == "":
        return "–"
    if key == "fnr" and isinstance(value, str):
        return mask_fnr(value)
    if not sensitive and (key in SENSITIVE_KEYS or (key == "place" and release_stay)):
        return t("hidden")
    if isinstance(value, dict | list):
        return value  # shown as a sentence in words, or left out (changes)
    return str(value)


def _masked(content: str | None, sensitive: bool, release_stay: bool) -> Any:
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
            masked[NEEDS] = t("hidden")  # not even which need: the card's flag
        return masked
    return _value("", value, sensitive, release_stay)


NEEDS = "needs"
"""The one key that stands for every need in the view when the needs are hidden."""


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
    'label: value' for a new or removed record (a deleted record's old values, as the card
    shows them), the reason on its own, and a note for content removed by retention. Lists and
    dicts are a sentence in words (a merge's or deletion's counts) or left out (kept in JSON)."""
    if row.get("old_digest") or row.get("new_digest"):
        return [t("log_redacted")]
    if not row.get("old") and not row.get("new"):
        return []
    record = str(row.get("record", ""))
    release_stay = _release_stay(row)
    old = _masked(row.get("old"), sensitive, release_stay)
    new = _masked(row.get("new"), sensitive, release_stay)

    def label(key: str) -> str:
        return t("col_needs").lower() if key == NEEDS else field_words(key, record)

    def shown_value(key: str, value: Any) -> str | None:
        if isinstance(value, dict):
            return counted(value) if key in ("moved", "records") else None
        if isinstance(value, list):
            return None
        return shown(value_words(key, value, record))

    def one(key: str, value: Any) -> str | None:
        text = shown_value(key, value)
        return None if text is None or key in LEFT_OUT or value == "–" else f"{label(key)}: {text}"

    if isinstance(new, dict) and isinstance(old, dict) and row.get("action") == "update":
        lines = []
        for key, value in new.items():
            if key in LEFT_OUT:
                continue
            if key == "reason" and key not in old:  # why it was changed, not a changed field
                lines.append(one(key, value))
                continue
            before, after = shown_value(key, old.get(key, "–")), shown_value(key, value)
            if before is not None and after is not None:
                lines.append(f"{label(key)}: {before} → {after}")
        return [line for line in lines if line]
    if isinstance(new, dict) or isinstance(old, dict):
        # a record created (its new values), deleted (its old values, and why), or merged (what
        # was done with it: the record it went into, why, what moved)
        merged = dict(old) if isinstance(old, dict) and (
            row.get("action") == "delete" or not isinstance(new, dict)) else {}
        merged.update(new if isinstance(new, dict) else {})
        return [line for line in (one(k, v) for k, v in merged.items()) if line]
    return [f"{shown(value_words('', str(old), record))} → {shown(value_words('', str(new), record))}"]


def log_lines(rows: list[dict], sensitive: bool, facts: Facts | None = None) -> list[LogLine]:
    """The events as the log view (cli/log.py) shows them, every text shown inert; `facts`
    (store.reads.event_facts) name each record as the card does."""
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
            record=shown(record_words(str(row["record"]), row.get("person_id"), facts, row)),
            changes=parts))
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
