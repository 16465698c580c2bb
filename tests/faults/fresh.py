"""Run by the fault tests in the app's environment: prints, as JSON, the trusts still stale and
those whose stored result differs from a fresh synchronous computation."""

import json
import sys

import django

django.setup()

from django.utils import timezone  # noqa: E402

from trusts.models import Trust  # noqa: E402
from workforce.models import ComplianceResult  # noqa: E402
from workforce.recompute import RESULT_FIELDS, assess_trusts  # noqa: E402


def main(trust_ids):
    trusts = Trust.objects.active()
    if trust_ids is not None:
        trusts = trusts.filter(id__in=trust_ids)
    trusts = list(trusts.values("id", "staff_fte"))
    fresh = assess_trusts(trusts, timezone.localdate())
    stored = {
        row["trust_id"]: row
        for row in ComplianceResult.objects.filter(trust_id__in=fresh).values(
            "trust_id", "stale", *RESULT_FIELDS
        )
    }
    stale = sorted(trust_id for trust_id in fresh if stored[trust_id]["stale"])
    differ = sorted(
        trust_id
        for trust_id, result in fresh.items()
        if not stored[trust_id]["stale"]
        and any(stored[trust_id][name] != getattr(result, name) for name in RESULT_FIELDS)
    )
    print(json.dumps({"trusts": len(fresh), "stale": stale, "differ": differ}))


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
