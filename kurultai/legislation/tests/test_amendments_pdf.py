"""The printable amendment table (weasyprint): a real PDF with the table's text, Cyrillic and Kazakh glyphs included."""

from __future__ import annotations

import io

import pytest

pypdf = pytest.importorskip("pypdf")
pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_amendment_table_as_pdf(client) -> None:
    response = client.get("/ru/bills/2026-12/amendments.pdf", {"text": "ru"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(_text(response.content).split())
    assert "Таблица поправок" in text
    assert "Петиция, набравшая не менее десяти тысяч подписей" in text


def test_kazakh_letters_survive_in_the_pdf(client) -> None:
    text = _text(client.get("/kk/bills/2026-12/amendments.pdf", {"text": "kk"}).content)
    assert any(letter in text for letter in "әғқңөұүһі")
    assert "Түзетулер кестесі" in text


def test_the_page_links_the_pdf_and_a_missing_bill_is_404(client) -> None:
    assert "/ru/bills/2026-12/amendments.pdf?text=" in client.get("/ru/bills/2026-12/amendments/").content.decode()
    assert client.get("/ru/bills/no-such-bill/amendments.pdf").status_code == 404
