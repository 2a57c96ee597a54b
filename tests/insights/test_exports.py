"""Exports: a cell a spreadsheet would run as a formula is written as text."""
import pytest

from insights.exports import neutralise, table_csv, table_xlsx
from insights.services import insights_refresh
from insights.tables import Table
from tests.factories import make_listing

from .readers import csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db
DANGEROUS = ["=HYPERLINK(\"http://x.invalid\")", "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_cells_are_neutralised(value):
    assert neutralise(value) == "'" + value


def test_numbers_and_plain_text_are_kept():
    assert neutralise(-3) == -3 and neutralise(2.5) == 2.5 and neutralise("数字人") == "数字人"
    assert neutralise(None) == ""


def test_both_formats_carry_the_neutralised_cells():
    table = Table("t", "T", [("a", "=A"), ("b", "B")], [[value, 1] for value in DANGEROUS])
    for headers, rows in (csv_rows(table_csv(table)), xlsx_rows(table_xlsx(table))):
        assert list(headers) == ["'=A", "B"]
        # XML turns a carriage return into a line feed when read back; the apostrophe is what counts.
        assert [row[0].replace("\n", "\r") for row in rows] == ["'" + value for value in DANGEROUS]


def test_a_listing_title_that_looks_like_a_formula_is_exported_as_text(client, world):
    make_listing(org=world.uni_sh, kind="capability", title="=cmd|'/c calc'!A0", metro_area="yangtze_delta")
    insights_refresh()
    for fmt, read in (("csv", csv_rows), ("xlsx", xlsx_rows)):
        response = client.get(f"/regions/yangtze_delta/export/latest.{fmt}")
        assert response["Content-Disposition"].startswith("attachment;")
        titles = [row[0] for row in read(response.content)[1]]
        assert "'=cmd|'/c calc'!A0" in titles and "=cmd|'/c calc'!A0" not in titles
