"""Every insights table as CSV or XLSX. A cell that a spreadsheet would read as a formula (it begins with
= + - @, a tab or a carriage return) is written as text with a leading apostrophe (OWASP's CSV injection)."""
import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value):
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value  # numbers stay numbers (a negative one is not a formula)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def table_csv(table):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that Excel reads UTF-8 (Chinese) correctly
    writer = csv.writer(buffer)
    writer.writerow([neutralise(header) for header in table.headers])
    for row in table.rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def table_xlsx(table):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.name[:31])
    sheet.append([neutralise(header) for header in table.headers])
    for row in table.rows:
        sheet.append([neutralise(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(table, fmt):
    return table_csv(table) if fmt == "csv" else table_xlsx(table)
