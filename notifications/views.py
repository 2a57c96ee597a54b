from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .forms import NotificationFilterForm
from .models import Channel, NotificationType
from .preferences import preferences_for
from .selectors import notifications_for, unread_count
from .services import notification_mark_read, notifications_mark_all_read, preferences_update, unsubscribe
from .tokens import read_unsubscribe_token

PER_PAGE = 20


@login_required
def notification_list(request):
    form = NotificationFilterForm(request.GET, user=request.user)
    valid = form.is_valid()
    filters = form.cleaned_data if valid else {}
    rows = notifications_for(user=request.user, unread=filters.get("unread", False), ntype=filters.get("type", ""))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page": page, "filter_form": form, "filtered": bool(filters.get("unread") or filters.get("type")),
        "has_unread": unread_count(user=request.user) > 0,
    }, status=200 if valid else 400)


def _back_to_list(request):
    """The list page the person came from (its filters and page), else the list."""
    back = request.POST.get("next") or ""
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_open(request, pk):
    """Mark read and follow the link to its object."""
    notification = notification_mark_read(user=request.user, notification_id=pk)
    if notification is None:
        raise Http404
    target = notification.url or "notifications:list"
    if notification.url and not url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        target = "notifications:list"
    return redirect(target)


@login_required
@require_POST
def notification_read(request, pk):
    """Mark one read and stay on the list."""
    if notification_mark_read(user=request.user, notification_id=pk) is None:
        raise Http404
    return _back_to_list(request)


@login_required
@require_POST
def notification_read_all(request):
    count = notifications_mark_all_read(user=request.user)
    messages.success(request, ngettext("%(count)d notification marked as read.",
                                       "%(count)d notifications marked as read.", count) % {"count": count})
    return _back_to_list(request)


@login_required
def preferences(request):
    if request.method == "POST":
        preferences_update(user=request.user, choices={
            value: request.POST.get(f"pref-{value}") for value in NotificationType.values
        })
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {
        "rows": preferences_for(request.user), "channels": Channel.choices,
    })


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without our CSRF cookie; the signed token authorises
def unsubscribe_view(request, token):
    data = read_unsubscribe_token(token)
    if data is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        done = unsubscribe(token=token) is not None
    ntype = data[1]
    label = NotificationType(ntype).label if ntype in NotificationType.values else ntype
    return render(request, "notifications/unsubscribe.html", {"done": done, "label": label, "token": token})
