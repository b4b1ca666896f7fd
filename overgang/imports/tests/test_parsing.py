import datetime as dt

import pytest

from overgang.imports.parsing import MAX_FILE_BYTES, ParseError, parse_upload, sniff_delimiter
from overgang.imports.tests.conftest import HEADERS, csv_bytes, xlsx_bytes

ROW = ["Anna Andersen", "0101804000", "alice", "01-10-2026", "", "", "", "", "", ""]


def test_it_reads_an_xlsx_with_real_dates_and_skips_empty_rows():
    content = xlsx_bytes(
        [["Anna Andersen", "0101804000", "alice", dt.datetime(2026, 10, 1)], [], [None, None]]
    )
    parsed = parse_upload("plan.xlsx", content)
    assert parsed.headers == HEADERS
    assert parsed.rows == [
        (2, ["Anna Andersen", "0101804000", "alice", "2026-10-01", "", "", "", "", "", ""])
    ]


def test_it_keeps_a_cpr_typed_as_a_number_as_digits():
    parsed = parse_upload("plan.xlsx", xlsx_bytes([["Bo Berg", 101804000, "alice", dt.date(2026, 10, 1)]]))
    assert parsed.rows[0][1][1] == "101804000"  # the leading zero is put back when rows are checked


@pytest.mark.parametrize("delimiter", [";", ","])
@pytest.mark.parametrize("bom", [False, True])
def test_it_reads_csv_with_either_delimiter_with_or_without_bom(delimiter, bom):
    parsed = parse_upload("plan.csv", csv_bytes([ROW], delimiter=delimiter, bom=bom))
    assert parsed.headers[0] == "Citizen"  # no BOM left on the first heading
    assert parsed.rows == [(2, ROW)]


def test_the_header_decides_the_delimiter():
    assert sniff_delimiter("Borger;CPR;Dato, start") == ";"
    assert sniff_delimiter("Citizen,CPR,Start") == ","


def test_it_refuses_csv_that_is_not_utf8():
    with pytest.raises(ParseError, match="UTF-8"):
        parse_upload("plan.csv", "Borger;CPR\nSøren;1\n".encode("cp1252"))


def test_it_refuses_a_broken_workbook_and_other_files():
    with pytest.raises(ParseError, match="Excel"):
        parse_upload("plan.xlsx", b"PK\x03\x04 not really a zip")
    with pytest.raises(ParseError, match="xlsx"):
        parse_upload("plan.pdf", b"%PDF-1.4")


def test_it_refuses_a_file_over_the_size_limit():
    with pytest.raises(ParseError, match="larger"):
        parse_upload("plan.csv", b"a" * (MAX_FILE_BYTES + 1))


def test_it_refuses_headings_without_rows():
    with pytest.raises(ParseError, match="no rows"):
        parse_upload("plan.csv", csv_bytes([]))
