"""The privacy pages speak kk, ru and en (catalogues: kurultai/tests/test_app_catalogues.py)."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "text"),
    [("kk", "Деректерімді жүктеп алу"), ("ru", "Скачать мои данные"), ("en", "Download my data")],
)
def test_my_data_page_speaks_the_language(client, lang, text):
    from kurultai.accounts.services import user_create

    client.force_login(user_create(username=f"sec-i18n-{lang}", password=None))
    assert text in client.get(f"/{lang}/me/data/").content.decode()
