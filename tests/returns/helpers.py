"""Building workforce returns for the tests: rows as dicts, written as CSV or XLSX."""

import csv
import io

from openpyxl import Workbook

from workforce.returns.columns import NAMES

DOCTOR = {
    "trust": "RAA",
    "role": "ccio",
    "time_fraction": "0.8",
    "reports_to": "ceo",
    "start_date": "2020-01-01",
    "given_name": "Ada",
    "family_name": "Lovelace",
    "profession": "doctor",
    "registration_body": "GMC",
    "registration_number": "1234567",
    "credentials": "fci_member:2020-03-01; fedip_senior:2021-06-30",
}
NURSE = {
    "trust": "RAA",
    "role": "cnio",
    "time_fraction": "0.5",
    "reports_to": "medical_director",
    "start_date": "2021-04-01",
    "given_name": "Mary",
    "family_name": "Seacole",
    "profession": "nurse",
    "registration_body": "NMC",
    "registration_number": "12A3456E",
}
VACANCY = {
    "trust": "RAA",
    "role": "clinical_informatician",
    "time_fraction": "0.2",
    "reports_to": "cio",
    "start_date": "2022-01-01",
}


def as_csv(rows, columns=NAMES, encoding="utf-8"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue().encode(encoding)


def as_xlsx(rows, columns=NAMES):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(columns))
    for row in rows:
        sheet.append([row.get(column) for column in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client, content, name="return.csv", dry_run=False):
    data = {"file": io.BytesIO(content)}
    data["file"].name = name
    if dry_run:
        data["dry_run"] = "true"
    return client.post("/api/v1/workforce-returns/", data, format="multipart")
