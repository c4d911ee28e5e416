from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from django_otp.admin import OTPAdminSite

from kurultai.api import api
from kurultai.portal import views as portal_views

admin.site.__class__ = OTPAdminSite  # administrators confirm a TOTP code
admin.site.site_header = "Kurultai"
admin.site.site_title = "Kurultai"

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", portal_views.healthz, name="healthz"),
    path("favicon.ico", portal_views.favicon, name="favicon"),
    path("", include("kurultai.opendata.root_urls")),
    path("", portal_views.root_redirect, name="root"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("kurultai.accounts.urls")),
    path("elections/", include("kurultai.elections.urls")),
    path("", include("kurultai.oversight.urls")),
    path("", include("kurultai.regions.urls")),
    path("plenary/", include("kurultai.plenary.urls")),
    path("ledger/", include("kurultai.ledger.urls")),
    path("bills/", include("kurultai.legislation.urls")),
    path("acts/", include("kurultai.legislation.act_urls")),
    path("", include("kurultai.participation.urls")),
    path("", include("kurultai.security.urls")),
    path("analytics/", include("kurultai.analytics.urls")),
    path("modelling/", include("kurultai.modelling.urls")),
    path("news/", include("kurultai.news.urls")),
    path("", include("kurultai.opendata.urls")),
    path("", include("kurultai.portal.urls")),
    prefix_default_language=True,
)

handler404 = "kurultai.portal.views.page_not_found"
handler500 = "kurultai.portal.views.server_error"
