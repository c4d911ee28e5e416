"""Pure cores: text cleaning, file sniffing, similarity, the region tile map."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kurultai.participation import regionmap, similarity, text


def test_plain_text_drops_markup_scripts_and_control_characters():
    raw = "Hello <b>world</b><script>alert(1)</script>\r\n<img src=x onerror=alert(1)>\x00\x07Line 2\n\n\n\nEnd  "
    assert text.plain_text(raw) == "Hello world\nLine 2\n\nEnd"


def test_plain_text_keeps_kazakh_and_russian_and_ampersands():
    assert text.plain_text("Әділет & закон < 5") == "Әділет & закон < 5"


def test_sniff_knows_pdf_png_and_jpeg_by_content():
    assert text.sniff(b"%PDF-1.7\n").content_type == "application/pdf"
    assert text.sniff(b"\x89PNG\r\n\x1a\n....").content_type == "image/png"
    assert text.sniff(b"\xff\xd8\xff\xe0").content_type == "image/jpeg"
    assert text.sniff(b"MZ\x90\x00") is None
    assert text.sniff(b"<html>") is None


def test_safe_filename():
    pdf = text.sniff(b"%PDF-")
    assert pdf is not None
    assert text.safe_filename("../../etc/passwd", pdf) == "passwd.pdf"
    assert text.safe_filename("C:\\Users\\me\\скан паспорта (1).jpg", pdf) == "скан паспорта_1.pdf"
    assert text.safe_filename("<script>.pdf", pdf) == "script.pdf"
    assert text.safe_filename("\x00\x01", pdf) == "attachment.pdf"
    assert len(text.safe_filename("a" * 500 + ".pdf", pdf)) == 100


@given(st.text(max_size=200))
def test_safe_filenames_have_no_path_or_control_characters(name):
    png = text.sniff(b"\x89PNG\r\n\x1a\n")
    assert png is not None
    cleaned = text.safe_filename(name, png)
    assert cleaned.endswith(".png")
    assert "/" not in cleaned
    assert "\\" not in cleaned
    assert not any(ord(c) < 32 for c in cleaned)
    assert not cleaned.startswith(".")


def test_similarity_finds_the_same_proposal_in_other_words():
    query = "Open data on road accidents"
    candidates = [
        ("a", "Publish open data about road accidents on a map"),
        ("b", "Free Wi-Fi in suburban trains"),
        ("c", "Tax deduction for sports"),
    ]
    matches = similarity.rank(query, candidates)
    assert [m.key for m in matches] == ["a"]
    assert similarity.similarity("Бесплатный Wi-Fi в поездах", "бесплатный wi-fi в поездах!") == 1.0


@given(st.text(max_size=60), st.text(max_size=60))
def test_similarity_is_symmetric_and_bounded(a, b):
    s = similarity.similarity(a, b)
    assert 0.0 <= s <= 1.0
    assert s == similarity.similarity(b, a)


def test_tile_map_has_the_twenty_regions_and_shares():
    counts = {"KZ-75": 30, "KZ-71": 10}
    tiles = regionmap.tile_map(counts, {"KZ-75": "Almaty"})
    assert len(tiles.tiles) == 20
    assert tiles.total == 40
    by_code = {t.code: t for t in tiles.tiles}
    assert by_code["KZ-75"].share == "75.0"
    assert by_code["KZ-75"].fill == regionmap.PALETTE[-1][0]
    assert by_code["KZ-10"].count == 0
    assert by_code["KZ-10"].fill == regionmap.PALETTE[0][0]
    assert len({(t.x, t.y) for t in tiles.tiles}) == 20
