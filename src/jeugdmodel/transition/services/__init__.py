"""Writes of the transition app (mapping, caseload import)."""
