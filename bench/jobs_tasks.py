"""The job the jobs benchmark runs (importable by the worker processes)."""

from __future__ import annotations

from jeugdmodel.jobs.api import JobContext, job


@job(max_attempts=1)
def bench_noop(context: JobContext) -> None:
    """Does nothing: what is measured is the job system around it."""
