"""Accounts: citizen verification by IIN, API tokens, roles and the TOTP second factor."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kurultai.accounts.iin import iin_hash, make_iin
from kurultai.accounts.models import ApiToken, CitizenProfile, User
from kurultai.accounts.roles import Role
from kurultai.accounts.services import citizen_verify, token_create, token_revoke, user_create
from kurultai.common.errors import Conflict, DomainError
from kurultai.common.models import AuditEntry

DEMO_PASSWORD = "kurultai-demo"
ADULT_IIN = make_iin(date(1990, 5, 17), "F", serial=4321)


def minor_iin() -> str:
    today = timezone.localdate()
    return make_iin(date(today.year - 17, 1, 1), "M", serial=77)


def with_wrong_check_digit(iin: str) -> str:
    return iin[:11] + str((int(iin[11]) + 1) % 10)


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == code
    return body


# ---------------------------------------------------------------- citizen verification


def test_an_adult_iin_verifies_the_account(user_with_role):
    user = user_with_role()
    profile = citizen_verify(user=user, iin=ADULT_IIN, region_code="KZ-75")
    assert profile.birth_year == 1990
    assert profile.sex == "F"
    assert profile.region_code == "KZ-75"
    assert user.groups.filter(name=Role.CITIZEN).exists()


def test_only_the_keyed_hash_of_the_iin_is_stored(user_with_role):
    profile = citizen_verify(user=user_with_role(), iin=ADULT_IIN, region_code="KZ-75")
    stored = CitizenProfile.objects.filter(pk=profile.pk).values().get()
    assert stored["iin_hash"] == iin_hash(ADULT_IIN, key=settings.IIN_HASH_KEY.encode())
    assert ADULT_IIN not in json.dumps(stored, default=str)


def test_the_iin_never_enters_the_audit_trail(user_with_role):
    user = user_with_role()
    citizen_verify(user=user, iin=ADULT_IIN, region_code="KZ-75")
    digest = iin_hash(ADULT_IIN, key=settings.IIN_HASH_KEY.encode())
    entries = json.dumps(list(AuditEntry.objects.values("action", "object_id", "data")), default=str)
    assert "accounts.citizen.verified" in entries
    assert ADULT_IIN not in entries
    assert digest not in entries


def test_a_second_account_with_the_same_iin_is_a_conflict(user_with_role):
    citizen_verify(user=user_with_role(), iin=ADULT_IIN, region_code="KZ-75")
    second = user_with_role()
    with pytest.raises(Conflict) as caught:
        citizen_verify(user=second, iin=ADULT_IIN, region_code="KZ-71")
    assert caught.value.code == "iin_taken"
    assert caught.value.status == 409
    assert not CitizenProfile.objects.filter(user=second).exists()
    assert not second.groups.filter(name=Role.CITIZEN).exists()


def test_an_account_is_verified_once(user_with_role):
    user = user_with_role()
    citizen_verify(user=user, iin=ADULT_IIN, region_code="KZ-75")
    with pytest.raises(Conflict) as caught:
        citizen_verify(user=user, iin=make_iin(date(1985, 1, 2), "M", serial=5), region_code="KZ-75")
    assert caught.value.code == "already_verified"


def test_a_minor_cannot_verify(user_with_role):
    with pytest.raises(DomainError) as caught:
        citizen_verify(user=user_with_role(), iin=minor_iin(), region_code="KZ-75")
    assert caught.value.code == "iin_not_adult"
    assert caught.value.status == 422


@pytest.mark.parametrize(
    ("iin", "reason"),
    [
        (with_wrong_check_digit(ADULT_IIN), "checksum"),
        ("12345", "length"),
        ("90051760432A", "not_digits"),
        ("901317604321", "date"),
    ],
)
def test_an_invalid_iin_is_refused(user_with_role, iin, reason):
    user = user_with_role()
    with pytest.raises(DomainError) as caught:
        citizen_verify(user=user, iin=iin, region_code="KZ-75")
    assert caught.value.code == "iin_invalid"
    assert caught.value.data == {"reason": reason}
    assert not CitizenProfile.objects.filter(user=user).exists()


def test_a_refused_iin_leaves_no_trace_in_the_audit_trail(user_with_role):
    bad = with_wrong_check_digit(ADULT_IIN)
    with pytest.raises(DomainError):
        citizen_verify(user=user_with_role(), iin=bad, region_code="KZ-75")
    assert bad not in json.dumps(list(AuditEntry.objects.values("data")), default=str)


def test_verification_needs_a_region(user_with_role):
    with pytest.raises(DomainError) as caught:
        citizen_verify(user=user_with_role(), iin=ADULT_IIN, region_code="")
    assert caught.value.code == "region_required"


# ---------------------------------------------------------------- API tokens


def test_a_token_authenticates_the_api(client, user_with_role):
    user = user_with_role(Role.CITIZEN)
    _token, key = token_create(user=user)
    response = client.get("/api/v1/me", headers=bearer(key))
    assert response.status_code == 200
    assert response.json()["username"] == user.username
    assert response.json()["roles"] == ["citizen"]


def test_only_the_hash_of_a_token_is_stored(user_with_role):
    token, key = token_create(user=user_with_role())
    assert key.startswith("klt_")
    assert token.key_hash == ApiToken.hash_key(key)
    assert key not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert key not in json.dumps(list(AuditEntry.objects.values("data")), default=str)


def test_me_without_a_token_is_a_401_problem(client, db):
    problem(client.get("/api/v1/me"), 401, "not_authenticated")


@pytest.mark.parametrize(
    "header",
    ["Bearer klt_garbage", "Bearer garbage", "Bearer ", "Basic dXNlcjpwYXNz", "klt_no_scheme", "Bearer " + "x" * 5000],
)
def test_me_with_a_bad_token_is_a_401_problem(client, db, header):
    problem(client.get("/api/v1/me", headers={"Authorization": header}), 401, "not_authenticated")


def test_a_revoked_token_is_a_401_problem(client, user_with_role):
    user = user_with_role()
    token, key = token_create(user=user)
    token_revoke(token=token, actor=user)
    problem(client.get("/api/v1/me", headers=bearer(key)), 401, "not_authenticated")


def test_a_token_of_a_deactivated_user_is_a_401_problem(client, user_with_role):
    user = user_with_role()
    _token, key = token_create(user=user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    problem(client.get("/api/v1/me", headers=bearer(key)), 401, "not_authenticated")


def test_me_shows_a_verified_citizen_and_their_region(client, db):
    _token, key = token_create(user=User.objects.get(username="citizen"))
    body = client.get("/api/v1/me", headers=bearer(key)).json()
    assert body["verified_citizen"] is True
    assert body["region"] == "KZ-75"
    assert "iin" not in json.dumps(body).lower()


def test_a_deputy_account_points_at_the_registry_person(client, db):
    _token, key = token_create(user=User.objects.get(username="deputy1"))
    body = client.get("/api/v1/me", headers=bearer(key)).json()
    assert body["roles"] == ["deputy"]
    assert client.get(f"/api/v1/persons/{body['person_id']}").status_code == 200


# ---------------------------------------------------------------- roles


def test_every_role_is_a_group(db):
    assert {str(r) for r in Role} <= set(Group.objects.values_list("name", flat=True))
    assert {str(r) for r in Role} == {
        "citizen", "deputy", "committee_staff", "clerk", "moderator", "government_respondent",
        "maslikhat_delegate", "party_operator", "admin",
    }


def test_user_create_puts_the_user_in_the_role_groups(db):
    user = user_create(username="new-clerk", password="pw-Kurultai-2026", roles=[Role.CLERK, Role.MODERATOR])
    assert set(user.groups.values_list("name", flat=True)) == {"clerk", "moderator"}
    assert user.requires_totp
    assert AuditEntry.objects.filter(action="accounts.user.created", object_id=str(user.pk)).exists()


def test_a_taken_username_is_a_conflict(db):
    with pytest.raises(Conflict) as caught:
        user_create(username="clerk", password="pw-Kurultai-2026")
    assert caught.value.code == "username_taken"


@pytest.mark.parametrize(("role", "requires"), [(Role.DEPUTY, True), (Role.CLERK, True), (Role.ADMIN, True),
                                                (Role.CITIZEN, False), (Role.MODERATOR, False)])
def test_totp_is_required_for_deputies_clerks_and_admins(user_with_role, role, requires):
    assert user_with_role(role).requires_totp is requires


# ---------------------------------------------------------------- TOTP on log-in


def current_code(user: User) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def log_in(client: Any, username: str) -> Any:
    return client.post("/en/accounts/login/", {"username": username, "password": DEMO_PASSWORD})


def test_a_deputy_is_sent_to_the_otp_step_after_the_password(client, db):
    response = log_in(client, "deputy1")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/otp/")


@pytest.mark.parametrize("path", ["/en/", "/en/deputies/", "/ru/parties/", "/kk/me/verify/"])
def test_a_deputy_cannot_open_pages_before_the_code(client, db, path):
    log_in(client, "deputy1")
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/{path[1:3]}/accounts/otp/?next={path}"


def test_the_otp_page_asks_for_the_code(client, db):
    log_in(client, "deputy1")
    response = client.get("/en/accounts/otp/?next=/en/")
    assert response.status_code == 200
    assert 'name="token"' in response.content.decode()


def test_a_wrong_code_shows_an_error(client, db):
    log_in(client, "deputy1")
    wrong = f"{(int(current_code(User.objects.get(username='deputy1'))) + 500_000) % 1_000_000:06d}"
    response = client.post("/en/accounts/otp/", {"token": wrong, "next": "/en/"})
    assert response.status_code == 200
    assert "The code is not right or has expired" in response.content.decode()
    assert client.get("/en/").status_code == 302


@pytest.mark.parametrize("token", ["", "abcdef", "12345", "1234567", "12 456"])
def test_a_malformed_code_shows_an_error(client, db, token):
    log_in(client, "deputy1")
    response = client.post("/en/accounts/otp/", {"token": token, "next": "/en/"})
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert client.get("/en/").status_code == 302


def test_the_right_code_opens_the_pages(client, db):
    log_in(client, "deputy1")
    code = current_code(User.objects.get(username="deputy1"))
    response = client.post("/en/accounts/otp/", {"token": code, "next": "/en/deputies/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/deputies/"
    assert client.get("/en/").status_code == 200
    assert client.get("/ru/deputies/").status_code == 200


def test_the_otp_step_refuses_an_outside_redirect(client, db):
    log_in(client, "deputy1")
    code = current_code(User.objects.get(username="deputy1"))
    response = client.post("/en/accounts/otp/", {"token": code, "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_a_clerk_without_a_device_is_shown_the_setup(client, db):
    log_in(client, "clerk")
    html = client.get("/en/accounts/otp/").content.decode()
    assert "<svg" in html
    assert client.get("/en/").status_code == 302


def test_a_citizen_is_not_asked_for_a_code(client, db):
    response = log_in(client, "citizen")
    assert response.status_code == 302
    assert "/accounts/otp/" not in response["Location"]
    assert client.get("/en/").status_code == 200
    assert client.get("/en/me/verify/").status_code == 200


def test_a_wrong_password_is_refused(client, db):
    response = client.post("/en/accounts/login/", {"username": "deputy1", "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
