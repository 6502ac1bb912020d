"""CLI commands: cluster_cmds (placeholder until its owner fills it)."""
