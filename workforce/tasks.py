import logging

from celery import shared_task
from celery.signals import worker_ready
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from trusts.models import Trust

from . import recompute, timeline
from .models import ComplianceResult

RETRY_ON = (OperationalError, InterfaceError)
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
        try:
            refresh_trend.delay()
        except BrokerError:
            logger.warning("Broker unavailable: the trend is computed on its next request instead")
    return computed


@shared_task(autoretry_for=RETRY_ON, retry_backoff=True, max_retries=3)
def refresh_trend():
    """Compute the default trend (and the dashboard's) for the data as it now stands, so the
    next request is answered from the cache, however many trusts there are."""
    timeline.default_trend(timezone.localdate())


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
