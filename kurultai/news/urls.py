from django.urls import path

from kurultai.news import views

app_name = "news"

urlpatterns = [
    path("", views.news_list_view, name="list"),
    path("write/", views.article_write_view, name="write"),
    path("<int:year>/", views.news_archive_view, name="archive_year"),
    path("<int:year>/<int:month>/", views.news_archive_view, name="archive_month"),
    path("comments/<slug:ref>/moderate/", views.comment_moderate_view, name="comment_moderate"),
    path("<slug:slug>/", views.news_detail_view, name="detail"),
    path("<slug:slug>/edit/", views.article_write_view, name="edit"),
    path("<slug:slug>/seen.gif", views.news_seen_view, name="seen"),
]
