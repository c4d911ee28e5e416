from django.urls import path

from kurultai.ledger import views

app_name = "ledger"

urlpatterns = [
    path("", views.ledger_view, name="ledger"),
    path("export.jsonl", views.ledger_export_view, name="export"),
]
