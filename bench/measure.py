"""Wall time and peak resident memory of a command's whole process tree (JVM children included)."""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
import time
from dataclasses import dataclass

import psutil


@dataclass
class Measured:
    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def run_measured(cmd: list[str], *, env: dict[str, str] | None = None, poll: float = 0.1) -> Measured:
    """Run ``cmd`` to completion, sampling the RSS of it and its children every ``poll`` seconds."""
    # Output goes to files, not pipes: a chatty command would block on a full pipe while we only poll.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        popen = subprocess.Popen(cmd, env=env, stdout=out, stderr=err, text=True)
        proc = psutil.Process(popen.pid)
        peak = 0
        while popen.poll() is None:
            with contextlib.suppress(psutil.Error):
                peak = max(peak, _tree_rss(proc))
            time.sleep(poll)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return Measured(seconds, peak / 2**20, popen.returncode, out.read(), err.read())
