"""Running Jeugdmodel: health and readiness, metrics, backup and restore
(docs/operations.md)."""
