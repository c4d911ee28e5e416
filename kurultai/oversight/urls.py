"""Oversight pages, mounted at the site root inside the language prefix (/kk/, /ru/, /en/)."""

from django.urls import path

from kurultai.oversight import views

app_name = "oversight"

urlpatterns = [
    path("inquiries/", views.inquiry_list_view, name="inquiries"),
    path("inquiries/new/", views.inquiry_new_view, name="inquiry_new"),
    path("inquiries/<slug:slug>/", views.inquiry_detail_view, name="inquiry"),
    path("hearings/", views.hearing_list_view, name="hearings"),
    path("hearings/<slug:slug>/", views.hearing_detail_view, name="hearing"),
    path("investigations/", views.investigation_list_view, name="investigations"),
    path("investigations/<slug:slug>/", views.investigation_detail_view, name="investigation"),
    path("committee-meetings/<slug:slug>/", views.meeting_detail_view, name="meeting"),
    path("state-bodies/", views.state_body_list_view, name="state_bodies"),
    path("state-bodies/<slug:slug>/", views.state_body_detail_view, name="state_body"),
    path("government-reports/<slug:slug>/", views.report_detail_view, name="report"),
]
