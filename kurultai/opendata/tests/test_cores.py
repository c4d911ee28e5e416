"""The pure cores: the DCAT catalogue and the search query language (no database)."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from kurultai.opendata import catalogue as cat
from kurultai.opendata import query as q


def test_a_distribution_names_its_file_size_and_checksum(tmp_path):
    (tmp_path / "csv").mkdir()
    (tmp_path / "csv" / "a.csv").write_text("id\n1\n", encoding="utf-8")
    d = cat.describe(tmp_path, "csv/a.csv", title="A", description="d", modified="2026-01-01T00:00:00Z")
    assert d.byte_size == 5
    assert d.sha256 == hashlib.sha256(b"id\n1\n").hexdigest()
    assert d.media_type == "text/csv"
    doc = cat.catalogue([d], title="T", description="D", licence=cat.CC_BY_4, publisher="P", issued="x")
    entry = doc["distribution"][0]
    assert entry["path"] == "csv/a.csv"
    assert entry["license"] == cat.CC_BY_4
    assert cat.verify(tmp_path, doc) == []
    (tmp_path / "csv" / "a.csv").write_text("id\n2\n", encoding="utf-8")
    assert cat.verify(tmp_path, doc) == ["csv/a.csv"]


def test_a_path_outside_the_export_is_refused(tmp_path):
    (tmp_path / "x").write_text("1")
    try:
        cat.describe(tmp_path / "sub", "../x", title="", description="", modified="")
    except (ValueError, FileNotFoundError):
        return
    raise AssertionError("a path leaving the directory was accepted")


def test_tokens_keep_letters_of_every_script():
    assert q.tokens("Әбдірахманов, Ахметов-Kim 2026") == ["әбдірахманов", "ахметов", "kim", "2026"]
    assert q.tokens("  ;;  ") == []


def test_a_misspelt_name_is_corrected_and_a_prefix_is_not():
    vocab = {"ахметов", "сейтқали", "абдрахманова"}
    assert q.corrections("ахмедов", vocab) == ["ахметов"]
    assert q.corrections("ахме", vocab) == []  # already a prefix
    assert q.corrections("абд", vocab) == []  # too short to correct
    assert q.corrections("абдрахманво", vocab) == ["абдрахманова"]


def test_match_expressions_are_prefix_queries():
    terms = [q.Term("ахмедов", ("ахметов",)), q.Term('за"кон')]
    assert q.fts5_match(terms) == '("ахмедов"* OR "ахметов"*) AND ("закон"*)'
    # PostgreSQL: the Russian Snowball stems (what the russian configuration indexes) as
    # prefixes; each covers its word, so the word itself is dropped.
    assert q.tsquery(terms) == "(ахмед:* | ахмет:*) & (закон:*)"


def test_snippets_escape_html_and_mark_the_matched_words():
    html = q.snippet("A <b>law</b> on petitions and petitioners", [q.Term("petition")])
    assert "<b>" not in html
    assert "&lt;b&gt;" in html
    assert html.count("<mark>") == 2


@given(st.text(max_size=300), st.text(max_size=20))
def test_a_snippet_is_always_safe(text, word):
    html = q.snippet(text, [q.Term(w) for w in q.tokens(word)])
    stripped = html.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in stripped
    assert ">" not in stripped


@given(st.text(alphabet="абвгдеж", max_size=8), st.text(alphabet="абвгдеж", max_size=8))
def test_edit_distance_is_symmetric_and_bounded(a, b):
    limit = 2
    assert q.edit_distance(a, b, limit) == q.edit_distance(b, a, limit)
    assert (q.edit_distance(a, b, limit) == 0) == (a == b)
