"""CLI commands: export_cmd (placeholder until its owner fills it)."""
