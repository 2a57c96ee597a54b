"""A listing as the matching engine sees it: plain values, built from a saved listing, an unsaved one (the
evaluation's probing texts) or batched rows (reindexing), so that indexing and scoring share one shape."""
from dataclasses import dataclass, field
from datetime import date, datetime

from marketplace.models import CollaborationType, Listing, Sector, Technology


@dataclass
class Term:
    slug: str
    name_zh: str
    name_en: str


@dataclass
class ListingProfile:
    id: int | str | None
    kind: str
    title: str = ""
    summary: str = ""
    description: str = ""
    keywords: list = field(default_factory=list)
    sectors: list = field(default_factory=list)  # [Term]
    technologies: list = field(default_factory=list)  # [Term]
    collaboration: list = field(default_factory=list)  # [Term]
    status: str = Listing.Status.PUBLISHED
    visibility: str = Listing.Visibility.PUBLIC
    organisation_id: int | None = None
    org_kind: str = ""
    trl_min: int = 1
    trl_max: int = 9
    province: str = ""
    city: str = ""
    metro_area: str = ""
    remote_ok: bool = True
    deadline: date | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    featured: bool = False
    # A profile of many works (a researcher's publications), each scored on its own; empty: the listing's text
    # is one work (matching/text.py).
    works: list = field(default_factory=list)
    concepts: list | None = None  # glossary ids of its text as indexed (None: not read from the index)
    title_alt: str = ""  # the title and summary in the other language (search reads them)
    summary_alt: str = ""

    @property
    def counterpart_kind(self):
        return Listing.Kind.NEED if self.kind == Listing.Kind.CAPABILITY else Listing.Kind.CAPABILITY

    def slugs(self, name):
        return [term.slug for term in getattr(self, name)]


def _terms(queryset):
    return [Term(t.slug, t.name_zh, t.name_en) for t in queryset]


def profile_from_listing(listing):
    """Works for unsaved listings too (no many-to-many rows then)."""
    saved = listing.pk is not None
    org = listing.organisation if listing.organisation_id else None
    return ListingProfile(
        id=listing.pk,
        kind=listing.kind,
        title=listing.title or "",
        summary=listing.summary or "",
        description=listing.description or "",
        keywords=list(listing.keywords or []),
        sectors=_terms(listing.sectors.all()) if saved else [],
        technologies=_terms(listing.technologies.all()) if saved else [],
        collaboration=_terms(listing.collaboration_types.all()) if saved else [],
        status=listing.status,
        visibility=listing.visibility,
        organisation_id=listing.organisation_id,
        org_kind=org.kind if org else "",
        trl_min=listing.trl_min,
        trl_max=listing.trl_max,
        province=listing.province,
        city=listing.city,
        metro_area=listing.metro_area,
        remote_ok=listing.remote_ok,
        deadline=listing.deadline,
        published_at=listing.published_at,
        updated_at=listing.updated_at,
        featured=listing.featured,
        title_alt=listing.title_alt or "",
        summary_alt=listing.summary_alt or "",
    )


def _taxonomy_by_id(model):
    return {t.pk: Term(t.slug, t.name_zh, t.name_en) for t in model.objects.all()}


def profiles_for_ids(ids):
    """Profiles of many listings in a handful of queries (reindexing 100,000 rows must not do N+1)."""
    ids = list(ids)
    if not ids:
        return []
    sectors, technologies, collabs = (_taxonomy_by_id(m) for m in (Sector, Technology, CollaborationType))
    links = {"sectors": {}, "technologies": {}, "collaboration": {}}
    for name, through, column, table in (
        ("sectors", Listing.sectors.through, "sector_id", sectors),
        ("technologies", Listing.technologies.through, "technology_id", technologies),
        ("collaboration", Listing.collaboration_types.through, "collaborationtype_id", collabs),
    ):
        for listing_id, term_id in through.objects.filter(listing_id__in=ids).values_list("listing_id", column):
            links[name].setdefault(listing_id, []).append(table[term_id])
    rows = Listing.objects.filter(pk__in=ids).values(
        "id", "kind", "title", "summary", "description", "keywords", "status", "visibility", "organisation_id",
        "organisation__kind", "trl_min", "trl_max", "province", "city", "metro_area", "remote_ok", "deadline",
        "published_at", "updated_at", "featured", "title_alt", "summary_alt",
    )
    profiles = []
    for row in rows:
        row["org_kind"] = row.pop("organisation__kind") or ""
        row["keywords"] = list(row["keywords"] or [])
        profile = ListingProfile(**row)
        for name in links:
            setattr(profile, name, links[name].get(row["id"], []))
        profiles.append(profile)
    return profiles
