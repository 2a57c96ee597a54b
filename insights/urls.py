from django.urls import path, register_converter

from . import views


class FormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "fmt")

app_name = "insights"
urlpatterns = [
    path("insights/", views.public_insights, name="public"),
    path("insights/export/<slug:table>.<fmt:fmt>", views.public_export, name="public_export"),
    path("regions/", views.zone_list, name="zones"),
    path("regions/<slug:slug>/", views.zone_detail, name="zone"),
    path("regions/<slug:slug>/export/<slug:table>.<fmt:fmt>", views.zone_export, name="zone_export"),
    path("staff/insights/", views.staff_insights, name="staff"),
    path("staff/insights/export/<slug:table>.<fmt:fmt>", views.staff_export, name="staff_export"),
]
