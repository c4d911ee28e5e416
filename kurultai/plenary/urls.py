from django.urls import path

from kurultai.plenary import views

app_name = "plenary"

urlpatterns = [
    path("", views.sitting_list_view, name="sittings"),
    path("live/", views.live_view, name="live_current"),
    path("console/", views.console_view, name="console"),
    path("console/<slug:slug>/", views.console_sitting_view, name="console_sitting"),
    path("votes/<slug:slug>/", views.vote_detail_view, name="vote"),
    path("votes/<slug:slug>/roll-call.pdf", views.vote_roll_call_pdf_view, name="vote_pdf"),
    path("votes/<slug:slug>/live/", views.live_view, name="live"),
    path("votes/<slug:slug>/ballot/", views.ballot_view, name="ballot"),
    path("<slug:slug>/", views.sitting_detail_view, name="sitting"),
    path("<slug:slug>/register/", views.register_self_view, name="register"),
]
