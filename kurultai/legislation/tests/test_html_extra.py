"""The additive ``extra`` hook of the core's ``to_html``: trusted HTML after a provision's own text."""

from __future__ import annotations

from kurultai.legislation import demo_texts
from kurultai.legislation.akn import to_html


def test_extra_html_goes_after_the_provisions_own_text_and_before_its_children():
    document = demo_texts.load("e_petitions", "ru")
    html = to_html(document, extra={"chp_2__art_3": "<p class=x>ART</p>", "chp_2__art_3__para_1": "<p class=x>P1</p>"})
    article = html.index('id="chp_2__art_3"')
    first_paragraph = html.index('id="chp_2__art_3__para_1"')
    assert article < html.index("<p class=x>ART</p>") < first_paragraph
    assert first_paragraph < html.index("<p class=x>P1</p>") < html.index('id="chp_2__art_3__para_1__point_1"')
    assert to_html(document, extra={}) == to_html(document)
