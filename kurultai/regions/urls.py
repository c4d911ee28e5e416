"""Council of Regions pages, mounted at the site root inside the language prefix (/kk/, /ru/, /en/)."""

from django.urls import path

from kurultai.regions import views

app_name = "regions"

urlpatterns = [
    path("council-of-regions/", views.council_view, name="council"),
    path("council-of-regions/sessions/<slug:slug>/", views.session_detail_view, name="session"),
    path("council-of-regions/notifications/", views.notifications_view, name="notifications"),
    path("initiatives/", views.initiative_list_view, name="initiatives"),
    path("initiatives/new/", views.initiative_new_view, name="initiative_new"),
    path("initiatives/<slug:slug>/", views.initiative_detail_view, name="initiative"),
    path("halyk-kenesi/", views.people_council_view, name="halyk_kenesi"),
]
