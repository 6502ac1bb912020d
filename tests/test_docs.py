"""Every CLI command is documented, and the README keeps its two-command quick start."""

from __future__ import annotations

from pathlib import Path

import typer

from basewatch.cli import app

REPO = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    root = typer.main.get_command(app)
    names: list[str] = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            names.extend(f"{name} {sub}" for sub in subcommands)
        else:
            names.append(name)
    return sorted(names)


def test_every_command_is_in_the_cli_docs() -> None:
    text = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [name for name in _commands() if f"basewatch {name}" not in text]
    assert not missing, f"commands missing from docs/cli.md: {missing}"


def test_every_command_help_has_an_example() -> None:
    root = typer.main.get_command(app)
    missing = []
    for name in _commands():
        parts = name.split()
        command = root.commands[parts[0]]  # type: ignore[attr-defined]
        if len(parts) > 1:
            command = command.commands[parts[1]]
        if "Example" not in (command.help or ""):
            missing.append(name)
    assert not missing, f"--help without an Example: {missing}"


def test_readme_quick_start_is_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
