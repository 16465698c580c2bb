"""Worked examples for the API documentation of stored results."""

from drf_spectacular.utils import OpenApiExample

AMBER_TRUST = {
    "ods_code": "RGT",
    "trust_name": "Cambridge University Hospitals NHS Foundation Trust",
    "region": "Y61",
    "trust_type": "acute",
    "as_of": "2026-11-28",
    "ccio_in_post": True,
    "ccio_time_fraction": "0.600",
    "ccio_time_ok": False,
    "ccio_reports_to_board": True,
    "ccio_credentialed": True,
    "team_count": 3,
    "team_target": 5,
    "team_gap": 2,
    "compliant": False,
    "rag": "amber",
    "actions": ["Raise CCIO time from 60% to over 75%", "Add 2 clinician-informaticians"],
    "pipeline_count": 1,
    "projected_team_count": 4,
    "projected_compliance_date": None,
    "cost_to_close_gbp": "13300.00",
    "eligible_for_central_investment": True,
    "computed_at": "2026-11-28T00:05:12Z",
    "stale": False,
}
TRUST_FIELDS = {"ods_code", "trust_name", "region", "trust_type", "stale"}
NEVER_COMPUTED = {
    **{name: None for name in AMBER_TRUST},
    "ods_code": "RYJ",
    "trust_name": "Imperial College Healthcare NHS Trust",
    "region": "Y56",
    "trust_type": "acute",
    "stale": True,
}
EARLIER_RESULT = {
    **{name: value for name, value in AMBER_TRUST.items() if name not in TRUST_FIELDS},
    "as_of": "2026-10-01",
    "team_count": 2,
    "team_gap": 3,
    "actions": ["Raise CCIO time from 60% to over 75%", "Add 3 clinician-informaticians"],
    "projected_team_count": 3,
    "cost_to_close_gbp": "26600.00",
    "computed_at": "2026-10-01T00:05:09Z",
}

# A list example is one row; the documentation wraps it in a page of results.
COMPLIANCE_LISTED = [
    OpenApiExample("An amber trust", value=AMBER_TRUST, response_only=True),
    OpenApiExample("A trust not yet computed", value=NEVER_COMPUTED, response_only=True),
]
COMPLIANCE_DETAIL = OpenApiExample(
    "An amber trust with one earlier result",
    value={**AMBER_TRUST, "history": [EARLIER_RESULT]},
    response_only=True,
)
RECOMPUTE_REQUEST = OpenApiExample(
    "Two trusts (send {} for every active trust)", value={"trusts": ["RGT", "RYJ"]}, request_only=True
)
RECOMPUTE_ACCEPTED = OpenApiExample(
    "Accepted",
    value={"task_id": "3f1c2b9e-6d1a-4e63-9d4c-0b7f52a1c9d8"},
    response_only=True,
    status_codes=["202"],
)
