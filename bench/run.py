"""`make bench`: run every benchmark module in turn; one failing module never stops the others.

Each entry of ``BENCHES`` is a module of this package with ``main(argv: list[str] | None) -> int | None``
that prints its own table of figures. Add yours to the list.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import time
import traceback

BENCHES: list[str] = [
    "bench.ingest_bench",
    "bench.extract_bench",
    "bench.api_bench",
]


def run_one(module_name: str) -> bool:
    """Run one bench module's ``main``; True when it finished without error."""
    print(f"\n=== {module_name}", flush=True)
    started = time.perf_counter()
    try:
        main = importlib.import_module(module_name).main
        result = main([]) if inspect.signature(main).parameters else main()
    except SystemExit as exc:
        result = exc.code
    except Exception:
        traceback.print_exc()
        print(f"=== {module_name} FAILED", flush=True)
        return False
    ok = result in (None, 0)
    print(
        f"=== {module_name} {'done' if ok else f'exited {result}'} in {time.perf_counter() - started:.1f} s"
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    """Run the named modules (default: all of ``BENCHES``); exit 1 when any failed."""
    names = list(argv if argv is not None else sys.argv[1:]) or BENCHES
    failed = [name for name in names if not run_one(name)]
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
