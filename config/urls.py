from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

# The admin has no password form of its own: it sends people to allauth's login, whose rate limits apply.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("api/", include("api.urls")),
    path("search/", include("matching.urls")),
    path("notifications/", include("notifications.urls")),
    path("collaboration/", include("collaboration.urls")),
    path("events/", include("events.urls")),
    path("", include("insights.urls")),
    path("", include("marketplace.urls")),
]
# No /media/ route, even in development: user files are served only by views that check who may read them and
# send them as downloads (marketplace attachment_download, accounts organisation_logo).

# The 403 page says what the person can do next (core.errors).
handler403 = "core.errors.permission_denied"
