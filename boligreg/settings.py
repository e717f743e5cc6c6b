"""Every number the rules count with, and the register's settings with their defaults: one place.

Two kinds. A *setting* is the municipality's to choose (`boligreg config set KEY VALUE`): it lives
in the register's config table and is parsed once per command into the frozen `Settings`. A
*threshold* comes from the national definitions (DESIGN.md) or the meeting's practice and is a
constant here. No rule anywhere else writes a number of its own, so a threshold changes in one
line and every list, flag and figure follows.
"""

from dataclasses import dataclass
from datetime import date

# --- thresholds from the national definitions (DESIGN.md § Situations and § Figures) ----------
RELEASE_LISTED_MONTHS = 2
"""INST and KRIM count as homeless from this many calendar months before the release date."""
RETURN_WINDOW_DAYS = 730
"""A new episode within 24 months (730 days) of the last one is a return, not newly identified."""
MIDL_LONG_MONTHS = 3
"""National target: nobody in temporary accommodation (MIDL) longer than three months. KOSTRA
skjema 13 counts the households whose stay went over it."""
MIDL_SHORT_DAYS = 14
"""KOSTRA skjema 13: households in temporary accommodation this many days or fewer in the year."""
LONG_EPISODE_MONTHS = 6
"""The stock is split into homeless under and over six months."""
RETURN_BUCKET_LIMITS = ((180, "0_180"), (365, "181_365"), (RETURN_WINDOW_DAYS, "366_730"))
"""Returns after housing, by days between the placement and the return (upper limit, key)."""
HOUSING_FIRST_FOLLOW_MONTHS = 12
"""Housing First is judged by who is still housed twelve months after moving in."""

# --- the national homelessness survey (NIBR/OsloMet, week 48) ----------------------------------
SURVEY_DURATION_MONTHS = (3, 6)
"""How long homeless, counted to the week's end: under 3 months, 3–6 months, over 6 months."""
SURVEY_EVICTED_MONTHS = 6
"""An eviction this many months before the week's end, or later in the week, counts."""

# --- thresholds of the status meeting --------------------------------------------------------
RELEASE_WINDOW_DAYS = 60
"""Releases and discharges this many days ahead are listed, and flagged when no home is arranged."""
NO_CONTACT_DAYS = 90
"""No contact for this many days: flagged on the list and counted in the data quality figures."""
CONTACT_WARNING_DAYS = 60
"""No contact for this many days (and fewer than NO_CONTACT_DAYS): a warning flag."""
CHANGES_WITHOUT_MEETING_DAYS = 14
"""Without a closed meeting to compare with, the status list shows the changes of this many days."""
CARD_CONTACTS = 10
"""The person card lists this many of the latest contacts."""

# --- what a person may type (issue 15: one absurd value must not bring a read down) --------
EARLIEST_TYPED_DATE = date(1900, 1, 1)
"""No date a person types lies before this (a birth date, a registration, a stay)."""
TYPED_YEARS_AHEAD = 10
"""A typed date lies at most this many years after today (a target, a due date, a stay)."""
RELEASE_YEARS_AHEAD = 30
"""A release or discharge date, or a lease's end, may lie this many years ahead (a long sentence)."""

TEXT_LIMIT = 200
"""The longest one-line text (a name, an alias, a place, an owner, a caseworker, a search)."""
NOTE_LIMIT = 2000
"""The longest free text (a contact's note, a plan's wishes, a step or a meeting's decision)."""
DWELLING_ROOMS = (1, 20)
DWELLING_SIZE = (1, 1000)
DWELLING_FLOOR = (0, 99)
"""A dwelling's rooms, size in m² and floor: the range `dwelling add` and `dwelling import` take."""
# --- corrections ------------------------------------------------------------------------------
DUPLICATE_NAME_SIMILARITY = 0.8
"""Two folded names this alike (difflib's ratio, 0–1) are 'similar' for the duplicate rule when
the birth dates agree: one typo in a name of ten letters still matches."""
REASON_MAX_LENGTH = 500
"""A correction's reason is a sentence for the log, not a case note."""
# --- the text a person reads in a terminal or a pipe (cli/text_table.py) ----------------------
PIPE_WIDTH = 120
"""Text written to a pipe or a file is laid out to this width, unless --width says otherwise."""
MIN_WIDTH, MAX_WIDTH = 40, 1000
"""The widths --width accepts (the lists are designed for 80 to 250 columns)."""
PAGE_LINES = 50
"""A long table repeats its header this often in a pipe when no terminal tells its height."""

# --- import --------------------------------------------------------------------------------
IMPORT_PROGRESS_ROWS = 300
"""A sheet of more rows than this shows a progress bar while it is checked and registered (in a
terminal, on stderr)."""
IMPORT_LISTED_LINES = 10
"""The import's result lists this many rows of each kind (warnings, already registered …) and
says how many more there are; every rejected row is in the rejects workbook."""

# --- reports --------------------------------------------------------------------------------
SUPPRESS_BELOW = 5
"""Counts from 1 to SUPPRESS_BELOW − 1 are hidden in reports that leave the municipality."""

# --- the register file ------------------------------------------------------------------------
BUSY_TIMEOUT_SECONDS = 5.0
"""How long a command waits for another writer before it says the register is locked."""
REPORT_PART_SIZE = 10_000
"""A whole-register report counts this many persons at a time, so it never holds them all."""

