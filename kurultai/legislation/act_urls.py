"""Act pages under /<lang>/acts/: the list and an act as it stood at a date."""

from django.urls import path

from kurultai.legislation import views

app_name = "acts"

urlpatterns = [
    path("", views.act_list_view, name="list"),
    path("<slug:slug>/", views.act_detail_view, name="detail"),
]
