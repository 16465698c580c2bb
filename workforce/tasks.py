import contextlib
import logging

from celery import shared_task
from celery.signals import worker_ready
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from trusts.models import Trust

from . import recompute, timeline, trajectory
from .models import ComplianceResult

RETRY_ON = (OperationalError, InterfaceError)
REFRESH_PENDING = "refresh-trend-pending"
REFRESH_DELAY_SECONDS = 30
logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=RETRY_ON,
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
    reject_on_worker_lost=True,
)
def recompute_trusts(trust_ids=None, only_stale=False):
    """Recompute the named trusts (all active ones when None). Safe to run twice: with
    `only_stale`, a trust another run already brought up to date is skipped."""
    computed = recompute.recompute(trust_ids, only_stale=only_stale)
    # A national recompute is many chunks: the one that leaves nothing stale refreshes the trend.
    if computed and not ComplianceResult.objects.filter(stale=True, trust__is_active=True).exists():
        schedule_refresh()
    return computed


def schedule_refresh():
    """One refresh of the dashboard's figures a little after the first of a run of edits, not
    one per edit: at 10,000 trusts a refresh takes seconds, and edits' recomputes queue behind it."""
    try:
        if cache.add(REFRESH_PENDING, True, REFRESH_DELAY_SECONDS * 10):
            refresh_trend.apply_async(countdown=REFRESH_DELAY_SECONDS)
    except BrokerError:
        cache.delete(REFRESH_PENDING)
        logger.warning("Broker unavailable: the trend is computed on its next request instead")
    except RedisError:
        logger.warning("Cache unavailable: the trend is computed on its next request instead")


@shared_task(autoretry_for=RETRY_ON, retry_backoff=True, max_retries=3)
def refresh_trend():
    """Compute the dashboard's figures (the default trend, the projection, the national
    summary) for the data as it now stands, so the next request is answered from the cache,
    however many trusts there are."""
    with contextlib.suppress(RedisError):
        cache.delete(REFRESH_PENDING)  # a change from now on schedules the next refresh
    trajectory.national_trend(timezone.localdate())
    timeline.stored_summary(Trust.objects.active())


@shared_task(autoretry_for=RETRY_ON, retry_backoff=True, max_retries=3)
def sweep_stale():
    """Re-wake anything left marked: a lost message or a killed worker loses nothing."""
    never_computed = Trust.objects.active().filter(compliance__isnull=True).values_list("id", flat=True)
    recompute.write_marks(list(never_computed))  # marked, and woken once with the rest below
    stale = list(
        ComplianceResult.objects.filter(stale=True, trust__is_active=True).values_list("trust_id", flat=True)
    )
    if stale:
        recompute.enqueue(stale)
    return len(stale)


@shared_task(
    autoretry_for=RETRY_ON, retry_backoff=True, max_retries=3, acks_late=True, reject_on_worker_lost=True
)
def nightly():
    """Dates move: open and close trusts on their day, then have every active trust
    recomputed, in chunks that any worker may take."""
    Trust.objects.refresh_activity(timezone.localdate())
    return recompute.request_recompute()


@worker_ready.connect
def sweep_on_start(sender, **kwargs):
    """A worker that starts (after a crash, say) sweeps at once rather than a sweep period later."""
    sweep_stale.apply_async(retry_policy=recompute.PUBLISH_RETRY)
