"""Wall time and peak resident memory of a command's whole process tree (JVM children included)."""

from __future__ import annotations

import contextlib
import subprocess
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
    start = time.perf_counter()
    popen = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc = psutil.Process(popen.pid)
    peak = 0
    while popen.poll() is None:
        try:
            peak = max(peak, _tree_rss(proc))
        except psutil.Error:
            break
        time.sleep(poll)
    stdout, stderr = popen.communicate()
    return Measured(time.perf_counter() - start, peak / 2**20, popen.returncode, stdout, stderr)
