"""The quarterly council report: a PDF and an ODT per municipality, built in the
background from the steering figures (docs/decisions/0024-council-report.md)."""
