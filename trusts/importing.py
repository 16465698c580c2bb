"""Importing NHS trusts (SPEC §7) from the ODS etr.csv layout and from headed reference tables.

Each file's layout is detected from its first row. An etr file states a trust's name, region and
dates; a headed table may also state its type, staff FTE, digital-exemplar role and EPR supplier, and the
fields it states become *curated*: a later etr import leaves them alone. Rows are validated by
the Trust model itself, so the import and every other way in share one set of rules.
"""

import codecs
import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, Protocol

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Field
from django.utils import timezone

from .models import DigitalExemplar, Region, Trust
from .querysets import is_open_on

SKIPPED_REGIONS = {"", "W00"}  # region-less rows, and Wales (not NHS England's)
MAX_REPORTED_PROBLEMS = 20


class RowProblem(Exception):
    """Why one row (or a whole file, before its first row) cannot be imported."""


class TrustImportError(Exception):
    """The import was refused, and nothing imported, because of these problems."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:MAX_REPORTED_PROBLEMS]
        more = len(problems) - len(shown)
        lines = ["Import refused; nothing was imported:", *shown] + ([f"... and {more} more"] if more else [])
        super().__init__("\n".join(lines))


def parse_date(text: str) -> date | None:
    """An ODS date (YYYYMMDD) or an ISO one (YYYY-MM-DD); empty means none."""
    if not text:
        return None
    for pattern in ("%Y%m%d", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError("not a date (expected YYYYMMDD)")


def parse_fte(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError("not a number") from None


def exemplar_from_programme_role(text: str) -> str:
    """'acute_gde_wave1_2016' -> GDE; 'fast_follower:RQ6' -> fast follower; anything else none."""
    role = text.lower()
    if "gde" in role:
        return DigitalExemplar.GLOBAL_DIGITAL_EXEMPLAR
    if role.startswith("fast_follower"):
        return DigitalExemplar.FAST_FOLLOWER
    return DigitalExemplar.NONE


def as_given(text: str) -> str:
    return text


Values = dict[str, Any]
Records = Iterator[tuple[int, list[str]]]


class Layout(Protocol):
    curated: bool

    def parse(self, fields: list[str]) -> Values | None: ...


class EtrLayout:
    """The ODS etr.csv layout: no header, 24 or 27 fields (the last 3 are newer)."""

    curated = False
    field_counts = (24, 27)

    def parse(self, fields: list[str]) -> Values | None:
        if len(fields) not in self.field_counts:
            raise RowProblem(f"has {len(fields)} fields; an ODS etr row has 24 or 27")
        fields = [field.strip() for field in fields]
        if fields[2] in SKIPPED_REGIONS:
            return None
        return {
            "ods_code": fields[0],
            "name": fields[1],
            "region": fields[2],
            "opened_on": parse_cell("open date", fields[10], parse_date),
            "closed_on": parse_cell("close date", fields[11], parse_date),
        }


# (model field, header name or pattern, parser); the first column present serves each field.
HEADED_COLUMNS: list[tuple[str, str, Callable[[str], Any]]] = [
    ("ods_code", "ods_code", as_given),
    ("name", "name", as_given),
    ("region", "region", as_given),
    ("region", "nhse_region_code", as_given),
    ("trust_type", "trust_type", as_given),
    ("staff_fte", "staff_fte", parse_fte),
    ("staff_fte", "hchs_fte_*", parse_fte),
    ("digital_exemplar", "digital_exemplar", as_given),
    ("digital_exemplar", "gde_programme_role", exemplar_from_programme_role),
    ("digital_exemplar", "legacy_gde_programme_role_same_code", exemplar_from_programme_role),
    ("epr_supplier", "epr_supplier", as_given),
    ("epr_supplier", "primary_epr_supplier_*", as_given),
    ("opened_on", "opened_on", parse_date),
    ("opened_on", "open_date", parse_date),
]
REQUIRED_FIELDS = ("ods_code", "name", "region")


class HeadedLayout:
    """A CSV with a header row, read by the columns of HEADED_COLUMNS; blank cells state nothing."""

    curated = True

    def __init__(self, header: Sequence[str]) -> None:
        names = [name.strip().lower() for name in header]
        self.width = len(names)
        self.columns: dict[
            str, tuple[int, str, Callable[[str], Any]]
        ] = {}  # field -> (index, header, parser)
        for field, pattern, parser in HEADED_COLUMNS:
            index = next((i for i, name in enumerate(names) if fnmatchcase(name, pattern)), None)
            if index is not None and field not in self.columns:
                self.columns[field] = (index, names[index], parser)
        missing = [field for field in REQUIRED_FIELDS if field not in self.columns]
        if missing:
            raise RowProblem(f"the header has no {' or '.join(missing)} column")

    def parse(self, fields: list[str]) -> Values | None:
        if len(fields) != self.width:
            raise RowProblem(f"has {len(fields)} fields; the header has {self.width}")
        region_index = self.columns["region"][0]
        if fields[region_index].strip() in SKIPPED_REGIONS:
            return None
        values: Values = {}
        for field, (index, column, parser) in self.columns.items():
            text = fields[index].strip()
            if text:
                values[field] = parse_cell(column, text, parser)
        return values


def parse_cell(column: str, text: str, parser: Callable[[str], Any]) -> Any:
    try:
        return parser(text)
    except ValueError as error:
        raise RowProblem(f"{column} {text!r} is {error}") from None


def read_file(path: str | Path) -> tuple[Layout, Records]:
    """The file's layout and its (line number, fields) records, blank lines left out."""
    raw = Path(path).read_bytes()
    first_line = raw.split(b"\n", 1)[0].decode("latin-1").lower()
    headed = raw.startswith(codecs.BOM_UTF8) or "ods_code" in first_line
    try:
        text = raw.decode("utf-8-sig" if headed else "latin-1")
    except UnicodeDecodeError as error:
        raise RowProblem(f"a headed file must be UTF-8 text ({error.reason} at byte {error.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    records = ((reader.line_num, fields) for fields in reader if fields)
    layout: Layout = HeadedLayout(next(records, (0, []))[1]) if headed else EtrLayout()
    return layout, records


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    unlisted: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created} trusts created, {self.updated} updated, "
            f"{self.unchanged} unchanged; {self.skipped} rows skipped (Welsh or without a region)"
            + (
                f"; {self.unlisted} trusts of the headed tables not in the etr list left out"
                if self.unlisted
                else ""
            )
        )


