"""Logging helpers named in ``settings.LOGGING``."""

import logging


class QuietClientErrors(logging.Filter):
    """An ordinary 4xx answer (a 403 that says who may, a 404) is logged as one
    line, not with the traceback of the exception that produced it: those are
    answers, not faults. 5xx keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
