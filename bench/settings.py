"""Settings for ``make bench``: the portal's own settings, plus a hello-world URL.

Everything else (database, DEBUG, secrets) comes from the environment that
``bench/run.py`` sets, exactly as in production.
"""

from mvp_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
