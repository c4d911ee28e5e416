"""Modelling pages, mounted at /<lang>/modelling/."""

from django.urls import path

from kurultai.modelling import views

app_name = "modelling"

urlpatterns = [
    path("power/", views.power_view, name="power"),
    path("votes/<slug:slug>/", views.vote_forecast_view, name="vote"),
    path("forecasts/", views.calibration_view, name="calibration"),
    path("bills/<slug:slug>/impact/", views.bill_impact_view, name="bill_impact"),
    path("fiscal/", views.fiscal_view, name="fiscal"),
]
