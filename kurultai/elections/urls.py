from django.urls import path

from kurultai.elections import views

app_name = "elections"

urlpatterns = [
    path("", views.election_list_view, name="list"),
    path("<slug:slug>/", views.election_detail_view, name="detail"),
    path("<slug:slug>/what-if/", views.whatif_view, name="whatif"),
]
