"""What a set of figures counts.

The visibility rule of every public figure (the public insights page, the zone pages, the public API and their
exports): only listings whose visibility is "public" and that have been published count, and so do only the
facts about them (matches whose two sides are public, interests in public listings). Listings for signed-in
members or verified organisations only are left out entirely, not even counted, so no public figure can tell
that one exists; no public page ever names one. Staff figures count every listing."""
import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from collaboration.models import Interest
from marketplace.models import Listing
from matching.models import Match

V = Listing.Visibility
MONTHS = 12  # the public and zone pages show the last twelve months


@dataclass(frozen=True)
class Scope:
    public: bool = True
    zone: str = ""  # a metro area (accounts.models.Region): listings located there, organisations based there
    since: datetime.date | None = None  # staff: events on or after this day
    until: datetime.date | None = None  # staff: events on or before this day
    org_kind: str = ""  # staff: listings of organisations of this kind

    def listing_q(self, prefix=""):
        q = Q(**{f"{prefix}published_at__isnull": False})
        if self.public:
            q &= Q(**{f"{prefix}visibility": V.PUBLIC})
        if self.zone:
            q &= Q(**{f"{prefix}metro_area": self.zone})
        if self.org_kind:
            q &= Q(**{f"{prefix}organisation__kind": self.org_kind})
        return q

    def period_q(self, field):
        q = Q()
        if self.since:
            q &= Q(**{f"{field}__gte": day_start(self.since)})
        if self.until:
            q &= Q(**{f"{field}__lt": day_start(self.until + datetime.timedelta(days=1))})
        return q

    def listings(self):
        """Listings that have been published, whatever became of them since."""
        return Listing.objects.filter(self.listing_q()).order_by()

    def live(self):
        """Listings published now (in the period, for staff): the current supply and demand."""
        return self.listings().filter(status=Listing.Status.PUBLISHED).filter(self.period_q("published_at"))

    def matches(self):
        q = Q()
        if self.public:
            q &= Q(need__visibility=V.PUBLIC, capability__visibility=V.PUBLIC)
        if self.zone:
            q &= Q(need__metro_area=self.zone) | Q(capability__metro_area=self.zone)
        if self.org_kind:
            q &= Q(need__organisation__kind=self.org_kind) | Q(capability__organisation__kind=self.org_kind)
        return Match.objects.filter(q).filter(self.period_q("created_at")).order_by()

    def interests(self):
        """Interests in the scope's listings, sent in the period."""
        return Interest.objects.filter(self.listing_q("listing__")).filter(self.period_q("created_at")).order_by()

    def months(self, now=None):
        """The first day of each month the monthly figures cover, oldest first."""
        today = timezone.localdate(now) if now else timezone.localdate()
        last = (self.until or today).replace(day=1)
        if self.since:
            first = self.since.replace(day=1)
        else:
            first = add_months(last, -(MONTHS - 1))
        months = []
        while first <= last and len(months) < 36:
            months.append(first)
            first = add_months(first, 1)
        return months


def day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def add_months(day, n):
    index = day.year * 12 + day.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_key(day):
    return f"{day.year:04d}-{day.month:02d}"


def count_by_month(queryset, field, months):
    """{"YYYY-MM": count} of rows whose `field` falls in the months (local time)."""
    if not months:
        return {}
    start = day_start(months[0])
    end = day_start(add_months(months[-1], 1))
    rows = (queryset.filter(**{f"{field}__gte": start, f"{field}__lt": end}).order_by()
            .annotate(month=TruncMonth(field)).values("month").annotate(n=Count("pk")).values_list("month", "n"))
    counts = {}
    for month, n in rows:
        key = month_key(timezone.localtime(month) if timezone.is_aware(month) else month)
        counts[key] = counts.get(key, 0) + n
    return counts
