"""Stored results as the API and the pages read them: plain rows, and national and regional
figures, each in a fixed number of queries however many trusts there are."""

from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, Min, Q, Sum, Value, When
from django.db.models.functions import Coalesce, NullIf

from .figures import percentage
from .models import ComplianceHistory
from .models.results import Rag
from .recompute import RESULT_FIELDS

# The figures of SPEC §3 as the API shows them: the as-of date, the results, when computed.
SHOWN_FIELDS = ["as_of", *RESULT_FIELDS, "computed_at"]
ZERO_GBP = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))


def compliance_rows(trusts):
    """One row per trust with its current result: nulls and `stale` for a trust never computed.

    One query (a left join); the rows are dicts, so filters and ordering stay in SQL."""
    stored = {name: F(f"compliance__{name}") for name in SHOWN_FIELDS}
    # A row marked but never computed holds defaults, not results: show them as nulls too.
    stored["rag"] = NullIf("compliance__rag", Value(""))
    stored["actions"] = Case(When(compliance__computed_at__isnull=False, then=F("compliance__actions")))
    return trusts.values(
        "id",
        "ods_code",
        "region",
        "trust_type",
        trust_name=F("name"),
        stale=Coalesce("compliance__stale", Value(True)),
        **stored,
    )


def history_rows(trust_id):
    """A trust's past results, newest first."""
    return (
        ComplianceHistory.objects.filter(trust_id=trust_id)
        .values(*SHOWN_FIELDS)
        .order_by("-computed_at", "-id")
    )


def _figures():
    return {
        "trusts": Count("id"),
        "compliant": Count("id", filter=Q(compliance__compliant=True)),
        **{rag: Count("id", filter=Q(compliance__rag=rag)) for rag in Rag.values},
        "team_count": Coalesce(Sum("compliance__team_count"), 0),
        "team_target": Coalesce(Sum("compliance__team_target"), 0),
        "team_gap": Coalesce(Sum("compliance__team_gap"), 0),
        "cost_to_close_gbp": Coalesce(Sum("compliance__cost_to_close_gbp"), ZERO_GBP),
    }


def _shaped(row):
    return {
        "trusts": row["trusts"],
        "compliant": row["compliant"],
        "compliant_pct": percentage(row["compliant"], row["trusts"]),
        "rag": {rag: row[rag] for rag in Rag.values},
        "team_count": row["team_count"],
        "team_target": row["team_target"],
        "team_gap": row["team_gap"],
        "cost_to_close_gbp": row["cost_to_close_gbp"],
    }


def compliance_summary(trusts):
    """National figures over `trusts`, then the same per region. Two queries."""
    national = trusts.aggregate(
        **_figures(),
        stale=Count("id", filter=Q(compliance__stale=True) | Q(compliance__isnull=True)),
        computed_at=Min("compliance__computed_at"),
    )
    regions = trusts.order_by("region").values("region", region_name=F("region__name")).annotate(**_figures())
    return {
        **_shaped(national),
        "stale": national["stale"],
        "computed_at": national["computed_at"],
        "by_region": [
            {"region": row["region"], "region_name": row["region_name"], **_shaped(row)} for row in regions
        ],
    }
