"""Jobs for the tests of the job system (importable by a worker subprocess too)."""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

from django.db import connection

from jeugdmodel.jobs.api import JobContext, JobError, job

#: How often each job body ran in this process (in-process tests).
CALLS: Counter[str] = Counter()


@job
def noop(context: JobContext) -> None:
    CALLS["noop"] += 1


@job(max_attempts=3, label="Altijd fout")
def always_fails(context: JobContext) -> None:
    CALLS["always_fails"] += 1
    # The text of the exception holds data read at run time (a name and a BSN, put together
    # here so that the source lines in a stack do not hold them): it must not reach the job
    # row or the log.
    name, bsn = "Jan" + "sen", "1234" + "56782"
    raise ValueError(f"ongeldig: {name} {bsn}")


@job(max_attempts=3)
def fails_once(context: JobContext) -> str:
    CALLS["fails_once"] += 1
    if context.attempt == 1:
        raise ConnectionError("tijdelijk")
    return "gelukt"


@job(max_attempts=5)
def refuses(context: JobContext) -> None:
    CALLS["refuses"] += 1
    raise JobError("Het dossier bestaat niet meer.")


@job
def reports_progress(context: JobContext, *, steps: int) -> int:
    for i in range(steps):
        context.progress(done=i + 1, total=steps, message=f"stap {i + 1}")
    return steps


@job(max_attempts=3)
def slow_effect(context: JobContext, *, key: str, flag: str) -> str:
    """The effect: one row in `test_effect` (made by the test) per key, written so that a
    second run adds nothing; each start is counted in `test_effect_start`. The first attempt
    writes the effect, says so in progress, and then waits until the test kills it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO test_effect_start (key, attempt) VALUES (%s, %s)", [key, context.attempt]
        )
        cursor.execute(
            "INSERT INTO test_effect (key) VALUES (%s) ON CONFLICT (key) DO NOTHING", [key]
        )
    context.progress(done=1, total=2, message="effect geschreven")
    if context.attempt == 1:
        Path(flag).write_text(str(os.getpid()))
        time.sleep(60)  # killed here
    context.progress(done=2, total=2, message="klaar")
    return key


@job(max_attempts=5, queue="default")
def with_ctx(ctx: JobContext, *, value: int) -> int:
    """The contract's spelling (`ctx`) is accepted next to Django's (`context`)."""
    return value * 2
