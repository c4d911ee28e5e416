"""The citizen's own data: download it, or delete the account (kk/ru/en pages)."""

from __future__ import annotations

import json

from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from kurultai.accounts.models import User
from kurultai.common.errors import DomainError
from kurultai.common.ratelimit import check_rate
from kurultai.security import selectors, services

EXPORT_RATE = "20/h"
DELETE_RATE = "10/h"


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), required=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."), required=True)


@login_required
def my_data_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = DeleteAccountForm()
    return render(request, "security/my_data.html", _context(user, form))


def _context(user: User, form: DeleteAccountForm) -> dict[str, object]:
    citizen = getattr(user, "citizen", None)
    return {
        "form": form,
        "needs_password": user.has_usable_password(),
        "signature_count": citizen.signatures.count() if citizen is not None else 0,
    }


@login_required
def my_data_download_view(request: HttpRequest) -> HttpResponse:
    try:
        check_rate(request, group="security.export", rate=EXPORT_RATE)
    except DomainError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")
    data = selectors.citizen_data_export(user=request.user)  # type: ignore[arg-type]
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="kurultai-my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def account_delete_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = DeleteAccountForm(request.POST)
    if form.is_valid():
        try:
            check_rate(request, group="security.delete", rate=DELETE_RATE)
            services.account_delete(user=user, password=form.cleaned_data["password"])
        except DomainError as exc:
            form.add_error("password" if exc.code == "password_incorrect" else None, exc.message)
        else:
            logout(request)
            return HttpResponseRedirect(reverse("security:account_deleted"))
    return render(request, "security/my_data.html", _context(user, form), status=422)


def account_deleted_view(request: HttpRequest) -> HttpResponse:
    return render(request, "security/account_deleted.html")
