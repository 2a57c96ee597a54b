from django.urls import path

from .views import meetings, organiser, pages

app_name = "events"
urlpatterns = [
    path("", pages.event_list, name="list"),
    path("new/", organiser.event_create, name="create"),
    path("<int:pk>/", pages.event_detail, name="detail"),
    path("<int:pk>/edit/", organiser.event_edit, name="edit"),
    path("<int:pk>/publish/", organiser.event_publish, name="publish"),
    path("<int:pk>/schedule/", organiser.schedule_plan, name="schedule"),
    path("<int:pk>/agendas/", organiser.agendas_send, name="agendas_send"),
    path("<int:pk>/participants/<int:participant_pk>/decision/", organiser.participant_decision, name="decision"),
    path("<int:pk>/register/", pages.register, name="register"),
    path("<int:pk>/participation/", pages.participation_edit, name="participation"),
    path("<int:pk>/availability/", pages.availability, name="availability"),
    path("<int:pk>/withdraw/", pages.withdraw, name="withdraw"),
    path("<int:pk>/agenda.ics", pages.agenda_download, name="agenda_ics"),
    path("<int:pk>/participants/<int:participant_pk>/request/", meetings.meeting_request, name="request"),
    path("<int:pk>/meetings/<int:meeting_pk>/", meetings.meeting_detail, name="meeting"),
    path("<int:pk>/meetings/<int:meeting_pk>/accept/", meetings.meeting_accept, name="accept"),
    path("<int:pk>/meetings/<int:meeting_pk>/decline/", meetings.meeting_decline, name="decline"),
    path("<int:pk>/meetings/<int:meeting_pk>/cancel/", meetings.meeting_cancel, name="cancel"),
    path("<int:pk>/meetings/<int:meeting_pk>/report/", meetings.meeting_report, name="report"),
    path("<int:pk>/meetings/<int:meeting_pk>/interest/", meetings.meeting_interest, name="interest"),
]
