"""The printable roll call of a vote (weasyprint): a real PDF naming every seated deputy."""

from __future__ import annotations

import io

import pytest

from kurultai.plenary import selectors
from kurultai.plenary.models import VoteEvent
from kurultai.plenary.selectors import DECIDED_VOTE_STATES

pypdf = pytest.importorskip("pypdf")


@pytest.fixture
def decided(db) -> VoteEvent:
    return VoteEvent.objects.filter(state__in=DECIDED_VOTE_STATES).order_by("closed_at").first()


def test_the_roll_call_as_pdf(client, decided) -> None:
    response = client.get(f"/ru/plenary/votes/{decided.slug}/roll-call.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    call = selectors.roll_call(decided)
    assert len(reader.pages) >= 2  # 145 deputies do not fit one A4 page
    assert "Поимённое голосование" in text
    missing = [r.person.name_ru for r in call.rows if r.person.name_ru not in text]
    assert missing == []


def test_kazakh_names_render(client, decided) -> None:
    response = client.get(f"/kk/plenary/votes/{decided.slug}/roll-call.pdf")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    names = [r.person.name_kk for r in selectors.roll_call(decided).rows]
    kazakh = [n for n in names if any(letter in n for letter in "әғқңөұүһі")]
    assert kazakh, "the demo has deputies with Kazakh letters in their names"
    assert all(" ".join(n.split()) in " ".join(text.split()) for n in kazakh[:20])


def test_the_vote_page_links_the_pdf_and_unknown_votes_are_404(client, decided) -> None:
    assert (
        f"/ru/plenary/votes/{decided.slug}/roll-call.pdf"
        in client.get(f"/ru/plenary/votes/{decided.slug}/").content.decode()
    )
    assert client.get("/ru/plenary/votes/no-such-vote/roll-call.pdf").status_code == 404
