"""Bill pages under /<lang>/bills/ (acts are in act_urls.py, under /<lang>/acts/)."""

from django.urls import path

from kurultai.legislation import views

app_name = "bills"

urlpatterns = [
    path("", views.bill_list_view, name="list"),
    path("<slug:slug>/", views.bill_detail_view, name="detail"),
    path("<slug:slug>/diff/", views.diff_view, name="diff"),
    path("<slug:slug>/amendments/", views.amendments_view, name="amendments"),
    path("<slug:slug>/amendments.pdf", views.amendments_pdf_view, name="amendments_pdf"),
    path("<slug:slug>/versions/<int:number>/", views.version_view, name="version"),
    path("<slug:slug>/versions/<int:number>/parallel/", views.parallel_view, name="parallel"),
    path("<slug:slug>/versions/<int:number>/consultation/", views.consultation_view, name="consultation"),
    path("<slug:slug>/versions/<int:number>/provisions/<str:eid>/", views.provision_view, name="provision"),
    path("<slug:slug>/comments/<str:comment_id>/react/", views.react_view, name="react"),
    path("<slug:slug>/comments/<str:comment_id>/moderate/", views.moderate_view, name="moderate"),
]
