"""Language identification, normalisation, stemming and stop words."""

from __future__ import annotations

import pytest

from kurultai.analytics import text


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("Ауылымызда мектеп салуды сұраймыз, балалар көрші ауылға барады.", "kk"),
        ("Просим построить школу в нашем селе, дети ездят в соседнее село.", "ru"),
        ("Please repair the road to our village, buses cannot pass in spring.", "en"),
        # Kazakh typed with a Latin "i" instead of "і", quoting a Russian term: still Kazakh.
        ("Бiздiң ауылда ЦОН жоқ, мемлекеттiк қызметтер алыс.", "kk"),
        # A Russian text quoting a Kazakh place name stays Russian.
        ("Прошу отремонтировать дорогу в селе Қарасу, проехать невозможно весной.", "ru"),
        ("", "ru"),
    ],
)
def test_detect(sample, expected):
    assert text.detect(sample) == expected


def test_language_shares_of_a_mixed_text():
    shares = text.language_shares("Құрметті депутаттар! Уважаемые депутаты, просим помочь.")
    assert shares["kk"] > 0
    assert shares["ru"] > 0
    assert abs(sum(shares.values()) - 1) < 1e-9


def test_normalise():
    assert text.normalise("ЁЛКА https://example.org/x Ёж") == "елка   еж"
    assert text.words("Бiз 2026 жылы — мектеп-интернат!") == ["біз", "жылы", "мектеп-интернат"]


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("мектептерімізде", "мектеп"),  # plural + possessive + locative
        ("жолдар", "жол"),  # plural
        ("ауылға", "ауыл"),  # dative
        ("балаларға", "бала"),  # plural + dative
        ("мектеп", "мектеп"),  # nothing to strip
        ("су", "су"),  # too short to strip
    ],
)
def test_kazakh_stem(word, stem):
    assert text.kazakh_stem(word) == stem


def test_russian_snowball_stem():
    assert text.stem("школы", "ru") == text.stem("школа", "ru") == "школ"


def test_stop_word_lists_are_repo_files():
    for lang in text.LANGUAGES:
        words = text.stop_words(lang)
        assert len(words) > 40
        assert all(w == w.lower() and " " not in w for w in words)
    assert "және" in text.stop_words("kk")
    assert "и" in text.stop_words("ru")


def test_tokens_drop_stop_words_and_stem_each_word_in_its_language():
    toks = text.tokens("Просим построить школы және мектептерді жөндеу")
    assert "и" not in toks
    assert "және" not in toks
    assert "школ" in toks
    assert "мектеп" in toks


def test_shingles():
    assert text.shingles("a b c d") == {"a b c", "b c d"}
    assert text.shingles("a b") == {"a b"}
    assert text.shingles("") == set()


def test_memoised_tokens_depend_on_the_text_language_only_where_they_should():
    # The same Cyrillic word without Kazakh letters: stemmed as Russian in a Russian (or English)
    # text, by the Kazakh suffix stripper in a Kazakh one; memoised answers stay the same.
    assert text.tagged_tokens("школами", "ru") == [(text.stem("школами", "ru"), "школами", "ru")]
    assert text.tagged_tokens("школами", "en") == [(text.stem("школами", "ru"), "школами", "ru")]
    assert text.tagged_tokens("школами", "kk") == [(text.kazakh_stem("школами"), "школами", "kk")]
    assert text.tokens("Школами школами ШКОЛАМИ", "ru") == [text.stem("школами", "ru")] * 3
    # Stop words, one-letter words and a Latin "i" inside a Cyrillic word (read as Kazakh "і").
    assert text.tokens("и в а", "ru") == []
    assert text.words("мектепiмiз") == ["мектепіміз"]
    assert text.tagged_tokens("", "kk") == []
