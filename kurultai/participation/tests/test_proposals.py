"""Proposals: addressees, support once, comments, similar suggestions while typing, who answers."""

from __future__ import annotations

import json

import pytest

from kurultai.accounts.permissions import SYSTEM
from kurultai.accounts.roles import Role
from kurultai.common.errors import DomainError
from kurultai.participation import selectors, services
from kurultai.participation.models import Notification, ProposalStatus
from kurultai.participation.tests.factories import ProposalFactory
from kurultai.registry.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties():
    return list(Organization.objects.filter(classification="party").order_by("slug"))


@pytest.fixture
def operator(make_user, parties):
    """A reception operator of the first party only."""
    user = make_user(Role.PARTY_OPERATOR)
    services.responder_assign(user=user, organization=parties[0], actor=SYSTEM)
    return services.User.objects.get(pk=user.pk)


def test_a_proposal_to_a_partys_reception_is_answered_by_that_partys_operator(citizen, parties, operator, make_user):
    mine = ProposalFactory(author=citizen, addressee_kind="party", addressee=parties[0].slug)
    theirs = ProposalFactory(author=citizen, addressee_kind="party", addressee=parties[1].slug)
    with pytest.raises(DomainError) as err:
        services.proposal_answer(proposal=theirs, actor=operator, answer="Not our party.")
    assert (err.value.status, err.value.code) == (403, "not_addressee")
    services.proposal_review(proposal=mine, actor=operator)
    answered = services.proposal_answer(proposal=mine, actor=operator, answer="It is in our programme.")
    assert answered.status == ProposalStatus.ANSWERED
    assert Notification.objects.filter(user=citizen, kind="proposal.answered").exists()
    # An operator link without the operator role does not answer.
    clerk = make_user(Role.CLERK)
    with pytest.raises(DomainError):
        services.responder_assign(user=clerk, organization=parties[1], actor=SYSTEM)


def test_proposals_to_the_kurultai_are_answered_by_clerks(citizen, clerk, committee, committee_staff):
    to_kurultai = ProposalFactory(author=citizen)
    assert services.proposal_answer(proposal=to_kurultai, actor=clerk, answer="Passed on.").status == "answered"
    to_committee = ProposalFactory(author=citizen, addressee_kind="committee", addressee=committee.slug)
    with pytest.raises(DomainError):
        services.proposal_answer(proposal=to_committee, actor=clerk, answer="Not the committee.")
    assert (
        services.proposal_answer(proposal=to_committee, actor=committee_staff, answer="Taken up.").status == "answered"
    )


def test_a_proposal_to_a_party_must_name_a_party(citizen):
    with pytest.raises(DomainError) as err:
        ProposalFactory(author=citizen, addressee_kind="party", addressee="committee-social")
    assert err.value.code == "invalid_addressee"


def test_support_once_and_by_verified_citizens(client, bearer, citizen, other_citizen, make_user):
    proposal = ProposalFactory(author=citizen)
    url = f"/api/v1/proposals/{proposal.slug}/supports"
    r = client.post(url, **bearer(other_citizen))
    assert (r.status_code, r.json()["supports"]) == (201, 1)
    again = client.post(url, **bearer(other_citizen))
    assert (again.status_code, again.json()["code"]) == (409, "already_supported")
    assert again.json()["supported_at"]
    assert client.post(url, **bearer(make_user())).json()["code"] == "not_verified"


def test_comments_are_plain_text_and_listed(client, bearer, citizen, other_citizen):
    proposal = ProposalFactory(author=citizen)
    r = client.post(
        f"/api/v1/proposals/{proposal.slug}/comments",
        json.dumps({"text": "<b>Agree</b><script>x</script>"}),
        content_type="application/json",
        **bearer(other_citizen),
    )
    assert r.status_code == 201
    assert r.json()["text"] == "Agree"
    items = client.get(f"/api/v1/proposals/{proposal.slug}/comments").json()["items"]
    assert [c["text"] for c in items] == ["Agree"]
    assert Notification.objects.filter(user=citizen, kind="proposal.comment").exists()


def test_similar_proposals_are_suggested(client, citizen):
    target = ProposalFactory(author=citizen, title="Publish open data about road accidents", body="A map of accidents.")
    ProposalFactory(author=citizen, title="Free Wi-Fi on trains", body="Suburban trains too.")
    found = selectors.proposals_similar("Open data on road accidents")
    assert found
    assert found[0] == target
    r = client.get("/en/proposals/similar/", {"title": "road accidents open data"}, HTTP_HX_REQUEST="true")
    assert target.title in r.content.decode()
    api = client.get("/api/v1/proposals/similar", {"title": "road accidents open data"}).json()
    assert api[0]["id"] == target.slug
    assert selectors.proposals_similar("ab") == []


def test_list_filters_sorts_and_counts(client, citizen, other_citizen, parties):
    popular = ProposalFactory(author=citizen, addressee_kind="party", addressee=parties[0].slug, category="finance")
    ProposalFactory(author=citizen, addressee_kind="party", addressee=parties[0].slug, category="finance")
    services.proposal_support(proposal=popular, actor=other_citizen)
    items = client.get(f"/api/v1/proposals?addressee_id={parties[0].slug}&category=finance&sort=popular").json()[
        "items"
    ]
    assert items[0]["id"] == popular.slug
    assert items[0]["supports"] == 1
    page = client.get("/en/proposals/", {"kind": "party", "sort": "newest"})
    assert page.status_code == 200
    assert popular.title in page.content.decode()


def test_withdrawal_by_the_author(citizen, other_citizen):
    proposal = ProposalFactory(author=citizen)
    with pytest.raises(DomainError):
        services.proposal_withdraw(proposal=proposal, actor=other_citizen)
    proposal = services.proposal_withdraw(proposal=proposal, actor=citizen)
    assert proposal.status == "withdrawn"
    with pytest.raises(DomainError):
        services.proposal_support(proposal=proposal, actor=other_citizen)


def test_the_proposal_form_suggests_while_typing(client, citizen):
    client.force_login(citizen)
    html = client.get("/en/proposals/new/").content.decode()
    assert 'hx-get="/en/proposals/similar/"' in html
    assert 'hx-trigger="input changed delay:500ms"' in html
