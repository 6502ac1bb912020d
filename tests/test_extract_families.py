"""Event detection, typing and modality on short texts written for these tests
(fixtures/extract/families.yaml): leaving an installation without the word "withdraw", presence
in relative clauses and back-references, denials, construction in progress, air activity,
operations, territory, movements of forces and weapons, and look-alikes that must stay silent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from basewatch.extract import Extractor
from extract_cases import check_case, check_silent

FIXTURES = Path(__file__).parent / "fixtures" / "extract" / "families.yaml"
DATA = yaml.safe_load(FIXTURES.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    """Rules only: detection and typing must not depend on the statistical parser."""
    return Extractor("blank")


@pytest.mark.parametrize("case", DATA["cases"], ids=[c["id"] for c in DATA["cases"]])
def test_detects_type_and_modality(extractor: Extractor, case: dict[str, Any]) -> None:
    check_case(extractor, case)


@pytest.mark.parametrize("case", DATA["negatives"], ids=[c["id"] for c in DATA["negatives"]])
def test_look_alikes_yield_nothing(extractor: Extractor, case: dict[str, Any]) -> None:
    check_silent(extractor, case)
