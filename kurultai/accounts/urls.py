from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path

from kurultai.accounts import views

app_name = "accounts"

urlpatterns: list[URLPattern | URLResolver] = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("otp/", views.otp_view, name="otp"),
]
if settings.OIDC_ENABLED:
    # /<lang>/accounts/oidc/authenticate/ and /callback/ (mozilla-django-oidc's views).
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
