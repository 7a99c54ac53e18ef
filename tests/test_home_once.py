"""The demo MVP's home page names their renewal once (issue 15, the MVP's items)."""

import re

from django.core.management import call_command
from django.urls import reverse

from mvp_portal.accounts.models import User
from tests.conftest import TODAY


def test_the_demo_mvp_s_home_page_lists_the_renewal_once(db, client):
    call_command("seed_demo", mvps=60, date=TODAY)
    client.force_login(User.objects.get(email="mvp@mvp.example"))
    page = client.get(reverse("home")).content.decode()
    attention = page[page.index('id="attention-heading"') :]
    attention = attention[: attention.index("</section>")]
    items = re.findall(r"<li class=\"list-group-item.*?</li>", attention, flags=re.S)
    renewal = [i for i in items if "renewal" in i.lower()]
    assert len(renewal) == 1, items
