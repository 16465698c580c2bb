"""Reading at 10,000 trusts: `GET compliance/` for every row beside a plain `.values()` view
of the same rows, and the pages' median server times beside the login page's."""

import statistics
import time

from bench.figures import Figure, medians_in_turn

PAGE_SAMPLES = 15


def read_figures(user):
    from django.test import Client, override_settings

    from bench import trend
    from trusts.models import Trust

    trusts = Trust.objects.active().count()
    pages = range(1, -(-trusts // 1000) + 1)
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)

    def every_row(prefix):
        def read():
            for page in pages:
                assert client.get(f"{prefix}?page_size=1000&page={page}").status_code == 200

        return read

    with override_settings(ROOT_URLCONF="bench.urls"):
        api_seconds, plain_seconds = medians_in_turn(
            [(every_row("/api/v1/compliance/"), None), (every_row("/bench/plain-compliance/"), None)],
            rounds=5,
        )
    api, plain = trusts / api_seconds, trusts / plain_seconds
    ods = Trust.objects.active().order_by("name").values_list("ods_code", flat=True).first()
    floor = page_time(Client(SERVER_NAME="localhost"), "/accounts/login/")
    trust_page, dashboard = page_time(client, f"/trusts/{ods}/"), page_time(client, "/")
    summary = page_time(client, "/api/v1/compliance/summary/")
    return [
        Figure(
            f"GET compliance/, all {trusts:,} rows, page_size 1000 (baseline: .values() + JsonResponse)",
            api,
            plain,
            "rows/s",
            "≥ 0.5× baseline",
            api >= 0.5 * plain,
        ),
        Figure(
            "trust page, median server time (baseline: the login page)",
            trust_page,
            floor,
            "ms",
            "≤ 100 ms",
            trust_page <= 100,
        ),
        Figure(
            "national dashboard, median server time (baseline: the login page)",
            dashboard,
            floor,
            "ms",
            "≤ 150 ms",
            dashboard <= 150,
        ),
        Figure(
            "GET compliance/summary/, median server time (baseline: the login page)",
            summary,
            floor,
            "ms",
            "",
            True,
        ),
        *(Figure(*figure) for figure in trend.national_figures(client)),
    ]


def page_time(client, path):
    seconds = []
    for _ in range(PAGE_SAMPLES):
        started = time.perf_counter()
        assert client.get(path).status_code == 200, path
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds) * 1000