# --- settings a municipality chooses ----------------------------------------------------------
DEFAULT_INACTIVE_AFTER_DAYS = 90
DEFAULT_RETENTION_YEARS = 5
# the housing side (domain/housing.py): rooms for a household, the suggestion's ranking, lease
# reminders, Housing First follow-up and NAV's limits for the bolighefte
DEFAULT_ROOMS_ADULTS = 1
"""Rooms the adults of a household share (a single adult or a couple)."""
DEFAULT_ROOMS_PER_CHILD = 1
"""Rooms each child needs of its own, beyond the adults'."""
DEFAULT_ROOMS_EXTRA = 1
"""Rooms a suggested dwelling may have beyond what the household needs."""
DEFAULT_PRIORITY_HOMELESS = True
"""`dwelling suggest` ranks homeless persons first (Haugesund's first priority)."""
DEFAULT_LEASE_REMINDER_DAYS = 90
"""Fixed-term leases ending within this many days are listed in `status`."""
DEFAULT_HOUSING_FIRST_MONTHS = HOUSING_FIRST_FOLLOW_MONTHS
"""Housing First participants are followed this many months after moving in (retention, returns)."""
NAV_LIMIT_SIZES = 6
"""nav-limit.1 … nav-limit.6: NAV's monthly rent limit by household size (6: six or more)."""
NAV_LIMIT_KEYS = tuple(f"nav-limit.{n}" for n in range(1, NAV_LIMIT_SIZES + 1))
HOUSING_KEYS = ("rooms-adults", "rooms-per-child", "rooms-extra", "priority-homeless",
                "lease-reminder-days", "housing-first-months", *NAV_LIMIT_KEYS)
CONFIG_KEYS = ("municipality", "kommunenummer", "reporting-unit", "contact", "language",
               "inactive-after-days", "zero-vision-date", "retention-years", "group", *HOUSING_KEYS)
"""The keys `config set` accepts, in the order `config show` lists them. `group`: the Unix
group of the caseworkers who share the register on one host (empty: the owner alone)."""
DEFAULT_CONFIG = {"municipality": "", "inactive-after-days": str(DEFAULT_INACTIVE_AFTER_DAYS),
                  "zero-vision-date": "", "retention-years": str(DEFAULT_RETENTION_YEARS), "group": ""}
"""What a new register's config table holds."""


@dataclass(frozen=True, slots=True)
class Settings:
    """The register's settings, parsed once from its config table."""

    municipality: str = ""
    kommunenummer: str = ""
    """The municipality's four-digit number (SSB), on every report sheet."""
    reporting_unit: str = ""
    contact: str = ""
    """Who answers questions about the report (name, phone or e-mail), on every sheet."""
    inactive_after_days: int = DEFAULT_INACTIVE_AFTER_DAYS
    """No contact for this many days takes a person off the list as inactive (Built for Zero)."""
    zero_vision_date: date | None = None
    retention_years: int = DEFAULT_RETENTION_YEARS
    """Years after the last episode ends before `purge` anonymises a person."""
    demo: bool = False
    """A training register: accepts synthetic fødselsnummer, BOLIGREG_USER and BOLIGREG_TODAY."""
    language: str | None = None
    """The register's language (nb, nn, en) when the user gives no --lang or BOLIGREG_LANG."""
    group: str = ""
    """The Unix group that shares the register (folder 2770, files 0660); empty: owner only."""
    rooms_adults: int = DEFAULT_ROOMS_ADULTS
    rooms_per_child: int = DEFAULT_ROOMS_PER_CHILD
    rooms_extra: int = DEFAULT_ROOMS_EXTRA
    priority_homeless: bool = DEFAULT_PRIORITY_HOMELESS
    lease_reminder_days: int = DEFAULT_LEASE_REMINDER_DAYS
    housing_first_months: int = DEFAULT_HOUSING_FIRST_MONTHS
    nav_limits: tuple[int | None, ...] = (None,) * NAV_LIMIT_SIZES
    """NAV's monthly rent limit for a household of 1 … 6 persons; None: not set."""

    def nav_limit(self, persons: int) -> int | None:
        return self.nav_limits[min(persons, NAV_LIMIT_SIZES) - 1]

    @classmethod
    def from_config(cls, config: dict[str, str]) -> "Settings":
        """An empty or missing value falls back to its default (an old register may lack a key)."""
        zero = config.get("zero-vision-date")
        return cls(
            municipality=config.get("municipality", ""),
            kommunenummer=config.get("kommunenummer", ""),
            reporting_unit=config.get("reporting-unit", ""),
            contact=config.get("contact", ""),
            inactive_after_days=int(config.get("inactive-after-days") or DEFAULT_INACTIVE_AFTER_DAYS),
            zero_vision_date=date.fromisoformat(zero) if zero else None,
            retention_years=int(config.get("retention-years") or DEFAULT_RETENTION_YEARS),
            demo=config.get("demo") == "1",
            language=config.get("language") or None,
            group=config.get("group", ""),
            rooms_adults=_whole(config, "rooms-adults", DEFAULT_ROOMS_ADULTS),
            rooms_per_child=_whole(config, "rooms-per-child", DEFAULT_ROOMS_PER_CHILD),
            rooms_extra=_whole(config, "rooms-extra", DEFAULT_ROOMS_EXTRA),
            priority_homeless=config.get("priority-homeless", "") != "0",
            lease_reminder_days=_whole(config, "lease-reminder-days", DEFAULT_LEASE_REMINDER_DAYS),
            housing_first_months=_whole(config, "housing-first-months", DEFAULT_HOUSING_FIRST_MONTHS),
            nav_limits=tuple(int(config[k]) if config.get(k) else None for k in NAV_LIMIT_KEYS),
        )


def _whole(config: dict[str, str], key: str, default: int) -> int:
    value = config.get(key)
    return int(value) if value else default
