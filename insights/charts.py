"""Chart specifications for static/insights/insights.js, made from the same tables the page shows (so a chart
and its table cannot disagree). Labels are already in the reader's language; the script only draws."""

BAR_TABLES = {"sectors", "technologies", "regions", "provinces"}
PROVINCES_SHOWN = 15
EVENTS_SHOWN = 10  # the latest events; the table and the downloads hold them all


def _column(table, key):
    index = table.keys.index(key)
    return [row[index] for row in table.rows]


def _series(table, keys):
    return [{"name": dict(table.columns)[key], "data": _column(table, key)} for key in keys]


def chart_for(table):
    """The chart of a table, or None for a table shown as a table only."""
    name = table.name
    if name in BAR_TABLES:
        rows = table.rows[:PROVINCES_SHOWN] if name == "provinces" else table.rows
        shown = type(table)(table.name, table.title, table.columns, rows)
        return {"type": "bar", "horizontal": name in {"sectors", "technologies"},
                "categories": [str(row[0]) for row in rows], "series": _series(shown, ["capabilities", "needs"])}
    if name == "months":
        return {"type": "line", "categories": _column(table, "month"),
                "series": _series(table, ["listings", "matches", "interests", "accepted", "completed"])}
    if name == "funnel":
        return {"type": "funnel", "series": [{"name": table.title, "data": [
            {"name": str(row[0]), "value": row[1]} for row in table.rows]}]}
    if name in {"decline_reasons", "organisation_kinds"}:
        return {"type": "pie", "series": [{"name": table.title, "data": [
            {"name": str(row[0]), "value": row[1]} for row in table.rows if row[1]]}]}
    if name == "decline_trend":
        return {"type": "bar", "stack": True, "categories": _column(table, "month"),
                "series": _series(table, table.keys[1:])}
    if name == "unmet":
        sectors = sorted({row[0] for row in table.rows}, key=str)
        regions = sorted({row[1] for row in table.rows}, key=str)
        return {"type": "heatmap", "x": regions, "y": sectors,
                "data": [[regions.index(row[1]), sectors.index(row[0]), row[2]] for row in table.rows],
                "max": max([row[2] for row in table.rows] or [0])}
    if name == "events":
        shown = type(table)(table.name, table.title, table.columns, table.rows[:EVENTS_SHOWN])
        return {"type": "bar", "horizontal": True, "categories": [str(row[0]) for row in shown.rows],
                "series": _series(shown, ["registrations", "requests", "accepted", "held", "follow_ups"])}
    if name == "moderation":
        return {"type": "bar", "stack": True, "categories": _column(table, "month"),
                "series": _series(table, ["approved", "rejected"])}
    return None


def charts_for(tables):
    """{table name: chart spec} for the tables that have a chart."""
    specs = {}
    for table in tables:
        spec = chart_for(table)
        if spec is not None:
            spec["title"] = str(table.title)
            specs[table.name] = spec
    return specs
