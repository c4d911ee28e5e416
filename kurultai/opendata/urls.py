"""Open-data pages and feeds inside the language prefix (/kk/, /ru/, /en/)."""

from django.urls import path

from kurultai.opendata import feeds, views

app_name = "opendata"

urlpatterns = [
    path("data/", views.data_view, name="data"),
    path("data/<path:path>", views.data_file_view, name="data_file"),
    path("search/", views.search_view, name="search"),
    path("activity/", views.activity_view, name="activity"),
    path("feeds/activity/", feeds.ActivityFeed(), name="feed_activity"),
    path("feeds/bills/", feeds.BillsFeed(), name="feed_bills"),
    path("feeds/bills/<slug:slug>/", feeds.BillFeed(), name="feed_bill"),
    path("feeds/committees/<slug:slug>/", feeds.CommitteeFeed(), name="feed_committee"),
    path("feeds/deputies/<slug:slug>/", feeds.DeputyFeed(), name="feed_deputy"),
    path("feeds/petitions/", feeds.PetitionsFeed(), name="feed_petitions"),
    path("feeds/news/", feeds.NewsFeed(), name="feed_news"),
]