IMPORTED_FIELDS = sorted({field for field, _, _ in HEADED_COLUMNS} | {"closed_on"})


def attname(field: str) -> str:
    model_field = Trust._meta.get_field(field)
    assert isinstance(model_field, Field)  # an imported field is a concrete column
    return model_field.attname


def imported_values(trust: Trust) -> Values:
    return {field: getattr(trust, attname(field)) for field in IMPORTED_FIELDS}


class TouchedTrust:
    """A trust the files mention: its values before the import, and which line set each field.

    Rows only change the trust in memory; it is validated and saved once, after every file has
    been read, so a trust named in two files gets one save and one history row.
    """

    def __init__(self, trust: Trust) -> None:
        self.trust = trust
        self.before = imported_values(trust)
        self.curated_before = list(trust.curated_fields)
        self.origins: dict[str, str] = {}  # field (NON_FIELD_ERRORS: the whole row) -> "file, line N"

    def apply(self, values: Values, curated: bool, origin: str) -> None:
        trust = self.trust
        if curated:
            trust.curated_fields = sorted(set(trust.curated_fields) | (set(values) - {"ods_code"}))
        else:
            values = {field: value for field, value in values.items() if field not in trust.curated_fields}
        for field, value in values.items():
            setattr(trust, attname(field), value)
            self.origins[field] = origin
        self.origins[NON_FIELD_ERRORS] = origin

    def store(self, today: date) -> str:
        """Save only what changed, so a repeated import writes nothing. Returns the outcome."""
        trust = self.trust
        if trust.pk is None:
            trust.save()
            return "created"
        if imported_values(trust) != self.before or trust.is_active != is_open_on(trust.closed_on, today):
            trust.save()
            return "updated"
        if trust.curated_fields != self.curated_before:
            # Curating alone changes nothing a user sees: no save, so no history row or recompute.
            Trust.objects.filter(pk=trust.pk).update(curated_fields=trust.curated_fields)
            return "updated"
        return "unchanged"

    def check_only(self) -> str:
        """Validate a row that is left out, so a bad one still refuses the import."""
        self.trust.full_clean()
        return "unlisted"

    def describe(self, error: ValidationError) -> list[str]:
        """The model's objections, each at the line that set the field objected to."""
        return [
            f"{self.origins.get(field, self.origins[NON_FIELD_ERRORS])}: "
            + (message if field == NON_FIELD_ERRORS else f"{field}: {message}")
            for field, messages in error.message_dict.items()
            for message in messages
        ]


