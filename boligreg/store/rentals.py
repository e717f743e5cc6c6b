"""Use cases of the bolighefte's private rentals: add a listing, change it, read them."""

from datetime import date

from boligreg.domain.dates import show_date
from boligreg.domain.housing import Rental, plain_text
from boligreg.errors import InvalidInput, NotFound
from boligreg.store.register import Register


def get_rental(reg: Register, rental_id: str) -> Rental:
    found = reg.load(Rental, "rental", "WHERE id = ?", (rental_id.strip().upper(),))
    if not found:
        raise NotFound("err_no_rental", id=rental_id[:40])
    return found[0]


def all_rentals(reg: Register) -> list[Rental]:
    return reg.load(Rental, "rental", order="id")


def rental_fields(**fields: object) -> dict:
    row: dict = {}
    for key, value in fields.items():
        if value is None:
            continue
        if key in ("address", "landlord"):
            assert isinstance(value, str)
            text = plain_text(value, f"col_rt_{key}")
            if key == "address" and not text:
                raise InvalidInput("err_address_needed")
            row[key] = text
        elif key == "rent":
            assert isinstance(value, int)
            if value < 0:
                raise InvalidInput("err_negative_rent", value=value)
            row[key] = value
        elif isinstance(value, bool):
            row[key] = int(value)
        elif isinstance(value, date):
            row[key] = value.isoformat()
        else:
            row[key] = value
    return row


def _check_dates(available: date, until: date | None) -> None:
    if until is not None and until < available:
        raise InvalidInput("err_until_before_available", until=show_date(until),
                           available=show_date(available))


def add_rental(reg: Register, *, address: str, rent: int, rooms: int, available: date | None = None,
               until: date | None = None, deposit_guarantee: bool = False, bostotte: bool = False,
               landlord: str | None = None) -> str:
    """A listing for the bolighefte, available from `available` (default today) and until
    `until` (the listing then drops out by itself)."""
    available = available or reg.today
    _check_dates(available, until)
    row = rental_fields(address=address, rent=rent, rooms=rooms, available=available, until=until,
                        deposit_guarantee=deposit_guarantee, bostotte=bostotte, landlord=landlord)
    if "address" not in row:
        raise InvalidInput("err_address_needed")
    with reg.write("rental add"):
        rental_id = reg.next_id("rental", "R")
        row = {"id": rental_id, **row, "registered": reg.today.isoformat()}
        reg.table("rental").insert(row)
        reg.log("create", f"rental:{rental_id}", new=row)
    return rental_id


def update_rental(reg: Register, rental_id: str, **fields: object) -> dict:
    changes = rental_fields(**fields)
    if not changes:
        raise InvalidInput("err_nothing_to_update")
    with reg.write("rental update"):
        rental = get_rental(reg, rental_id)
        available = date.fromisoformat(changes["available"]) if "available" in changes else rental.available
        until = date.fromisoformat(changes["until"]) if "until" in changes else rental.until
        _check_dates(available, until)
        old = reg.rows("SELECT * FROM rental WHERE id = ?", (rental.id,))[0]
        reg.table("rental").update(rental.id, changes)
        reg.log("update", f"rental:{rental.id}", old={k: old[k] for k in changes}, new=changes)
    return changes
