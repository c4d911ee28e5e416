"""Participation pages, mounted at the site root inside the language prefix (/kk/, /ru/, /en/)."""

from django.urls import path

from kurultai.participation import views

app_name = "participation"

urlpatterns = [
    path("petitions/", views.petition_list_view, name="petitions"),
    path("petitions/new/", views.petition_new_view, name="petition_new"),
    path("petitions/<slug:slug>/", views.petition_detail_view, name="petition"),
    path("petitions/<slug:slug>/sign/", views.petition_sign_view, name="petition_sign"),
    path("petitions/<slug:slug>/counts/", views.petition_counts_view, name="petition_counts"),
    path("petitions/<slug:slug>/<slug:action>/", views.petition_action_view, name="petition_action"),
    path("proposals/", views.proposal_list_view, name="proposals"),
    path("proposals/new/", views.proposal_new_view, name="proposal_new"),
    path("proposals/similar/", views.proposal_similar_view, name="proposal_similar"),
    path("proposals/<slug:slug>/", views.proposal_detail_view, name="proposal"),
    path("proposals/<slug:slug>/support/", views.proposal_support_view, name="proposal_support"),
    path("proposals/<slug:slug>/<slug:action>/", views.proposal_action_view, name="proposal_action"),
    path("appeals/", views.appeal_work_view, name="appeal_work"),
    path("appeals/new/", views.appeal_new_view, name="appeal_new"),
    path("appeals/published/", views.published_appeals_view, name="appeals_published"),
    path("appeals/<str:number>/", views.appeal_detail_view, name="appeal"),
    path("appeals/<str:number>/receipt/", views.appeal_receipt_view, name="appeal_receipt"),
    path("appeals/<str:number>/files/<str:stored>/", views.appeal_file_view, name="appeal_file"),
    path("appeals/<str:number>/<slug:action>/", views.appeal_action_view, name="appeal_action"),
    path("responsiveness/", views.responsiveness_view, name="responsiveness"),
    path("me/participation/", views.cabinet_view, name="cabinet"),
    path("me/participation/notifications/read/", views.notifications_read_view, name="notifications_read"),
    path("me/participation/follow/", views.follow_view, name="follow"),
    path("unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
    path("report/<slug:kind>/<slug:content_id>/", views.report_view, name="report"),
    path("moderation/", views.moderation_view, name="moderation"),
    path("moderation/act/", views.moderation_action_view, name="moderation_act"),
]
