import csv
import os
import re
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from trusts.models import Trust

pytestmark = pytest.mark.django_db

# The real NHS reference files, beside the repository unless WACHTER_DATA_DIR says otherwise.
REFERENCE_DATA_DIR = Path(os.environ.get("WACHTER_DATA_DIR", Path(__file__).parents[3] / "shared" / "data"))
ETR_2026 = REFERENCE_DATA_DIR / "ods" / "etr_2026-07.csv"
ETR_2025 = REFERENCE_DATA_DIR / "ods" / "etr_2025-h1.csv"
DERIVED = REFERENCE_DATA_DIR / "derived" / "trusts_england_2025.csv"


def import_trusts(*paths):
    out = StringIO()
    call_command("import_trusts", *[str(path) for path in paths], stdout=out)
    return out.getvalue()


def etr_rows(path=ETR_2026):
    with open(path, encoding="latin-1", newline="") as file:
        return list(csv.reader(file))


def write_etr(path, rows):
    with open(path, "w", encoding="latin-1", newline="") as file:
        csv.writer(file, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    return path


def write_headed(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_latest_etr_gives_the_199_open_english_trusts_and_keeps_closed_ones_inactive():
    output = import_trusts(ETR_2026)

    assert Trust.objects.active().count() == 199
    assert Trust.objects.count() == 271
    assert "271 trusts created" in output and "3 rows skipped" in output
    merged = Trust.objects.get(ods_code="RNK")
    assert merged.closed_on == date(2026, 3, 31)
    assert not merged.is_active


def test_welsh_and_region_less_rows_are_skipped():
    import_trusts(ETR_2025)

    assert not Trust.objects.filter(ods_code__in=["RQF", "RT4", "RYT"]).exists()
    assert Trust.objects.active().count() == 202


def test_names_with_commas_inside_quotes_are_read_whole():
    import_trusts(ETR_2026)

    assert (
        Trust.objects.get(ods_code="RRF").name
        == "WRIGHTINGTON, WIGAN AND LEIGH TEACHING HOSPITALS NHS FOUNDATION TRUST"
    )


def test_etr_and_derived_table_together_enrich_matching_trusts():
    import_trusts(ETR_2026, DERIVED)

    manchester = Trust.objects.get(ods_code="R0A")
    assert manchester.name == "MANCHESTER UNIVERSITY NHS FOUNDATION TRUST"
    assert manchester.region_id == "Y62"
    assert manchester.trust_type == "acute"
    assert manchester.staff_fte == Decimal("17975.7")
    assert manchester.opened_on == date(2017, 10, 1)
    assert manchester.digital_exemplar == "none"
    assert manchester.epr_supplier == "Epic Systems Corporation"
    assert Trust.objects.get(ods_code="RGT").digital_exemplar == "global_digital_exemplar"
    assert Trust.objects.get(ods_code="RXT").digital_exemplar == "global_digital_exemplar"
    assert Trust.objects.get(ods_code="RD8").digital_exemplar == "fast_follower"


def test_beside_an_etr_file_the_headed_table_enriches_and_adds_no_trust():
    import_trusts(ETR_2026, DERIVED)

    assert not Trust.objects.filter(ods_code__in=["TAD", "TAH", "TAJ"]).exists()
    assert Trust.objects.active().count() == 199


def test_a_headed_table_alone_adds_the_trusts_it_lists():
    import_trusts(DERIVED)

    bradford = Trust.objects.get(ods_code="TAD")
    assert (bradford.region_id, bradford.trust_type, bradford.is_active) == (
        "Y63",
        "mental_health_and_community",
        True,
    )
    assert Trust.objects.count() == 205


def test_a_blank_cell_in_the_headed_table_states_nothing():
    import_trusts(ETR_2026, DERIVED)

    north_london = Trust.objects.get(ods_code="G6V2S")
    assert north_london.trust_type == "other"
    assert north_london.staff_fte is None
    assert north_london.epr_supplier == ""


def test_24_field_etr_imports_like_the_27_field_one(tmp_path):
    short = write_etr(tmp_path / "etr24.csv", [row[:24] for row in etr_rows()])

    import_trusts(short)

    assert Trust.objects.active().count() == 199
    assert Trust.objects.get(ods_code="RNK").closed_on == date(2026, 3, 31)


def test_second_identical_import_changes_nothing():
    first = import_trusts(ETR_2026, DERIVED)
    trusts_before = Trust.objects.count()
    history_before = Trust.history.count()

    second = import_trusts(ETR_2026, DERIVED)

    assert "271 trusts created" in first
    assert "0 trusts created, 0 updated, 271 unchanged" in second
    assert Trust.objects.count() == trusts_before
    assert Trust.history.count() == history_before


def test_reimport_updates_in_place(tmp_path):
    import_trusts(ETR_2026)
    rows = etr_rows()
    renamed = [[*row[:1], "RENAMED TRUST", *row[2:]] if row[0] == "R0A" else row for row in rows]

    output = import_trusts(write_etr(tmp_path / "renamed.csv", renamed))

    assert "0 trusts created, 1 updated" in output
    assert Trust.objects.filter(ods_code="R0A").get().name == "RENAMED TRUST"
    assert Trust.objects.count() == 271


def test_etr_never_overwrites_what_the_headed_table_set(tmp_path):
    headed = write_headed(
        tmp_path / "curated.csv",
        "ods_code,name,region,opened_on\nR0A,MANCHESTER CURATED,Y56,2017-10-02\n",
    )
    import_trusts(headed)

    import_trusts(ETR_2026)

    manchester = Trust.objects.get(ods_code="R0A")
    assert (manchester.name, manchester.region_id, manchester.opened_on) == (
        "MANCHESTER CURATED",
        "Y56",
        date(2017, 10, 2),
    )


def test_etr_still_closes_a_trust_the_headed_table_set():
    import_trusts(DERIVED, ETR_2026)

    merged = Trust.objects.get(ods_code="RNK")
    assert merged.curated_fields
    assert merged.closed_on == date(2026, 3, 31)
    assert not merged.is_active


@pytest.fixture
def good_etr(tmp_path):
    return write_etr(tmp_path / "good.csv", etr_rows(ETR_2025)[:20])


def bad_etr(tmp_path, line, index, value):
    rows = etr_rows()[:5]
    rows[line - 1][index] = value
    return write_etr(tmp_path / "bad.csv", rows)


@pytest.mark.parametrize(
    ("index", "value", "reason"),
    [
        (11, "20241331", "close date '20241331' is not a date"),
        (0, "r0a", "ods_code: An ODS code is 3 or 5 capital letters and digits"),
        (2, "Y99", "unknown region code 'Y99'"),
        (1, "", "name: This field cannot be blank."),
        (11, "19900101", "closed_on: A trust cannot close before it opened."),
    ],
)
def test_a_bad_etr_row_refuses_the_whole_import(tmp_path, good_etr, index, value, reason):
    bad = bad_etr(tmp_path, 3, index, value)

    with pytest.raises(CommandError) as refused:
        import_trusts(good_etr, bad)

    assert f"{bad}, line 3: {reason}" in str(refused.value)
    assert "nothing was imported" in str(refused.value)
    assert Trust.objects.count() == 0


def test_an_etr_row_with_the_wrong_field_count_is_refused(tmp_path):
    rows = etr_rows()[:4]
    rows[1] = rows[1][:25]
    bad = write_etr(tmp_path / "bad.csv", rows)

    with pytest.raises(CommandError, match=r"line 2: has 25 fields; an ODS etr row has 24 or 27"):
        import_trusts(bad)
    assert Trust.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("RGT,CAMBRIDGE,Y61,hospital,1.0", "trust_type: Value 'hospital' is not a valid choice."),
        ("RGT,CAMBRIDGE,Y61,acute,-5", "staff_fte: Ensure this value is greater than or equal to 0."),
        ("RGT,CAMBRIDGE,Y61,acute,many", "staff_fte 'many' is not a number"),
    ],
)
def test_a_bad_headed_row_refuses_the_whole_import(tmp_path, good_etr, row, reason):
    headed = write_headed(
        tmp_path / "bad.csv",
        f"ods_code,name,region,trust_type,staff_fte\nRDE,COLCHESTER,Y61,acute,10.0\n{row}\n",
    )

    with pytest.raises(CommandError, match=re.escape(f"line 3: {reason}")):
        import_trusts(good_etr, headed)
    assert Trust.objects.count() == 0


def test_a_headed_file_without_a_region_column_is_refused(tmp_path):
    headed = write_headed(tmp_path / "bad.csv", "ods_code,name\nRGT,CAMBRIDGE\n")

    with pytest.raises(CommandError, match="the header has no region column"):
        import_trusts(headed)


def test_a_missing_file_is_refused_by_name(tmp_path, good_etr):
    with pytest.raises(CommandError, match="nowhere.csv: No such file or directory"):
        import_trusts(good_etr, tmp_path / "nowhere.csv")
    assert Trust.objects.count() == 0


def test_an_empty_file_is_refused(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="the file has no trusts in it"):
        import_trusts(empty)
    assert not Trust.objects.exists()
