"""The one layout rule (cli/text_table.py): at any width nothing is lost, cut or too wide."""

import itertools
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from boligreg.cli.text_table import NBSP, Column, inert, paragraph, plain, table, width_of

COLUMNS = [Column("Id", wrap=False), Column("Navn", give=9, name=True),
           Column("Alder", right=True, wrap=False), Column("Situasjon", give=5),
           Column("Neste steg (eier, frist)", give=1, fold=1), Column("Flagg", give=6, fold=2)]
ROWS = [
    ["P0001", f"Kari Nordmann (150286{NBSP}*****)", "57", "KRIM 03.02.2016",
     f"Ringe fengselet om løslatelsesdato (NAV, 08.06.2016){NBSP}!", [("LØS", "urgent"), (" ", None), ("K90", "urgent")]],
    ["P0002", "Åse Marie Fjellstad-Nordmann Bakkevik", "8", "UTE 01.01.2016", "", "BARN USAMT NY"],
    ["P0003", "«Kapteinen»", "", "VENN 04.05.2016", "Følge på visning", ""],
]


def _text(cell) -> str:
    return cell if isinstance(cell, str) else "".join(text for text, _ in cell)


def _letters(text: str) -> Counter:
    return Counter(ch for ch in text.replace(NBSP, " ") if not ch.isspace() and ch != "─")


def _shown(columns, rows, width) -> str:
    return plain(table(columns, rows, width))


def _assert_whole(out: str, columns, rows, width: int) -> None:
    """No line wider than `width`; every character of every cell shown, and nothing but the
    cells, the headers and the stacked layout's colons besides."""
    assert all(width_of(line) <= width for line in out.splitlines()), width
    cells = _letters("".join(inert(_text(c)) for r in rows for c in r))
    shown = _letters(out)
    assert not cells - shown, (width, cells - shown)
    assert set(shown - cells) <= set(_letters("".join(c.header for c in columns) + ":")), width


def test_at_every_width_no_line_is_too_wide_and_nothing_is_lost():
    for width in range(40, 251):
        _assert_whole(_shown(COLUMNS, ROWS, width), COLUMNS, ROWS, width)


def test_names_masked_numbers_and_overdue_marks_are_never_split():
    for width in (80, 100, 120, 200):
        out = _shown(COLUMNS, ROWS, width)
        lines = out.splitlines()
        assert any("150286 *****" in line for line in lines), width
        assert any("08.06.2016) !" in line or "08.06.2016) !" in line for line in lines), width
        for word in ("Kari", "Nordmann", "Fjellstad-Nordmann", "Bakkevik", "«Kapteinen»"):
            assert any(word in line for line in lines), (width, word)


def test_at_80_columns_the_next_step_and_flags_fold_onto_a_second_line():
    lines = _shown(COLUMNS, ROWS, 80).splitlines()
    assert lines[0].split() == ["Id", "Navn", "Alder", "Situasjon"]  # the first line's headers
    assert "Neste steg (eier, frist)" in lines[1] and "Flagg" in lines[1]
    first = next(i for i, line in enumerate(lines) if line.startswith("P0001"))
    assert "Ringe fengselet" in lines[first + 1] and lines[first + 1].startswith(" " * 7)


def test_a_wide_table_is_one_line_per_row():
    lines = _shown(COLUMNS, ROWS, 250).splitlines()
    assert len(lines) == 2 + len(ROWS)
    assert lines[2].startswith("P0001") and lines[2].rstrip().endswith("LØS K90")
    assert lines[3].index("8") == lines[2].index("57") + 1  # numbers right-aligned


def test_below_the_smallest_table_each_row_stacks_as_label_and_value():
    out = _shown(COLUMNS, ROWS, 40)
    assert "Neste steg (eier, frist): Ringe" in out.replace("\n    ", " ")
    assert all(width_of(line) <= 40 for line in out.splitlines())


def test_headers_repeat_on_long_tables_and_never_inside_a_row():
    rows = [[f"P{n:04d}", f"Person {n}", "30", "UTE 01.01.2016", "Ringe NAV om bostøtte og depositum",
             "K90"] for n in range(1, 60)]
    lines = plain(table(COLUMNS, rows, 80, page=20)).splitlines()
    heads = [i for i, line in enumerate(lines) if line.startswith("Id ")]
    assert len(heads) >= 4 and heads[0] == 0
    for start, end in itertools.pairwise(heads):
        assert end - start <= 20  # a header on every screenful
        rule = next(i for i in range(end, len(lines)) if lines[i].startswith("─"))
        assert lines[rule + 1].startswith("P")  # a row begins after the header
        assert lines[end - 1].startswith(" ")  # and the one before it had ended


def test_typed_text_reaches_the_terminal_inert():
    hostile = "Kari\x1b[2J\x1b]0;title\x07 \u202eNordmann\r\n[bold]x[/]\x00"
    out = _shown([Column("Navn")], [[hostile]], 80)
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "\x00" not in out
    assert "[bold]x[/]" in out and "Kari" in out and "Nordmann" in out
    assert inert("Kari Nordmann") == "Kari Nordmann"


def test_wide_characters_count_double():
    cjk = "李小龍 " * 10
    out = _shown([Column("Id", wrap=False), Column("Navn")], [["P0001", cjk]], 40)
    assert all(width_of(line) <= 40 for line in out.splitlines())
    assert width_of("李") == 2 and width_of("e\u0301") == 1


def test_a_paragraph_wraps_with_a_hanging_indent():
    lines = plain(paragraph("Flagg: " + "LØS løslates innen 60 dager " * 6, 40)).splitlines()
    assert len(lines) > 1 and all(width_of(line) <= 40 for line in lines)
    assert all(line.startswith("  ") for line in lines[1:])


cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.lists(cells, min_size=6, max_size=6), min_size=1, max_size=6),
       width=st.integers(40, 250))
def test_any_text_at_any_width_fits_and_keeps_every_character(rows, width):
    _assert_whole(_shown(COLUMNS, rows, width), COLUMNS, rows, width)
