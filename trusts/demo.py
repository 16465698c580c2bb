"""The demo's means for every app (`load_demo`, SPEC §7), and made-up trusts for scale tests:
weighted picks and dates from a seeded generator, and inserts checked by the models' rules."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import islice

from simple_history.utils import bulk_create_with_history

from .models import Trust, TrustType

CHANGE_REASON = "Demo data (load_demo)"
CURRENT_REGIONS = ("Y56", "Y58", "Y59", "Y60", "Y61", "Y62", "Y63")
SYNTHETIC_TYPES = {
    TrustType.ACUTE: (60, 5500),
    TrustType.MENTAL_HEALTH_AND_COMMUNITY: (15, 3800),
    TrustType.MENTAL_HEALTH: (10, 2500),
    TrustType.COMMUNITY: (10, 2200),
    TrustType.AMBULANCE: (5, 3500),
}  # trust type: (weight, mean staff FTE)


class DemoRefused(Exception):
    """The demo cannot be loaded as asked; nothing was loaded."""


def pick(rng, weights):
    """One key of a {choice: weight} mapping."""
    return rng.choices(list(weights), list(weights.values()))[0]


def random_date(rng, first, last):
    return first + timedelta(days=rng.randint(0, (last - first).days))


def create_validated(model, objects):
    """Check each object against its model's field rules and clean(), then insert them all with
    their history. Uniqueness, constraints and references are the database's to enforce: the
    references point at rows this load has just made."""
    relations = [field.name for field in model._meta.fields if field.is_relation]
    for instance in objects:
        instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    return bulk_create_with_history(objects, model, batch_size=500, default_change_reason=CHANGE_REASON)


def make_synthetic_trusts(number, rng):
    """`number` made-up active trusts, coded Z0001 upwards (no real ODS trust code is), spread
    over the seven regions, for scale tests."""
    if not number:
        return []
    taken = set(Trust.objects.filter(ods_code__startswith="Z").values_list("ods_code", flat=True))
    free = (code for code in (f"Z{n:04d}" for n in range(1, 10_000)) if code not in taken)
    codes = list(islice(free, number))
    if len(codes) < number:
        raise DemoRefused(
            f"Only {len(codes)} synthetic trust codes (Z0001 to Z9999) are free; nothing loaded."
        )
    trusts = []
    for index, code in enumerate(codes):
        trust_type = pick(rng, {kind: weight for kind, (weight, _) in SYNTHETIC_TYPES.items()})
        mean_fte = SYNTHETIC_TYPES[trust_type][1]
        trusts.append(
            Trust(
                ods_code=code,
                name=f"SYNTHETIC NHS TRUST {code}",
                region_id=CURRENT_REGIONS[index % len(CURRENT_REGIONS)],
                trust_type=trust_type,
                staff_fte=Decimal(f"{max(300.0, rng.gauss(mean_fte, mean_fte / 3)):.1f}"),
                opened_on=random_date(rng, date(1991, 4, 1), date(2020, 4, 1)),
            )
        )
    return create_validated(Trust, trusts)
