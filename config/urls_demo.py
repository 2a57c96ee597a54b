"""The demo's URLs (config.settings.demo only): the site, plus the local mailbox.
No other settings route these, so production cannot serve them."""
from django.urls import path

from core.demo import views as demo

from . import urls as site

handler403 = site.handler403

urlpatterns = [
    path("demo/mailbox/", demo.mailbox, name="demo_mailbox"),
    path("demo/mailbox/<str:message_id>/", demo.message, name="demo_mailbox_message"),
    *site.urlpatterns,
]
