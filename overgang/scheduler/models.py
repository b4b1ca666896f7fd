"""What the scheduler keeps: one row per job and period, the claim that lets one app server run it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    CLAIMED = "claimed", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class JobRun(models.Model):
    """A scheduled job's run for one period (an ISO week, a day, an hour).

    The unique (job, period) pair is the claim: the first server to insert the row runs the job,
    every other server sees the row and skips. A failed run, or a claim left by a run that died
    (older than the job's `stale_after`), is taken over by the next run and `attempts` goes up.
    No citizen data: counts and an error text only.
    """

    job = models.CharField(_("job"), max_length=40)
    period = models.CharField(_("period"), max_length=20)
    state = models.CharField(_("state"), max_length=10, choices=JobState.choices)
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="job_once_per_period"),
            models.CheckConstraint(
                condition=models.Q(state__in=["claimed", "done", "failed"]), name="job_run_state_known"
            ),
            models.CheckConstraint(
                condition=models.Q(state="claimed", finished_at__isnull=True)
                | (~models.Q(state="claimed") & models.Q(finished_at__isnull=False)),
                name="job_run_finished_unless_claimed",
            ),
        ]
        indexes = [models.Index(fields=["job", "-started_at"], name="job_run_latest")]

    def __str__(self) -> str:
        return f"{self.job} {self.period} ({self.state})"
