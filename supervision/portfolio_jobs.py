"""The portfolio's background job: requested from a page, made by the worker section by
section (the progress bar follows), kept as a private file and served through the
placement's scope. One job at a time per placement: a second request gets the running one."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alisvest import outbox

from . import portfolio
from .models import PortfolioJob

# By name: the task module imports this one.
TASK = "supervision.tasks.make_portfolio"
# A job unfinished this long has lost its worker (a five-year portfolio takes seconds): a
# new request replaces it instead of waiting for it forever.
STALE_AFTER = timedelta(minutes=10)

Status = PortfolioJob.Status


def request_portfolio(placement, *, by):
    """(job, created): the placement's unfinished job, or a new one sent to the worker after
    commit. The placement is already in the requester's scope."""
    with transaction.atomic():
        now = timezone.now()
        stale = now - STALE_AFTER
        PortfolioJob.objects.filter(
            placement=placement, status__in=PortfolioJob.UNFINISHED, created_at__lt=stale
        ).update(status=Status.FAILED, error="stale", finished_at=now)
        running = unfinished(placement)
        if running is not None:
            return running, False
        try:
            with transaction.atomic():
                job = PortfolioJob.objects.create(
                    placement=placement,
                    requested_by=by,
                    language=portfolio.language_of(placement),
                )
        except IntegrityError:  # a request beside this one made it first
            return unfinished(placement), False
        outbox.enqueue(TASK, job.pk)
    return job, True


def unfinished(placement):
    return PortfolioJob.objects.filter(
        placement=placement, status__in=PortfolioJob.UNFINISHED
    ).first()


def latest_done(placement):
    return (
        PortfolioJob.objects.filter(placement=placement, status=Status.DONE)
        .order_by("-finished_at", "-pk")
        .first()
    )


def run_job(job_id):
    """The worker's part. Idempotent: a finished job is left alone; a job delivered again
    after a lost worker is made again, and only one run's file is kept (compare-and-set)."""
    PortfolioJob.objects.filter(pk=job_id, status=Status.QUEUED).update(status=Status.RUNNING)
    job = PortfolioJob.objects.get(pk=job_id)
    if job.status != Status.RUNNING:
        return job.status
    placement = portfolio.placement_for_portfolio(job.placement_id)

    def on_progress(done, total):
        PortfolioJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(
            progress=round(100 * done / total)
        )

    try:
        content = portfolio.render_portfolio(placement, job.language, on_progress)
    except Exception as error:
        PortfolioJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(
            status=Status.FAILED, error=repr(error)[:1000], finished_at=timezone.now()
        )
        raise
    return _store(job, placement, content)


def _store(job, placement, content):
    storage = PortfolioJob._meta.get_field("pdf").storage
    path = storage.save(
        PortfolioJob._meta.get_field("pdf").generate_filename(job, "portefolje.pdf"),
        ContentFile(content, name=portfolio.filename(placement)),
    )
    claimed = PortfolioJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(
        status=Status.DONE, progress=100, pdf=path, finished_at=timezone.now()
    )
    if not claimed:  # another run of the same job finished first
        storage.delete(path)
        return PortfolioJob.objects.get(pk=job.pk).status
    return Status.DONE


def progress(job):
    """What the progress bar shows."""
    labels = {
        Status.QUEUED: _("Venter på tur …"),
        Status.RUNNING: _("Lager porteføljen …"),
        Status.DONE: _("Ferdig"),
        Status.FAILED: _("Det gikk ikke å lage porteføljen. Prøv igjen."),
    }
    return {
        "percent": 100 if job.status == Status.DONE else job.progress,
        "label": labels[job.status],
        "finished": job.finished,
        "failed": job.status == Status.FAILED,
    }
