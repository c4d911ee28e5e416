"""The IIN core: contract vectors, the checksum's two weightings, and its laws."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kurultai.accounts.iin import IINReason, Sex, check_digit, iin_hash, make_iin, validate_iin

# ../shared/tools/contracts-data/iin_cases.json, copied so the suite runs from a bare clone;
# `kurultai iin check` answers the same vectors in the contract checker.
CONTRACT_VALID = [
    ("061211600012", date(2006, 12, 11), "F"),
    ("800730300422", date(1980, 7, 30), "M"),
]
CONTRACT_INVALID = [
    ("061211600013", IINReason.CHECKSUM),
    ("990230111117", IINReason.DATE),
    ("06121160001", IINReason.LENGTH),
    ("0612116000AB", IINReason.NOT_DIGITS),
]

FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def weighted(first_eleven: str, weights: tuple[int, ...]) -> int:
    return sum(w * int(c) for w, c in zip(weights, first_eleven, strict=True)) % 11


@pytest.mark.parametrize(("iin", "birth_date", "sex"), CONTRACT_VALID)
def test_contract_valid(iin: str, birth_date: date, sex: str) -> None:
    result = validate_iin(iin)
    assert result.valid
    assert result.birth_date == birth_date
    assert result.sex == sex
    assert result.reason is None


@pytest.mark.parametrize(("iin", "reason"), CONTRACT_INVALID)
def test_contract_invalid(iin: str, reason: IINReason) -> None:
    result = validate_iin(iin)
    assert not result.valid
    assert result.reason == reason
    assert result.birth_date is None
    assert result.sex is None


@pytest.mark.parametrize(
    ("iin", "reason"),
    [
        ("", IINReason.LENGTH),
        ("8007303004220", IINReason.LENGTH),
        # Length is judged first, so a short string with letters is a length error.
        ("80073030042A0", IINReason.LENGTH),
        (" 80073030042", IINReason.NOT_DIGITS),
        ("80073030042-", IINReason.NOT_DIGITS),
        # Arabic-Indic and full-width digits pass str.isdigit() but are not an IIN.
        ("".join(chr(0x0660 + int(c)) for c in "800730300422"), IINReason.NOT_DIGITS),
        ("".join(chr(0xFF10 + int(c)) for c in "800730300422"), IINReason.NOT_DIGITS),
    ],
)
def test_malformed(iin: str, reason: IINReason) -> None:
    assert validate_iin(iin).reason == reason


@pytest.mark.parametrize("digit", ["0", "7", "8", "9"])
def test_century_digit_outside_1_to_6(digit: str) -> None:
    assert validate_iin(f"800730{digit}00422").reason == IINReason.CENTURY


@pytest.mark.parametrize(
    ("century_sex", "birth_date", "sex"),
    [
        ("1", date(1880, 7, 30), "M"),
        ("2", date(1880, 7, 30), "F"),
        ("3", date(1980, 7, 30), "M"),
        ("4", date(1980, 7, 30), "F"),
        ("5", date(2080, 7, 30), "M"),
        ("6", date(2080, 7, 30), "F"),
    ],
)
def test_century_and_sex_digit(century_sex: str, birth_date: date, sex: str) -> None:
    first_eleven = f"800730{century_sex}0042"
    result = validate_iin(f"{first_eleven}{check_digit(first_eleven)}")
    assert (result.valid, result.birth_date, result.sex) == (True, birth_date, sex)


@pytest.mark.parametrize(
    ("iin", "birth_date"),
    [
        ("000229600014", date(2000, 2, 29)),  # 2000 is a leap year (divisible by 400)
        ("960229300014", date(1996, 2, 29)),
    ],
)
def test_feb_29_in_leap_years(iin: str, birth_date: date) -> None:
    assert validate_iin(iin).birth_date == birth_date


@pytest.mark.parametrize(
    "iin",
    [
        "000229300015",  # 1900 is not a leap year (divisible by 100, not 400)
        "000229100015",  # nor is 1800
        "970229300016",
        "800732300422",
        "801330300422",
        "800030300422",
        "800700300422",
    ],
)
def test_impossible_birth_dates(iin: str) -> None:
    assert validate_iin(iin).reason == IINReason.DATE


def test_fallback_weights_when_first_sum_is_10() -> None:
    first_eleven = "80073030070"
    assert weighted(first_eleven, FIRST_WEIGHTS) == 10
    assert weighted(first_eleven, SECOND_WEIGHTS) == 0
    assert check_digit(first_eleven) == 0
    assert validate_iin("800730300700").valid
    # The first sum's remainder, 10, is not the check digit: it only sends us to the second weights.
    assert validate_iin("800730300701").reason == IINReason.CHECKSUM


@pytest.mark.parametrize("last", list("0123456789"))
def test_no_check_digit_when_both_sums_are_10(last: str) -> None:
    first_eleven = "80073030075"
    assert weighted(first_eleven, FIRST_WEIGHTS) == 10
    assert weighted(first_eleven, SECOND_WEIGHTS) == 10
    assert check_digit(first_eleven) is None
    assert validate_iin(f"{first_eleven}{last}").reason == IINReason.CHECKSUM


def test_future_birth_date_when_today_given() -> None:
    assert validate_iin("800730300422", today=date(1980, 7, 29)).reason == IINReason.FUTURE
    assert validate_iin("800730300422", today=date(1980, 7, 30)).valid
    # Without a today the core cannot know the date, so it does not judge the future.
    assert validate_iin(make_iin(date(2090, 1, 1), "F", 1)).valid


def test_every_outcome_has_a_sentence() -> None:
    outcomes = [validate_iin("800730300422"), *(validate_iin(iin) for iin, _ in CONTRACT_INVALID)]
    assert all(r.message.endswith(".") for r in outcomes)
    assert len({r.message for r in outcomes}) == len(outcomes)


def test_make_iin_skips_a_serial_without_check_digit() -> None:
    assert make_iin(date(1980, 7, 30), "M", 75) == "800730300761"


def test_make_iin_keeps_a_serial_with_check_digit() -> None:
    assert make_iin(date(1980, 7, 30), "M", 42) == "800730300422"
    assert make_iin(date(2006, 12, 11), "F", 1) == "061211600012"


def test_make_iin_wraps_after_serial_9999() -> None:
    assert check_digit("90032239999") is None
    assert make_iin(date(1990, 3, 22), "M", 9999) == "900322300009"


@pytest.mark.parametrize(
    ("birth_date", "sex", "serial"),
    [
        (date(1799, 12, 31), "M", 1),
        (date(2100, 1, 1), "M", 1),
        (date(1980, 7, 30), "X", 1),
        (date(1980, 7, 30), "M", -1),
        (date(1980, 7, 30), "M", 10_000),
    ],
)
def test_make_iin_refuses_what_an_iin_cannot_encode(birth_date: date, sex: str, serial: int) -> None:
    with pytest.raises(ValueError, match=r"IIN|Sex|serial"):
        make_iin(birth_date, sex, serial)  # type: ignore[arg-type]


def test_iin_hash_is_hmac_sha256_hex() -> None:
    digest = iin_hash("800730300422", key=b"test-key")
    assert digest == "b57a9ec3b3575e1fbb89ec098e0408aaf9402fbb47a0e1af4adaf7e5168511d8"
    assert digest == hmac.new(b"test-key", b"800730300422", hashlib.sha256).hexdigest()
    assert iin_hash("800730300422", key=b"other-key") != digest
    assert iin_hash("061211600012", key=b"test-key") != digest


def test_iin_hash_refuses_an_empty_key() -> None:
    with pytest.raises(ValueError, match="key"):
        iin_hash("800730300422", key=b"")


birth_dates = st.dates(min_value=date(1800, 1, 1), max_value=date(2099, 12, 31))
sexes: st.SearchStrategy[Sex] = st.sampled_from(["M", "F"])
serials = st.integers(min_value=0, max_value=9999)


@given(birth_dates, sexes, serials)
def test_make_iin_validates_and_roundtrips(birth_date: date, sex: Sex, serial: int) -> None:
    iin = make_iin(birth_date, sex, serial)
    result = validate_iin(iin)
    assert (result.valid, result.birth_date, result.sex) == (True, birth_date, sex)


@given(birth_dates, sexes, serials, st.integers(min_value=1, max_value=9))
def test_a_wrong_check_digit_is_always_caught(birth_date: date, sex: Sex, serial: int, shift: int) -> None:
    iin = make_iin(birth_date, sex, serial)
    wrong = f"{iin[:11]}{(int(iin[11]) + shift) % 10}"
    assert validate_iin(wrong).reason == IINReason.CHECKSUM


@given(st.text(max_size=14))
def test_any_text_gets_an_answer_not_an_exception(text: str) -> None:
    result = validate_iin(text)
    assert result.valid == (result.reason is None)
    assert result.valid == (result.birth_date is not None)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_any_twelve_digits_validity_matches_the_checksum(iin: str) -> None:
    result = validate_iin(iin)
    expected = check_digit(iin[:11])
    assert result.valid <= (expected == int(iin[11]))
