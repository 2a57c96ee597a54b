"""The tables of the insights pages, in the reader's language, built from a payload of slugs and numbers.
The page, the CSV and XLSX exports all render these same tables, so they cannot disagree."""
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import Organisation
from collaboration.models import Interest
from marketplace.models import Listing, Sector, Technology

from .zones import province_label, zone_label


@dataclass
class Table:
    name: str
    title: str
    columns: list  # [(key, header)]
    rows: list = field(default_factory=list)  # [[cell, ...]] in column order
    links: list = field(default_factory=list)  # per row: the URL of its first cell, or ""

    @property
    def headers(self):
        return [header for _key, header in self.columns]

    @property
    def keys(self):
        return [key for key, _header in self.columns]

    @property
    def linked_rows(self):
        """[(url or "", row)] for the template."""
        return [(self.links[index] if index < len(self.links) else "", row) for index, row in enumerate(self.rows)]

    def records(self):
        return [dict(zip(self.keys, row, strict=True)) for row in self.rows]


def _english():
    return (get_language() or "").startswith("en")


def stage_label(stage):
    return str({"matches": _("Matches"), "interests": _("Interests"), "accepted": _("Accepted"),
                "in_progress": _("In progress"), "completed": _("Completed")}[stage])


def _taxonomy_labels(model):
    labels = {term.slug: term.label() for term in model.objects.all()}
    labels[""] = _("Unclassified")
    return labels


def region_label(slug):
    return str(zone_label(slug)) if slug else _("Outside the zones")


def _province(name):
    return province_label(name) if name else _("Unspecified")


def _localised(row, prefix="name"):
    """A stored pair of names (<prefix>_zh, <prefix>_en) in the reader's language."""
    return (row.get(f"{prefix}_en") if _english() and row.get(f"{prefix}_en") else row.get(f"{prefix}_zh")) or ""


def _supply_demand(name, title, first, rows, label):
    return Table(name, title, [(first[0], first[1]), ("capabilities", _("Capabilities")), ("needs", _("Needs"))],
                 [[label(row[first[0]]), row["capabilities"], row["needs"]] for row in rows])


def market_tables(payload):
    sectors, technologies = _taxonomy_labels(Sector), _taxonomy_labels(Technology)
    months = payload["by_month"]
    tables = [
        _supply_demand("sectors", _("Supply and demand by sector"), ("sector", _("Sector")),
                       payload["by_sector"], lambda slug: sectors.get(slug, slug)),
        _supply_demand("technologies", _("Supply and demand by technology"), ("technology", _("Technology")),
                       payload["by_technology"], lambda slug: technologies.get(slug, slug)),
        _supply_demand("regions", _("Supply and demand by metro area"), ("region", _("Metro area")),
                       payload["by_region"], region_label),
        _supply_demand("provinces", _("Supply and demand by province"), ("province", _("Province")),
                       payload["by_province"], _province),
        Table("months", _("Month by month"), [
            ("month", _("Month")), ("listings", _("New listings")), ("matches", _("Matches")),
            ("interests", _("Interests")), ("accepted", _("Accepted")), ("completed", _("Collaborations completed")),
        ], [[row["month"], row["listings"], row["matches"], row["interests"], row["accepted"], row["completed"]]
            for row in months]),
        Table("funnel", _("From match to completed collaboration"), [
            ("stage", _("Stage")), ("count", _("Count")), ("rate", _("Conversion from the stage before (%)")),
        ], [[stage_label(row["stage"]), row["count"], row["rate"]] for row in payload["funnel"]]),
        Table("first_answer", _("Time to a first answer"), [
            ("answered", _("Interests answered")), ("median_hours", _("Median time to a first answer (hours)")),
        ], [[payload["first_answer"]["answered"], payload["first_answer"]["median_hours"]]]),
    ]
    reasons = dict(Interest.DeclineReason.choices)
    declines = payload["declines"]
    tables.append(Table("decline_reasons", _("Why interests were declined"), [
        ("reason", _("Reason")), ("count", _("Declined")), ("share", _("Share (%)")),
    ], [[str(reasons[row["reason"]]), row["count"], row["share"]] for row in declines["distribution"]]))
    tables.append(Table("decline_trend", _("Decline reasons by month"),
                        [("month", _("Month"))] + [(code, str(label)) for code, label in reasons.items()],
                        [[row["month"]] + [row["counts"].get(code, 0) for code in reasons]
                         for row in declines["trend"]]))
    unmet = payload["unmet"]
    tables.append(Table("unmet", _("Unmet demand by sector and metro area"), [
        ("sector", _("Sector")), ("region", _("Metro area")), ("unmet", _("Unmet needs")),
        ("no_match", _("Without a good match")), ("no_interest", _("Without an interest")),
    ], [[sectors.get(row["sector"], row["sector"]), region_label(row["region"]), row["unmet"], row["no_match"],
         row["no_interest"]] for row in unmet["rows"]]))
    return tables


