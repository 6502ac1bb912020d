"""Apache Spark batch job: the single-machine pipeline at corpus scale (see docs/scaling.md)."""

from __future__ import annotations

from basewatch.spark.job import SparkJobError, SparkSummary, build_session, run_job

__all__ = ["SparkJobError", "SparkSummary", "build_session", "run_job"]
