"""CLI commands: dates_cmd (placeholder until its owner fills it)."""
