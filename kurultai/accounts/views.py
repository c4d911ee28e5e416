from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from kurultai.accounts.otp import totp_device_for, totp_qr_svg, totp_satisfied, totp_verify
from kurultai.common.errors import DomainError
from kurultai.common.ratelimit import check_rate

LOGIN_RATE = "20/m"  # per address; django-axes also locks a username after repeated failures


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            check_rate(request, group="accounts.login", rate=LOGIN_RATE)
        except DomainError as exc:
            return HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")
        return super().post(request, *args, **kwargs)

    def get_success_url(self) -> str:
        target = super().get_success_url()
        if not totp_satisfied(self.request.user):
            return reverse("accounts:otp") + "?next=" + target
        return target


class OtpForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}),
    )


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("portal:home")


@login_required
def otp_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    device = totp_device_for(user)  # type: ignore[arg-type]
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_verify(request=request, user=user, token=form.cleaned_data["token"]):  # type: ignore[arg-type]
            return HttpResponseRedirect(_safe_next(request))
        form.add_error("token", _("The code is not right or has expired. Try the current one."))
    context = {
        "form": form,
        "setup": not device.confirmed,
        "qr_svg": totp_qr_svg(device) if not device.confirmed else "",
        "next": _safe_next(request),
    }
    return render(request, "accounts/otp.html", context)