def _listing_table(name, title, rows):
    kinds = dict(Listing.Kind.choices)
    return Table(name, title, [("title", _("Listing")), ("kind", _("Kind")), ("organisation", _("Organisation"))],
                 [[row["title"], str(kinds.get(row["kind"], row["kind"])), _localised(row, "organisation")]
                  for row in rows],
                 [reverse("marketplace:listing_detail", args=[row["id"]]) for row in rows])


def zone_tables(payload):
    kinds = dict(Organisation.Kind.choices)
    organisations = payload["organisations"]
    collaborations = payload["collaborations"]
    yes, no = _("Yes"), _("No")
    return [
        Table("organisation_kinds", _("Organisations by kind"), [("kind", _("Kind")), ("count", _("Organisations"))],
              [[str(kinds[row["kind"]]), row["count"]] for row in organisations["by_kind"]]),
        Table("organisations", _("Organisations with the most public listings"), [
            ("organisation", _("Organisation")), ("kind", _("Kind")), ("province", _("Province")),
            ("listings", _("Published listings")),
        ], [[_localised(row), str(kinds.get(row["kind"], row["kind"])), _province(row["province"]),
             row["listings"]] for row in organisations["top"]],
            [reverse("accounts:organisation_detail", args=[row["slug"]]) for row in organisations["top"]]),
        _listing_table("latest", _("Latest listings"), payload["latest"]),
        _listing_table("facilities", _("Shared facilities and equipment"), payload["facilities"]["rows"]),
        Table("collaborations", _("Collaborations by province"), [
            ("from_province", _("Interested organisation's province")), ("to_province", _("Listing owner's province")),
            ("inside", _("Inside the zone")), ("count", _("Collaborations")),
        ], [[_province(row["from_province"]), _province(row["to_province"]), yes if row["inside"] else no, row["count"]]
            for row in collaborations["provinces"]]),
        Table("responsive", _("Most responsive organisations"), [
            ("organisation", _("Organisation")), ("received", _("Interests received")), ("answered", _("Answered")),
            ("rate", _("Answered (%)")), ("median_hours", _("Median time to a first answer (hours)")),
        ], [[_localised(row), row["received"], row["answered"], row["rate"], row["median_hours"]]
            for row in payload["responsive"]],
            [reverse("accounts:organisation_detail", args=[row["slug"]]) for row in payload["responsive"]]),
    ]


def staff_tables(payload):
    kinds = dict(Organisation.Kind.choices)
    moderation = payload["moderation"]
    return [
        Table("organisation_activity", _("Activity per organisation"), [
            ("organisation", _("Organisation")), ("kind", _("Kind")), ("listings", _("Listings published")),
            ("interests_sent", _("Interests sent")), ("interests_received", _("Interests received")),
            ("answered", _("Answered")), ("accepted", _("Accepted")), ("completed", _("Completed")),
        ], [[_localised(row), str(kinds.get(row["kind"], row["kind"])), row["listings"],
             row["interests_sent"], row["interests_received"], row["answered"], row["accepted"], row["completed"]]
            for row in payload["organisation_activity"]]),
        Table("moderation", _("Moderation by month"), [
            ("month", _("Month")), ("approved", _("Approved")), ("rejected", _("Rejected")),
            ("median_hours", _("Median time from submission to decision (hours)")),
        ], [[row["month"], row["approved"], row["rejected"], row["median_hours"]]
            for row in moderation["by_month"]]),
    ]


def event_tables(payload):
    """The matchmaking events held (public and staff pages): one row per event, counts only."""
    rows = payload["events"]
    return [Table("events", _("Matchmaking events held"), [
        ("event", _("Matchmaking event")), ("starts_on", _("First day")),
        ("registrations", _("Registered organisations")), ("requests", _("Meeting requests")),
        ("accepted", _("Meetings accepted")), ("placed", _("Meetings scheduled")), ("held", _("Meetings held")),
        ("follow_ups", _("Follow-ups (interests sent)")),
    ], [[_localised(row, "title"), row["starts_on"], row["registrations"], row["requests"], row["accepted"],
         row["placed"], row["held"], row["follow_ups"]] for row in rows],
        [reverse("events:detail", args=[row["id"]]) for row in rows])]
