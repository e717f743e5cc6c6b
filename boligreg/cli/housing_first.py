"""boligreg housing-first …: Housing First participation per person (invited, accepted or
declined, ended with a reason), and the lines the person card shows of it."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from boligreg.cli.help_language import command_group
from boligreg.cli.options import DateOpt, PersonId, code_option
from boligreg.cli.output import done
from boligreg.cli.session import state
from boligreg.domain.dates import show_date
from boligreg.domain.housing import HfAnswer, HfEndReason
from boligreg.i18n import t

if TYPE_CHECKING:
    from boligreg.domain.models import History
    from boligreg.store.register import Register

app = command_group("help_housing_first_group", no_args_is_help=True)


@app.command("invite", help=t("help_hf_invite"))
def invite(person_id: PersonId, day: DateOpt = None) -> None:
    from boligreg.store.housing_first import invite as invite_person

    reg = state.register()
    day = day or reg.today
    invite_person(reg, person_id, day)
    done(t("done_hf_invited", id=person_id.strip().upper(), date=show_date(day)))


@app.command("accept", help=t("help_hf_accept"))
def accept(person_id: PersonId, day: DateOpt = None) -> None:
    from boligreg.store.housing_first import answer

    reg = state.register()
    day = day or reg.today
    answer(reg, person_id, HfAnswer.ACCEPTED, day)
    done(t("done_hf_accepted", id=person_id.strip().upper(), date=show_date(day)))


@app.command("decline", help=t("help_hf_decline"))
def decline(person_id: PersonId, day: DateOpt = None) -> None:
    from boligreg.store.housing_first import answer

    reg = state.register()
    day = day or reg.today
    answer(reg, person_id, HfAnswer.DECLINED, day)
    done(t("done_hf_declined", id=person_id.strip().upper(), date=show_date(day)))


@app.command("end", help=t("help_hf_end"))
def end(
    person_id: PersonId,
    reason: Annotated[HfEndReason, code_option(HfEndReason, "--reason", help_key="help_hf_end_reason")],
    day: DateOpt = None,
) -> None:
    from boligreg.store.housing_first import end as end_participation

    reg = state.register()
    day = day or reg.today
    end_participation(reg, person_id, reason, day)
    done(t("done_hf_ended", id=person_id.strip().upper(), date=show_date(day),
           reason=t("hf_end_" + reason.value)))


@app.command("list", help=t("help_hf_list"))
def list_(
    day: DateOpt = None,
    everyone: Annotated[bool, typer.Option("--all", help=t("help_hf_list_all"))] = False,
) -> None:
    from boligreg.cli.output import terminal_width
    from boligreg.cli.text_table import table_lines
    from boligreg.domain.housing import move_in, participation_state
    from boligreg.store.housing_first import participations

    reg = state.register()
    day = day or reg.today
    with reg.reading():
        found = participations(reg)
        histories = {h.person.id: h for h in reg.histories(found, steps=False)}
    cells, counted = [], 0
    for person_id, theirs in found.items():
        for p in theirs:
            shown = participation_state(p, day)
            if shown is None or (not everyone and shown not in ("invited", "active")):
                continue
            counted += 1
            home = move_in(p, histories[person_id].stays)
            cells.append([person_id, histories[person_id].person.display_name,
                          t("hf_state_" + shown), show_date(p.invited), show_date(p.answered),
                          show_date(home.start) if home else "",
                          t("hf_end_" + p.end_reason.value) if p.end_reason and p.ended and p.ended <= day else ""])
    headers = [t(k) for k in ("col_id", "col_name", "col_hf_state", "col_hf_invited", "col_hf_answered",
                              "col_hf_moved_in", "col_hf_ended")]
    lines = table_lines(headers, cells, terminal_width(), flexible=(1,))
    sys.stdout.write("\n".join([*lines, t("count_participants", n=counted, date=show_date(day))]) + "\n")


def card_lines(reg: "Register", history: "History") -> list[str]:
    """What the person card adds: the person's dwelling (a tenancy) and Housing First."""
    from boligreg.domain.housing import move_in, participation_state, tenancies_of
    from boligreg.store.dwellings import addresses
    from boligreg.store.housing_first import participations

    today = reg.today
    lines: list[str] = []
    lets = [x for x in tenancies_of(history) if x.start <= today and (x.end is None or x.end > today)]
    homes = addresses(reg, [x.dwelling_id for x in lets])
    for tenancy in lets:
        lease = t("lease_" + tenancy.lease.value) if tenancy.lease else ""
        if tenancy.lease_end:
            lease += " " + t("lease_until", date=show_date(tenancy.lease_end))
        lines.append(t("card_tenancy", id=tenancy.dwelling_id, address=homes.get(tenancy.dwelling_id, ""),
                       date=show_date(tenancy.start), lease=lease.strip()))
    for p in participations(reg, [history.person.id]).get(history.person.id, []):
        shown = participation_state(p, today) or "invited"
        home = move_in(p, history.stays)
        text = t("card_hf", state=t("hf_state_" + shown), invited=show_date(p.invited))
        if p.answered and p.answer:
            text += " · " + t("card_hf_answered", answer=t("hf_answer_" + p.answer.value),
                              date=show_date(p.answered))
        if home is not None:
            text += " · " + t("card_hf_moved_in", date=show_date(home.start), code=home.code.value)
        if p.ended and p.end_reason:
            text += " · " + t("card_hf_ended", date=show_date(p.ended),
                              reason=t("hf_end_" + p.end_reason.value))
        lines.append(text)
    return ["", t("title_housing"), *lines] if lines else []