class TrustImport:
    """One run of the import over one or more files."""

    def __init__(self) -> None:
        self.trusts = {trust.ods_code: trust for trust in Trust.objects.all()}
        self.regions = set(Region.objects.values_list("code", flat=True))
        self.touched: dict[str, TouchedTrust] = {}  # ODS code -> TouchedTrust
        self.listed: set[str] = set()  # codes an etr file of this run lists
        self.summary = ImportSummary()
        self.problems: list[str] = []

    def unlisted(self, code: str, trust: Trust) -> bool:
        """Beside an etr file, a headed table enriches the trusts it lists; it adds none."""
        return bool(self.listed) and trust.pk is None and code not in self.listed

    def add_file(self, path: str | Path) -> None:
        try:
            layout, records = read_file(path)
            empty = True
            for line, fields in records:
                empty = False
                self.add_record(f"{path}, line {line}", layout, fields)
            if empty:
                raise RowProblem("the file has no trusts in it")
        except OSError as error:
            self.problems.append(f"{path}: {error.strerror}")
        except RowProblem as problem:
            self.problems.append(f"{path}: {problem}")

    def add_record(self, origin: str, layout: Layout, fields: list[str]) -> None:
        try:
            values = layout.parse(fields)
            if values is None:
                self.summary.skipped += 1
                return
            if values["region"] not in self.regions:
                known = ", ".join(sorted(self.regions))
                raise RowProblem(f"unknown region code {values['region']!r} (known: {known})")
        except RowProblem as problem:
            self.problems.append(f"{origin}: {problem}")
            return
        code = values.get("ods_code", "")
        if not layout.curated:
            self.listed.add(code)
        if code not in self.touched:
            self.touched[code] = TouchedTrust(self.trusts.get(code) or Trust(ods_code=code))
        self.touched[code].apply(values, layout.curated, origin)

    def store_all(self) -> None:
        today = timezone.localdate()
        for code, touched in self.touched.items():
            try:
                outcome = touched.check_only() if self.unlisted(code, touched.trust) else touched.store(today)
            except ValidationError as error:
                self.problems.extend(touched.describe(error))
            else:
                setattr(self.summary, outcome, getattr(self.summary, outcome) + 1)


def import_trust_files(paths: Iterable[str | Path]) -> ImportSummary:
    """Import every file in one transaction; any bad row refuses them all (TrustImportError).

    Saving each changed trust sends post_save, which marks its compliance result for recompute.
    """
    with transaction.atomic():
        run = TrustImport()
        for path in paths:
            run.add_file(path)
        if not run.problems:
            run.store_all()
        if run.problems:
            raise TrustImportError(run.problems)
    return run.summary
