"""The installations register (``data/installations.yaml`` plus user files)."""

from basewatch.registry.register import (
    Register,
    RegisterError,
    RegisterProblem,
    load_register,
    validate_register,
)

__all__ = ["Register", "RegisterError", "RegisterProblem", "load_register", "validate_register"]
