from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from marketplace.views.errors import perform

from . import services
from .forms import SearchForm
from .selectors import facet_groups, listing_suggestions, match_of_member, search_listings
from .suggestions import ANY_WORD, search_suggestions


def _querystring(data, **changes):
    params = data.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@require_GET
def search(request):
    form = SearchForm(request.GET)
    query = form.to_query(data=request.GET, viewer=request.user)
    results = search_listings(query=query)
    groups = facet_groups(results=results, query=query)
    for group in groups:
        for value in group["values"]:
            params = request.GET.copy()
            params.pop("page", None)
            chosen = params.getlist(group["name"])
            if value["selected"]:
                params.setlist(group["name"], [v for v in chosen if v != value["value"]])
            else:
                params.setlist(group["name"], chosen + [value["value"]])
            value["querystring"] = params.urlencode()
    pages = {
        "previous": _querystring(request.GET, page=str(results.page - 1)) if results.page > 1 else None,
        "next": _querystring(request.GET, page=str(results.page + 1)) if results.page < results.pages else None,
    }
    return render(request, "matching/search.html", {
        "form": form, "query": query, "results": results, "facet_groups": groups, "pages": pages,
        "suggestions": _suggestion_links(search_suggestions(query=query, results=results)),
        "chosen_filters": sum(value["selected"] for group in groups for value in group["values"]),
        "sort_options": [(value, label, _querystring(request.GET, sort=value, page=None))
                         for value, label in form.fields["sort"].choices],
    })


def _suggestion_links(suggestions):
    """Labels in the reader's language and links to the filtered search / the relaxed query."""
    if not suggestions:
        return None
    english = (get_language() or "").startswith("en")
    for term in suggestions.terms:
        term["label"] = term["label_en"] if english else term["label_zh"]
        params = QueryDict(mutable=True)
        params[term["facet"]] = term["value"]
        term["url"] = f"{reverse('matching:search')}?{params.urlencode()}"
    if suggestions.relaxed:
        params = QueryDict(mutable=True)
        params["q"] = suggestions.relaxed["text"]
        if suggestions.relaxed["kind"] == ANY_WORD:
            params["words"] = "any"
        suggestions.relaxed["url"] = f"{reverse('matching:search')}?{params.urlencode()}"
    return suggestions


@require_GET
def suggest(request):
    prefix = (request.GET.get("q") or "").strip()
    suggestions = listing_suggestions(prefix=prefix, viewer=request.user) if prefix else []
    return JsonResponse({"suggestions": suggestions})


@require_POST
@login_required
def match_dismiss(request, pk):
    """"Not for us" on a match shown on the user's listing page or in the dashboard's leads; back to that page."""
    found = match_of_member(user=request.user, pk=pk)
    if found is None:
        raise Http404
    match, own = found
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = own.get_absolute_url()
    return perform(request, lambda: services.match_dismiss(user=request.user, match=match),
                   success_message=_("Match dismissed: neither listing shows it any more."), redirect_to=back)
