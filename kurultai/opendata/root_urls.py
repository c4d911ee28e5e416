"""Open-data URLs outside the language prefix: /robots.txt and /sitemap.xml with its sections."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.decorators.cache import cache_page

from kurultai.opendata import views
from kurultai.opendata.sitemaps import SITEMAPS

SITEMAP_SECONDS = 600

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        cache_page(SITEMAP_SECONDS)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section", "template_name": "opendata/sitemap_index.xml"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(SITEMAP_SECONDS)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS, "template_name": "opendata/sitemap.xml"},
        name="sitemap-section",
    ),
]
