"""boligreg doctor: check the register file and say what is wrong, changing nothing."""

from boligreg.cli.output import say
from boligreg.cli.session import state
from boligreg.errors import Findings, RegisterDamaged
from boligreg.i18n import t


def doctor() -> None:
    from boligreg.store.doctor import doctor as run_checks

    path = state.path()
    try:
        state.register()  # missing or foreign register: its own one-line error first
    except (RegisterDamaged, UnicodeDecodeError) as error:
        # a file SQLite cannot read: the line every other command gives says "run doctor"
        if isinstance(error, RegisterDamaged) and error.key not in ("err_damaged", "err_sqlite"):
            raise
        raise RegisterDamaged("err_damaged_doctor", path=str(path)) from None
    findings = run_checks(path)
    for finding in findings:
        mark = t("check_ok") if finding.ok else t("check_bad")
        say(f"{mark:6} {t(finding.check, **finding.detail)}")
    bad = sum(not f.ok for f in findings)
    if bad:
        raise Findings("doctor_bad", n=bad, path=str(path))
    say(t("doctor_ok", path=str(path)))
