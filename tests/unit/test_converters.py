"""Type converters: each documented type on real-world strings, and clean errors otherwise."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.errors import FieldValueError
from extractor.extract.converters import CONVERTERS, convert

BASE = "https://www.example.com/news/a/b.html"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Rp 26.500", 26500), ("Rp 1.250.000", 1250000), ("Stok 12", 12), ("12 likes", 12), ("\u22125 \u00b0C", -5), ("1,234", 1234)],
)
def test_int_keeps_the_digits(raw: str, expected: int) -> None:
    assert convert(raw, "int", BASE) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("4,5 / 5", 4.5), ("1.234,56", 1234.56), ("1,234.56", 1234.56), ("3.75", 3.75), ("0,250", 0.25), ("Rp 1.250.000", 1250000.0), ("Rp 26.500", 26500.0), ("IDR 26.500,50", 26500.5)],
)
def test_float_reads_both_decimal_conventions(raw: str, expected: float) -> None:
    assert convert(raw, "float", BASE) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("/shops/x?ref=1", "https://www.example.com/shops/x?ref=1"),
        ("img/a.jpg", "https://www.example.com/news/a/img/a.jpg"),
        ("//cdn.example.net/v.mp4", "https://cdn.example.net/v.mp4"),
        ("  https://other.org/x  ", "https://other.org/x"),
    ],
)
def test_url_is_made_absolute(raw: str, expected: str) -> None:
    assert convert(raw, "url", BASE) == expected


@pytest.mark.parametrize("raw", ["javascript:void(0)", "mailto:a@b.c", "data:text/html,hi"])
def test_url_refuses_non_web_schemes(raw: str) -> None:
    with pytest.raises(FieldValueError, match="not a web URL"):
        convert(raw, "url", BASE)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-12-01T14:15:00+07:00", "2024-12-01T14:15:00+07:00"),
        ("2024-12-01T07:15:00Z", "2024-12-01T07:15:00+00:00"),
        ("Minggu, 01/12/2024 14:05 WIB", "2024-12-01T14:05:00+07:00"),
        ("Selasa, 03 Des 2024 09:30 WITA", "2024-12-03T09:30:00+08:00"),
        ("Sun, 01 Dec 2024 07:05:00 GMT", "2024-12-01T07:05:00+00:00"),
        ("1 Des 2024", "2024-12-01T00:00:00"),
        ("December 1, 2024", "2024-12-01T00:00:00"),
        # other languages: the day, by htmldate's patterns, with words around it
        ("13. Januar 2014", "2014-01-13T00:00:00"),
        ("Erstellt am Dienstag 6. Mai 2014 um 23:30", "2014-05-06T00:00:00"),
        ("Aktualisiert: 30.12.2016", "2016-12-30T00:00:00"),
        ("le 12 mars 2019", "2019-03-12T00:00:00"),
    ],
)
def test_datetime_is_iso_and_keeps_the_offset(raw: str, expected: str) -> None:
    assert convert(raw, "datetime", BASE) == expected


def test_bad_values_name_the_raw_value() -> None:
    with pytest.raises(FieldValueError) as caught:
        convert("tidak tersedia", "int", BASE)
    assert caught.value.raw == "tidak tersedia"
    with pytest.raises(FieldValueError, match="not a date"):
        convert("kapan-kapan", "datetime", BASE)


def test_text_collapses_whitespace() -> None:
    assert convert("  Kopi \n\t Gayo\u00a0 Arabika ", "text", BASE) == "Kopi Gayo Arabika"


@given(st.text(max_size=60), st.sampled_from(sorted(CONVERTERS)))
def test_any_input_gives_a_value_or_a_clean_error(raw: str, type_: str) -> None:
    with contextlib.suppress(FieldValueError):
        convert(raw, type_, BASE)
