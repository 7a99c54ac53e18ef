"""What ``seed_demo`` hands to each app's ``demo.seed(context)``.

Apps seed in INSTALLED_APPS order (the dependency order), each reading what
the apps below it created from ``context`` and adding its own.
"""

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass
class DemoContext:
    rng: random.Random
    today: date
    mvps: int
    # Filled as apps seed: e.g. "admin", "lead", "employee", "leads", "mvps",
    # "lapsed", "nominees", "awards"; later apps may add their own keys.
    objects: dict[str, Any] = field(default_factory=dict)
    # One line per app for the summary the command prints.
    summary: list[str] = field(default_factory=list)
    # (role, e-mail) of the demo logins, printed at the end.
    logins: list[tuple[str, str]] = field(default_factory=list)
