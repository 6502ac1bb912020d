"""CLI commands: eval_cmd (placeholder until its owner fills it)."""
