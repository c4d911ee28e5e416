"""An existing proposal is suggested when a citizen types a near-copy of it: MinHash LSH over every
proposal (kurultai.common.minhash), kept fresh as proposals are filed."""

from __future__ import annotations

import pytest

from kurultai.participation import selectors, services
from kurultai.participation.tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db

TITLE = "Построить пешеходный мост через реку Есиль в районе Сарыарка"
BODY = (
    "Жители района Сарыарка каждый день переходят реку по временному понтону, который весной "
    "закрывают на месяц. Просим включить строительство постоянного пешеходного моста с освещением "
    "и пандусами в план развития города на следующий год и провести общественные слушания."
)


def test_a_near_copy_of_an_existing_proposal_is_suggested(client, citizen):
    target = ProposalFactory(author=citizen, title=TITLE, body=BODY)
    ProposalFactory(author=citizen, title="Бесплатный Wi-Fi в электричках", body="И в пригородных поездах тоже.")
    # Pasted with other capitals and punctuation, one word changed.
    typed = BODY.upper().replace("месяц", "две недели").replace(",", "")
    near = selectors.proposals_near_copies(TITLE.lower(), typed)
    assert [slug for slug, _score in near] == [target.slug]
    assert near[0][1] >= 0.8
    assert selectors.proposals_similar(TITLE.lower(), typed)[0] == target
    api = client.get("/api/v1/proposals/similar", {"title": TITLE.lower(), "text": typed}).json()
    assert api[0]["id"] == target.slug
    page = client.get("/ru/proposals/similar/", {"title": TITLE.lower(), "text": typed}, HTTP_HX_REQUEST="true")
    assert target.title in page.content.decode()


def test_an_unrelated_or_short_text_finds_no_near_copy(citizen):
    ProposalFactory(author=citizen, title=TITLE, body=BODY)
    assert selectors.proposals_near_copies("Отремонтировать школу", "Крыша школы протекает уже третий год.") == []
    assert selectors.proposals_near_copies("", "") == []
    assert selectors.proposals_similar("ab") == []


def test_the_index_follows_new_and_withdrawn_proposals(citizen):
    assert selectors.proposals_near_copies(TITLE, BODY) == []
    # Filed after the index was built: the next query picks it up.
    target = ProposalFactory(author=citizen, title=TITLE, body=BODY)
    assert [slug for slug, _s in selectors.proposals_near_copies(TITLE, BODY)] == [target.slug]
    # The proposal being edited is not suggested to itself.
    assert target not in selectors.proposals_similar(TITLE, BODY, exclude=target.slug)
    services.proposal_withdraw(proposal=target, actor=citizen)
    assert target not in selectors.proposals_similar(TITLE, BODY)
