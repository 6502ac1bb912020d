"""CLI commands: serve_cmd (placeholder until its owner fills it)."""
