"""CLI commands: places_cmds (placeholder until its owner fills it)."""
