"""Petitions through the real services: thresholds from the registry, moderation, the stages, the answer."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from kurultai.accounts.permissions import SYSTEM
from kurultai.common.errors import DomainError
from kurultai.common.workdays import kazakhstan_calendar
from kurultai.participation import selectors, services, tasks, terms
from kurultai.participation.models import Notification, PetitionStatus, Signature
from kurultai.participation.rules import RuleKey
from kurultai.participation.tests.factories import CitizenFactory, PetitionFactory
from kurultai.registry.models import Area

pytestmark = pytest.mark.django_db


def _signers(n: int, regions=("KZ-75", "KZ-71", "KZ-39")):
    return [CitizenFactory(region=regions[i % len(regions)]) for i in range(n)]


def _sign_all(petition, users, network="198.51.100.0/24"):
    for user in users:
        services.petition_sign(petition=petition, actor=user, network=network)


def test_regional_thresholds_come_from_the_registry_population(citizen):
    area = Area.objects.get(identifier="KZ-19")  # Almaty Region, 1,596,331 (sourced)
    akimat = PetitionFactory(author=citizen, addressee_kind="regional_akimat", area=area, stage="draft")
    maslikhat = PetitionFactory(author=citizen, addressee_kind="regional_maslikhat", area=area, stage="draft")
    assert akimat.threshold == -(-area.population_best // 100) == 15_964
    assert maslikhat.threshold == 31_927
    assert maslikhat.addressee_org.classification == "maslikhat"
    assert maslikhat.review_working_days == 20
    assert "1%" in akimat.threshold_citation


def test_district_petitions_need_more_than_50000_residents(citizen):
    area = Area.objects.get(identifier="KZ-75")
    with pytest.raises(DomainError) as err:
        PetitionFactory(
            author=citizen,
            addressee_kind="district_akimat",
            area=area,
            district_name="Small",
            district_population=50_000,
        )
    assert err.value.code == "district_too_small"
    big = PetitionFactory(
        author=citizen,
        addressee_kind="district_maslikhat",
        area=area,
        district_name="Bostandyk",
        district_population=370_000,
        stage="draft",
    )
    assert big.threshold == 5_000


def test_a_regional_petition_needs_a_region(citizen):
    with pytest.raises(DomainError) as err:
        PetitionFactory(author=citizen, addressee_kind="regional_akimat")
    assert err.value.code == "invalid_addressee"


def test_the_parliament_threshold_is_an_administrators_rule(citizen, make_user):
    assert PetitionFactory(author=citizen, stage="draft").threshold == services.rule_value(
        RuleKey.PARLIAMENT_PETITION_THRESHOLD
    )
    services.rule_set(key=RuleKey.PARLIAMENT_PETITION_THRESHOLD, value=777, citation="test", actor=make_user("admin"))
    assert PetitionFactory(author=citizen, stage="draft").threshold == 777
    with pytest.raises(DomainError):
        services.rule_set(key=RuleKey.PARLIAMENT_PETITION_THRESHOLD, value=1, citation="x", actor=citizen)


def test_moderation_has_20_working_days_and_publication_is_by_link_only(citizen, moderator):
    petition = PetitionFactory(author=citizen, stage="moderation")
    calendar = kazakhstan_calendar()
    today = timezone.localdate()
    assert petition.moderation_due == calendar.add_working_days(calendar.next_working_day(today), 20)
    petition = services.petition_moderate(petition=petition, actor=moderator, approve=True)
    assert petition.status == PetitionStatus.LINK_ONLY
    assert petition.support_due == calendar.add_working_days(calendar.next_working_day(today), 10)
    assert petition.collect_until == terms.add_months(today, 6)
    assert petition not in selectors.petition_list()
    assert selectors.petition_get(None, petition.slug) == petition


def test_rejection_needs_a_reason_from_the_list_and_tells_the_author(citizen, moderator):
    petition = PetitionFactory(author=citizen, stage="moderation")
    with pytest.raises(DomainError) as err:
        services.petition_moderate(petition=petition, actor=moderator, approve=False, reason="because")
    assert err.value.code == "invalid_reason"
    petition = services.petition_moderate(petition=petition, actor=moderator, approve=False, reason="state_secrets")
    assert petition.status == PetitionStatus.REJECTED
    notice = Notification.objects.get(user=citizen, kind="petition.rejected")
    assert "state secrets" in notice_text(notice)


def notice_text(notice):
    from kurultai.participation import messages

    return messages.render(notice.kind, notice.params, "en")


def test_only_moderators_moderate(citizen, other_citizen):
    petition = PetitionFactory(author=citizen, stage="moderation")
    with pytest.raises(DomainError) as err:
        services.petition_moderate(petition=petition, actor=other_citizen, approve=True)
    assert err.value.status == 403


def test_drafts_and_moderation_are_seen_by_the_author_and_moderators_only(client, citizen, other_citizen, moderator):
    petition = PetitionFactory(author=citizen, stage="moderation")
    assert client.get(f"/api/v1/petitions/{petition.slug}").status_code == 404
    client.force_login(other_citizen)
    assert client.get(f"/en/petitions/{petition.slug}/").status_code == 404
    client.force_login(citizen)
    assert client.get(f"/en/petitions/{petition.slug}/").status_code == 200
    client.force_login(moderator)
    assert "Moderation" in client.get(f"/en/petitions/{petition.slug}/").content.decode()


def test_fifty_supporters_list_it_and_the_threshold_sends_it(citizen, make_user):
    services.rule_set(key=RuleKey.PARLIAMENT_PETITION_THRESHOLD, value=55, citation="test", actor=make_user("admin"))
    petition = PetitionFactory(author=citizen)
    _sign_all(petition, _signers(49))
    petition = services.petition_recount(petition_id=petition.pk)
    assert (petition.status, petition.signature_count) == (PetitionStatus.LINK_ONLY, 49)
    _sign_all(petition, _signers(1))
    petition = services.petition_recount(petition_id=petition.pk)
    assert petition.status == PetitionStatus.LISTED
    assert petition in selectors.petition_list()
    _sign_all(petition, _signers(5))
    petition = services.petition_recount(petition_id=petition.pk)
    assert petition.status == PetitionStatus.SENT
    calendar = kazakhstan_calendar()
    assert petition.answer_due == calendar.add_working_days(calendar.next_working_day(timezone.localdate()), 40)
    assert Notification.objects.filter(user=citizen, kind="petition.sent").exists()


def test_the_sweep_ends_petitions_that_missed_their_supporters_or_their_window(citizen):
    lonely = PetitionFactory(author=citizen)
    _sign_all(lonely, _signers(3))
    later = lonely.support_due + timedelta(days=1)
    done = services.petitions_sweep(today=later)
    assert done["not_supported"] >= 1
    lonely.refresh_from_db()
    assert lonely.status == PetitionStatus.NOT_SUPPORTED


def test_a_listed_petition_closes_when_its_window_ends(citizen):
    petition = PetitionFactory(author=citizen)
    _sign_all(petition, _signers(50))
    petition = services.petition_recount(petition_id=petition.pk)
    assert petition.status == PetitionStatus.LISTED
    services.petitions_sweep(today=petition.collect_until + timedelta(days=1))
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.CLOSED


def test_the_answer_is_published_and_opted_in_signers_are_told(citizen, make_user, clerk):
    services.rule_set(key=RuleKey.PARLIAMENT_PETITION_THRESHOLD, value=50, citation="test", actor=make_user("admin"))
    petition = PetitionFactory(author=citizen)
    signers = _signers(50)
    for i, user in enumerate(signers):
        services.petition_sign(petition=petition, actor=user, notify_me=i < 10)
    petition = services.petition_recount(petition_id=petition.pk)
    assert petition.status == PetitionStatus.SENT
    with pytest.raises(DomainError) as err:
        services.petition_answer(petition=petition, actor=signers[0], answer="I am not the addressee.")
    assert err.value.code == "not_addressee"
    petition = services.petition_answer(petition=petition, actor=clerk, answer="The Kurultai will hold a hearing.")
    assert petition.status == PetitionStatus.ANSWERED
    assert tasks.petition_notify_signers.call(petition.pk) == 10
    told = set(Notification.objects.filter(kind="petition.answered").values_list("user_id", flat=True))
    assert {u.pk for u in signers[:10]} <= told
    assert not {u.pk for u in signers[10:]} & told
    assert tasks.petition_notify_signers.call(petition.pk) == 0  # idempotent


def test_a_government_petition_is_answered_by_its_respondent(citizen, make_user):
    from kurultai.registry import services as registry

    petition = PetitionFactory(author=citizen, addressee_kind="government", stage="draft")
    assert petition.addressee_org is None  # the Government is not in the registry: clerks record its answer
    government = registry.organization_create(
        slug=services.GOVERNMENT_SLUG, names={"en": "Government"}, classification="state_body", actor=SYSTEM
    )
    petition = PetitionFactory(author=citizen, addressee_kind="government", stage="draft")
    assert petition.addressee_org == government
    respondent = make_user("government_respondent")
    assert not services.petition_answers(respondent, petition)
    services.responder_assign(user=respondent, organization=government, actor=SYSTEM)
    assert services.petition_answers(services.User.objects.get(pk=respondent.pk), petition)


def test_withdrawal_by_the_author_only(citizen, other_citizen):
    petition = PetitionFactory(author=citizen)
    with pytest.raises(DomainError) as err:
        services.petition_withdraw(petition=petition, actor=other_citizen)
    assert err.value.code == "not_author"
    assert services.petition_withdraw(petition=petition, actor=citizen).status == PetitionStatus.WITHDRAWN


def test_the_public_list_filters_and_sorts(client, citizen):
    a = PetitionFactory(author=citizen, category="health")
    b = PetitionFactory(author=citizen, category="transport")
    _sign_all(a, _signers(52))
    _sign_all(b, _signers(50))
    services.petition_recount(petition_id=a.pk)
    services.petition_recount(petition_id=b.pk)
    items = client.get("/api/v1/petitions?sort=popular&limit=500").json()["items"]
    ids = [p["id"] for p in items]
    assert ids.index(a.slug) < ids.index(b.slug)
    health = client.get("/api/v1/petitions?category=health&limit=500").json()["items"]
    assert a.slug in [p["id"] for p in health]
    assert b.slug not in [p["id"] for p in health]
    page = client.get("/en/petitions/?category=health")
    assert a.title in page.content.decode()


def test_api_creates_and_submits_a_petition(client, bearer, citizen):
    body = {
        "title": "Benches",
        "text": "More benches in parks.",
        "category": "local",
        "addressee_kind": "regional_akimat",
        "region": "KZ-75",
        "submit": True,
    }
    r = client.post("/api/v1/petitions", json.dumps(body), content_type="application/json", **bearer(citizen))
    assert r.status_code == 201
    assert r.json()["status"] == "moderation"
    assert r.json()["threshold"] == -(-Area.objects.get(identifier="KZ-75").population_best // 100)


def test_exact_count_is_always_derivable_from_the_signature_table(citizen):
    petition = PetitionFactory(author=citizen)
    _sign_all(petition, _signers(7))
    assert sum(selectors.signature_count_exact(petition).values()) == 7
    assert petition.signature_count == 0  # the background count has not run yet
    services.petition_recount(petition_id=petition.pk)
    petition.refresh_from_db()
    assert petition.signature_count == Signature.objects.filter(petition=petition).count() == 7
