"""Analytics pages, mounted at /analytics/ inside the language prefix (/kk/, /ru/, /en/)."""

from django.urls import path

from kurultai.analytics import views

app_name = "analytics"

urlpatterns = [
    path("responsiveness/", views.responsiveness_view, name="responsiveness"),
    path("topics/", views.topics_view, name="topics"),
    path("topics/<slug:key>/", views.topic_action_view, name="topic_action"),
    path("campaigns/", views.campaigns_view, name="campaigns"),
    path("consultations/<slug:slug>/<int:number>/opinion/", views.opinion_view, name="opinion"),
]
