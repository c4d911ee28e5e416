"""Privacy pages, inside the language prefix (/kk/, /ru/, /en/)."""

from django.urls import path

from kurultai.security import views

app_name = "security"

urlpatterns = [
    path("me/data/", views.my_data_view, name="my_data"),
    path("me/data/download/", views.my_data_download_view, name="my_data_download"),
    path("me/data/delete/", views.account_delete_view, name="account_delete"),
    path("me/deleted/", views.account_deleted_view, name="account_deleted"),
]
