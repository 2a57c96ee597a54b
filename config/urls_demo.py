"""The demo's URLs (config.settings.demo only): the site, plus the local mailbox and the organisations' logos.
No other settings route these, so production cannot serve them."""
from django.conf import settings
from django.urls import path, re_path
from django.views.static import serve

from core.demo import views as demo

from . import urls as site

handler403 = site.handler403

urlpatterns = [
    path("demo/mailbox/", demo.mailbox, name="demo_mailbox"),
    path("demo/mailbox/<str:message_id>/", demo.message, name="demo_mailbox_message"),
    # With DEBUG off Django serves no uploads; the demo has no web server in front, so logos come from here.
    re_path(r"^media/(?P<path>logos/.+)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site.urlpatterns,
]
