"""CLI commands: ``basewatch places`` and ``basewatch registry validate|list``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from basewatch.cli.app import EXIT_FAILED_INPUTS, JsonOption, app, console, fail, print_json
from basewatch.config import data_path

registry_app = typer.Typer(
    help="The installations register: validate and list entries.", no_args_is_help=True
)
app.add_typer(registry_app, name="registry")


@app.command("places")
def places_command(
    text: Annotated[str, typer.Argument(help="Text to resolve places in ('-' reads stdin).")],
    country: Annotated[
        list[str] | None, typer.Option("--country", "-c", help="Context country (ISO2), repeatable.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Show every place mention the resolver finds in TEXT, with coordinates and precision.

    Example:
        basewatch places "Rockets hit Ain al-Asad air base in western Anbar."
    """
    from basewatch.places import GazetteerError, PlaceResolver
    from basewatch.registry import RegisterError

    if text == "-":
        text = typer.get_text_stream("stdin").read()
    try:
        found = PlaceResolver().find_places(text, context_countries=country or None)
    except (GazetteerError, RegisterError) as exc:
        fail(str(exc), EXIT_FAILED_INPUTS)
    if as_json:
        print_json([p.to_dict() for p in found])
        return
    if not found:
        console.print("no places found")
        return
    for p in found:
        where = f"{p.lat:.4f}, {p.lon:.4f}" if p.lat is not None and p.lon is not None else "unresolved"
        admin = f" / {p.admin1}" if p.admin1 else ""
        console.print(
            f"[bold]{p.text}[/] [{p.start}:{p.end}] -> {p.name} ({p.feature}, precision {p.precision}) "
            f"{p.country or '-'}{admin} @ {where}",
            highlight=False,
            markup=True,
        )


@registry_app.command("validate")
def registry_validate(
    file: Annotated[
        Path | None, typer.Argument(help="Register YAML file (default: the packaged one).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Check a register file: required fields, kinds, countries, coordinates and alias collisions.

    Example:
        basewatch registry validate my_bases.yaml
    """
    from basewatch.registry import validate_register

    path = file or data_path("installations.yaml")
    problems = validate_register(path)
    if as_json:
        print_json({"file": str(path), "problems": [p.__dict__ for p in problems]})
    elif problems:
        for problem in problems:
            console.print(str(problem), highlight=False, markup=False)
        console.print(f"{len(problems)} problem(s) in {path}", highlight=False)
    else:
        console.print(f"{path}: OK", highlight=False)
    if problems:
        raise typer.Exit(EXIT_FAILED_INPUTS)


@registry_app.command("list")
def registry_list(
    country: Annotated[str | None, typer.Option("--country", help="Only this country (ISO2).")] = None,
    as_json: JsonOption = False,
) -> None:
    """List the installations in the register (packaged plus BASEWATCH_REGISTER files).

    Example:
        basewatch registry list --country IQ
    """
    from basewatch.registry import RegisterError, load_register

    try:
        register = load_register()
    except RegisterError as exc:
        fail(str(exc), EXIT_FAILED_INPUTS)
    items = [i for i in register.installations if not country or i.country == country.upper()]
    if as_json:
        print_json([i.to_dict() for i in items])
        return
    for inst in items:
        console.print(
            f"{inst.id:28} {inst.name} ({inst.kind}, {inst.country}) {inst.lat}, {inst.lon}",
            highlight=False,
            markup=False,
        )
    console.print(f"{len(items)} installation(s)", highlight=False)
