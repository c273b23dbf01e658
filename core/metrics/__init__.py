"""The owner's figures, read from the store through one query layer: `csbot report` and the
owner's page both call `read_report`, so the two always agree."""
from core.metrics.definitions import QUIET_HOURS, LOW_SCORE
from core.metrics.period import Period, parse_period
from core.metrics.report import Report, read_report

__all__ = ["LOW_SCORE", "QUIET_HOURS", "Period", "Report", "parse_period", "read_report"]
