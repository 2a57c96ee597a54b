from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("api/", include("api.urls")),
    path("search/", include("matching.urls")),
    path("notifications/", include("notifications.urls")),
    path("collaboration/", include("collaboration.urls")),
    path("", include("marketplace.urls")),
]
# No /media/ route, even in development: user files are served only by views that check who may read them and
# send them as downloads (marketplace attachment_download, accounts organisation_logo).
