"""Counters the worker keeps (exported on /metrics by the ops app)."""

from prometheus_client import Counter, Histogram

JOB_RUNS = Counter("jeugdmodel_job_runs", "Uitgevoerde pogingen van taken.", ["task", "outcome"])
JOB_DURATION = Histogram(
    "jeugdmodel_job_duration_seconds",
    "Duur van een poging van een taak.",
    ["task"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600),
)
