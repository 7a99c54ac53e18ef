"""Factories for every model, one module per app, all importable from here."""

from tests.factories.accounts import *  # noqa: F403
from tests.factories.awards import *  # noqa: F403
from tests.factories.directory import *  # noqa: F403
from tests.factories.evaluations import *  # noqa: F403
from tests.factories.nominations import *  # noqa: F403
from tests.factories.sources import *  # noqa: F403
