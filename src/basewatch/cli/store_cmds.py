"""CLI commands: store_cmds (placeholder until its owner fills it)."""
