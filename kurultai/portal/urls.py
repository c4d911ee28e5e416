from django.urls import path

from kurultai.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("deputies/", views.deputies, name="deputies"),
    path("deputies/<slug:slug>/", views.deputy_detail, name="deputy"),
    path("parties/", views.parties, name="parties"),
    path("parties/<slug:slug>/", views.organization_detail, {"kind": "party"}, name="party"),
    path("factions/<slug:slug>/", views.organization_detail, {"kind": "faction"}, name="faction"),
    path("committees/", views.committees, name="committees"),
    path("committees/<slug:slug>/", views.organization_detail, {"kind": "committee"}, name="committee"),
    path("regions/", views.regions, name="regions"),
    path("regions/<slug:slug>/", views.region_detail, name="region"),
    path("me/verify/", views.citizen_verify_view, name="verify"),
]
