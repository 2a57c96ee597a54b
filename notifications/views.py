from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import Channel, NotificationType
from .preferences import preferences_for
from .selectors import notifications_for
from .services import notification_mark_read, notifications_mark_all_read, preferences_update, unsubscribe
from .tokens import read_unsubscribe_token


@login_required
def notification_list(request):
    unread = request.GET.get("unread") == "1"
    ntype = request.GET.get("type") or ""
    rows = notifications_for(user=request.user, unread=unread, ntype=ntype)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page": page, "unread": unread, "type": ntype, "types": NotificationType.choices,
    })


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
def notification_read_all(request):
    notifications_mark_all_read(user=request.user)
    return redirect("notifications:list")


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
