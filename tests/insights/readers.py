"""Read the figures back the way a person or a partner would: the page's tables and stats, the CSV and XLSX
downloads. Cells are compared as text, numbers as numbers (so 10 and 10.0 are the same figure)."""
import csv
import io
from html.parser import HTMLParser

from openpyxl import load_workbook


def norm(cell):
    if cell is None:
        return ""
    text = str(cell).strip()
    if text in {"", "–"}:
        return ""
    try:
        return float(text.rstrip("%"))
    except ValueError:
        return text


def norm_rows(rows):
    return [[norm(cell) for cell in row] for row in rows]


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.figures = {}, {}
        self._table = self._row = self._cell = self._figure = None
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("data-table"):
            self._table = self.tables.setdefault(attrs["data-table"], {"headers": [], "rows": []})
        elif self._table is not None and tag == "tbody":
            self._in_body = True
        elif self._table is not None and tag == "tr":
            self._row = []
        elif self._row is not None and tag in {"td", "th"}:
            self._cell = []
        elif tag == "li" and attrs.get("data-figure"):
            self._figure = [attrs["data-figure"], None]
        elif self._figure is not None and tag == "span" and "stat__value" in (attrs.get("class") or ""):
            self._figure[1] = []

    def handle_endtag(self, tag):
        if tag in {"td", "th"} and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._in_body:
                self._table["rows"].append(self._row)
            else:
                self._table["headers"] = self._row
            self._row = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._table = None
        elif tag == "span" and self._figure is not None and self._figure[1] is not None:
            self.figures[self._figure[0]] = "".join(self._figure[1]).strip()
            self._figure = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._figure is not None and self._figure[1] is not None:
            self._figure[1].append(data)


def page_tables(html):
    """({table name: {"headers", "rows"}}, {figure name: text}) of an insights page. An empty table's
    placeholder row ("nothing to show yet") is dropped."""
    parser = _PageParser()
    parser.feed(html)
    for table in parser.tables.values():
        table["rows"] = [row for row in table["rows"] if len(row) == len(table["headers"])]
    return parser.tables, parser.figures


def csv_rows(content):
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    return rows[0], rows[1:]


def xlsx_rows(content):
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return rows[0], rows[1:]
