"""The code lists of the register (national homelessness survey definitions, see DESIGN.md)."""

from enum import StrEnum


class Situation(StrEnum):
    """Where a person lives or stays: homeless situations, release situations and dwellings."""

    UTE = "UTE"
    AKUTT = "AKUTT"
    MIDL = "MIDL"
    KRISE = "KRISE"
    VENN = "VENN"
    INST = "INST"
    KRIM = "KRIM"
    PRIVAT = "PRIVAT"
    KOMMUNAL = "KOMMUNAL"
    EID = "EID"
    OMSORG = "OMSORG"
    FAMILIE = "FAMILIE"


HOMELESS = frozenset({Situation.UTE, Situation.AKUTT, Situation.MIDL, Situation.KRISE, Situation.VENN})
RELEASE = frozenset({Situation.INST, Situation.KRIM})
PLACEMENTS = frozenset(
    {Situation.PRIVAT, Situation.KOMMUNAL, Situation.EID, Situation.OMSORG, Situation.FAMILIE}
)
LISTED_CODES = HOMELESS | RELEASE
"""Only a person whose stay on a day has one of these codes can be on the list that day (see
timeline.homeless_window), so the meeting's commands load just those persons' histories."""


class ExitReason(StrEnum):
    """Why a person left the list other than by being housed."""

    MOVED = "moved"
    DECEASED = "deceased"
    INACTIVE = "inactive"


class Inflow(StrEnum):
    """How an episode of homelessness began (DESIGN.md § Figures)."""

    NEW = "new"  # no homeless episode in the prior 24 months
    RETURNED_HOUSING = "returned_housing"  # previous episode ended in a placement
    RETURNED_INACTIVE = "returned_inactive"  # previous episode ended inactive
    RETURNED_OTHER = "returned_other"  # previous episode ended by moving away or in institution


class Outflow(StrEnum):
    """How an episode of homelessness ended."""

    HOUSED = "housed"
    INACTIVE = "inactive"
    MOVED = "moved"
    DECEASED = "deceased"
    INSTITUTION = "institution"  # into prison/institution more than two months from release


class Gender(StrEnum):
    F = "F"
    M = "M"
    X = "X"


class Need(StrEnum):
    """Coded needs (yes/no/unknown), never diagnoses."""

    RUS = "rus"
    PSYKISK = "psykisk"
    SOMATISK = "somatisk"
    OPPFOLGING = "oppfolging"


class NeedValue(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Income(StrEnum):
    """A person's main source of income, as the national homelessness survey asks it."""

    SOCIAL_ASSISTANCE = "social_assistance"  # økonomisk sosialhjelp
    BENEFITS = "benefits"  # trygd, pensjon, arbeidsavklaringspenger …
    WORK = "work"  # lønnet arbeid
    OTHER = "other"


class ApplicationKind(StrEnum):
    KOMMUNAL = "KOMMUNAL"
    STARTLAN = "STARTLAN"
    BOSTOTTE = "BOSTOTTE"
    DEPOSITUM = "DEPOSITUM"
    OPPFOLGING = "OPPFOLGING"


class Decision(StrEnum):
    GRANTED = "granted"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class ContactKind(StrEnum):
    MET = "met"
    PHONE = "phone"
    ATTEMPT = "attempt"  # tried without reply: does not count as contact


def counts_as_contact(kind: str) -> bool:
    """An attempt without reply does not show the services are in touch."""
    return kind != ContactKind.ATTEMPT


class Lease(StrEnum):
    FIXED = "fixed"
    OPEN = "open"


# --- the housing side (domain/housing.py) ---------------------------------------------------


class DwellingKind(StrEnum):
    """What kind of dwelling the municipality lets (the stay code of its tenancies)."""

    KOMMUNAL = "KOMMUNAL"
    OMSORG = "OMSORG"


class MarkKind(StrEnum):
    VACANT = "vacant"  # free from this day (the last tenant left, or renovation is done)
    LET = "let"  # let from this day to a tenant who is not in the register


class OfferOutcome(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"


class DeclineReason(StrEnum):
    """Why a person declined an offered dwelling (typed as for_liten, beliggenhet, …)."""

    TOO_SMALL = "too_small"
    LOCATION = "location"
    NOT_READY = "not_ready"
    NO_ANSWER = "no_answer"
    OTHER = "other"


class HfAnswer(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"


class HfEndReason(StrEnum):
    """Why a Housing First participation ended."""

    MOVED = "moved"
    DECLINED = "declined"
    OTHER = "other"
