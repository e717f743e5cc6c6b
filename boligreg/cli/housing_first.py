"""boligreg housing-first …: Housing First participation per person (invited, accepted or
declined, ended with a reason), and the lines the person card shows of it."""

from typing import Annotated

import typer

from boligreg.cli.help_language import command_group
from boligreg.cli.options import DateOpt, PersonId, code_option
from boligreg.cli.output import done
from boligreg.cli.session import state
from boligreg.domain.codes import HfAnswer, HfEndReason
from boligreg.domain.dates import show_date
from boligreg.i18n import t

app = command_group("help_housing_first_group", no_args_is_help=True, add_completion=False)


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
    from boligreg.cli.output import screen, write
    from boligreg.cli.text_table import grid, lines_of
    from boligreg.domain.housing_codes import move_in, participation_state
    from boligreg.store.housing_reads import participations

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
            counted += shown in ("invited", "active")
            home = move_in(p, histories[person_id].stays)
            cells.append([person_id, histories[person_id].person.display_name,
                          t("hf_state_" + shown), show_date(p.invited), show_date(p.answered),
                          show_date(home.start) if home else "",
                          t("hf_end_" + p.end_reason.value) if p.end_reason and p.ended and p.ended <= day else ""])
    headers = [t(k) for k in ("col_id", "col_name", "col_hf_state", "col_hf_invited", "col_hf_answered",
                              "col_hf_moved_in", "col_hf_ended")]
    where = screen()
    write([*grid(headers, cells, where.width, flexible=(1, 2, 6)),
           *lines_of(t("count_participants", n=counted, date=show_date(day)), where.width),
           *(lines_of(t("count_participants_past", n=len(cells) - counted), where.width)
             if len(cells) > counted else [])], where)
