from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .mailbox import mailbox_message, mailbox_messages


@require_GET
def mailbox(request):
    return render(request, "demo/mailbox.html", {"messages_sent": mailbox_messages()})


@require_GET
def message(request, message_id):
    stored = mailbox_message(message_id)
    if stored is None:
        raise Http404
    return render(request, "demo/message.html", {"stored": stored})
