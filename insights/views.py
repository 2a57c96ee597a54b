"""The insights pages: public, per demonstration zone, and for staff; each table also as CSV and XLSX."""
import hashlib

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.views.common import staff_required

from . import exports, selectors, snapshots
from .charts import charts_for
from .forms import StaffFilterForm
from .services import PUBLIC, zone_scope_name
from .tables import event_tables, market_tables, staff_tables, zone_tables
from .zones import is_zone, zone_label, zone_slugs


def _public_tables():
    payload, computed_at = snapshots.current(PUBLIC)
    return payload, computed_at, market_tables(payload) + event_tables(payload)


def _zone_tables(slug):
    if not is_zone(slug):
        raise Http404
    payload, computed_at = snapshots.current(zone_scope_name(slug))
    return payload, computed_at, market_tables(payload) + zone_tables(payload)


def _staff_tables(request):
    form = StaffFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    payload = selectors.staff_figures(since=filters.get("since"), until=filters.get("until"),
                                      org_kind=filters.get("org_kind") or "")
    return form, payload, market_tables(payload) + staff_tables(payload) + event_tables(payload)


def _context(payload, computed_at, tables, export, **extra):
    charts = charts_for(tables)
    for table in tables:
        table.has_chart = table.name in charts
        table.downloads = [("CSV", export(table.name, "csv")), ("XLSX", export(table.name, "xlsx"))]
    return {"payload": payload, "computed_at": computed_at, "tables": {table.name: table for table in tables},
            "charts": charts, "limit": "", "zones": [(slug, zone_label(slug)) for slug in zone_slugs()], **extra}


def _export(tables, table_name, fmt, prefix):
    table = next((table for table in tables if table.name == table_name), None)
    if table is None or fmt not in exports.CONTENT_TYPES:
        raise Http404
    response = HttpResponse(exports.render(table, fmt), content_type=exports.CONTENT_TYPES[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{prefix}-{table.name}-{stamp}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _fragment_key(scope_name, payload, computed_at):
    """The rendered figures of a page are cached until the next refresh (rendering ten tables is most of the
    page's time); the key also changes when a named listing is dropped for no longer being public."""
    named = [row["id"] for row in payload.get("latest") or []]
    named += [row["id"] for row in (payload.get("facilities") or {}).get("rows") or []]
    digest = hashlib.sha1(",".join(map(str, named)).encode()).hexdigest()[:12]
    return f"{scope_name}:{computed_at.isoformat()}:{digest}"


@require_GET
def public_insights(request):
    payload, computed_at, tables = _public_tables()
    export = lambda name, fmt: reverse("insights:public_export", args=[name, fmt])  # noqa: E731
    return render(request, "insights/public.html", _context(payload, computed_at, tables, export,
                                                            fragment_key=_fragment_key(PUBLIC, payload, computed_at)))


@require_GET
def public_export(request, table, fmt):
    return _export(_public_tables()[2], table, fmt, "insights")


@require_GET
def zone_list(request):
    return render(request, "insights/zones.html", {"zones": [(slug, zone_label(slug)) for slug in zone_slugs()]})


@require_GET
def zone_detail(request, slug):
    payload, computed_at, tables = _zone_tables(slug)
    export = lambda name, fmt: reverse("insights:zone_export", args=[slug, name, fmt])  # noqa: E731
    return render(request, "insights/zone.html", _context(
        payload, computed_at, tables, export, zone=slug, zone_name=zone_label(slug),
        fragment_key=_fragment_key(zone_scope_name(slug), payload, computed_at)))


@require_GET
def zone_export(request, slug, table, fmt):
    return _export(_zone_tables(slug)[2], table, fmt, f"zone-{slug}")


@staff_required
@require_GET
def staff_insights(request):
    form, payload, tables = _staff_tables(request)
    query = request.GET.urlencode()

    def export(name, fmt):
        return reverse("insights:staff_export", args=[name, fmt]) + (f"?{query}" if query else "")

    context = _context(payload, None, tables, export, form=form)
    return render(request, "insights/staff.html", context, status=400 if form.errors else 200)


@staff_required
@require_GET
def staff_export(request, table, fmt):
    form, _payload, tables = _staff_tables(request)
    if form.errors:
        return HttpResponse(_("Correct the filters first."), status=400, content_type="text/plain; charset=utf-8")
    return _export(tables, table, fmt, "staff-insights")
