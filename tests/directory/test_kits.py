"""Shipping the award kits from the admin desk: listed by award date, status and
country; a batch marked shipped once (logged, the MVP told once), even by two
admins at once; the addresses exported through the one spreadsheet-cell rule."""

import csv
import io
import threading
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from awards.models import AwardLogEntry
from directory import services
from directory.models import AwardKit
from mvp_portal.notices.models import Notice
from tests.conftest import TODAY
from tests.factories import AwardFactory, UserFactory
from tests.factories.directory import AwardKitFactory

OCTOBER, JULY = date(2026, 10, 1), date(2026, 7, 1)


def kit(name: str, *, country="IE", starts_on=OCTOBER, address="1 Main Street\nDublin", shipped_on=None):
    award = AwardFactory(user=UserFactory(display_name=name, country=country), starts_on=starts_on)
    return AwardKitFactory(
        award=award,
        shipping_address=address,
        address_confirmed_at=timezone.now() if address else None,
        shipped_on=shipped_on,
    )


@pytest.fixture
def kits(db):
    return {
        "ready": kit("Rory Ready"),
        "german": kit("Greta Germany", country="DE"),
        "july": kit("Jules July", starts_on=JULY),
        "shipped": kit("Sid Shipped", shipped_on=date(2026, 11, 1)),
        "waiting": kit("Wanda Waiting", address=""),
    }


def page(client, **params) -> str:
    response = client.get(reverse("directory:kit-list"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_list_shows_kits_to_ship_by_default_and_filters(client, program_admin, kits):
    client.force_login(program_admin)
    default = page(client)
    assert "Rory Ready" in default and "Greta Germany" in default and "Jules July" in default
    assert "Sid Shipped" not in default and "Wanda Waiting" not in default
    assert "Dublin" in default  # the address to write on the parcel
    by_country = page(client, country="DE")
    assert "Greta Germany" in by_country and "Rory Ready" not in by_country
    by_date = page(client, award_date="2026-07-01")
    assert "Jules July" in by_date and "Rory Ready" not in by_date
    assert "Sid Shipped" in page(client, status="shipped")
    assert "Wanda Waiting" in page(client, status="address_needed")
    everything = page(client, status="all")
    assert all(name in everything for name in ("Rory Ready", "Sid Shipped", "Wanda Waiting"))


def test_bad_filters_never_fail(client, program_admin, kits):
    client.force_login(program_admin)
    garbled = page(client, award_date="2026-13-45", status="<script>", country="ZZZ")
    assert "Rory Ready" in garbled  # the defaults


def test_batch_marked_shipped_logged_and_told_once(client, program_admin, kits):
    client.force_login(program_admin)
    chosen = [kits["ready"].pk, kits["german"].pk]
    response = client.post(
        reverse("directory:kit-ship"),
        {"kits": chosen, "shipped_on": "2026-11-27", "carrier": "An Post", "tracking_note": "Batch 12"},
    )
    assert response.status_code == 302
    shipped = AwardKit.objects.filter(pk__in=chosen)
    assert {(k.shipped_on, k.carrier, k.carrier_reference) for k in shipped} == {
        (date(2026, 11, 27), "An Post", "Batch 12")
    }
    assert AwardKit.objects.get(pk=kits["july"].pk).shipped_on is None
    log = AwardLogEntry.objects.filter(action="kit_shipped")
    assert log.count() == 2 and {entry.actor for entry in log} == {program_admin}
    assert Notice.objects.filter(key__startswith="directory:kit-shipped:").count() == 2
    assert "2 kits marked shipped." in client.get(response.url).content.decode()
    # The same batch again (a double click, a stale page): nothing more is marked, logged or sent.
    again = client.post(reverse("directory:kit-ship"), {"kits": chosen, "shipped_on": "2026-11-28"})
    assert again.status_code == 302
    assert AwardKit.objects.get(pk=kits["ready"].pk).shipped_on == date(2026, 11, 27)
    assert log.count() == 2 and Notice.objects.filter(key__startswith="directory:kit-shipped:").count() == 2
    assert "already been marked shipped" in client.get(again.url).content.decode()


def test_ship_form_errors_keep_what_was_typed(client, program_admin, kits):
    client.force_login(program_admin)
    response = client.post(
        reverse("directory:kit-ship"), {"kits": [kits["ready"].pk], "shipped_on": "2026-12-24", "carrier": "DHL"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "cannot have been shipped after today" in body and 'value="DHL"' in body and "error-summary" in body
    assert client.post(reverse("directory:kit-ship"), {"shipped_on": "2026-11-27"}).status_code == 400
    assert client.post(reverse("directory:kit-ship"), {"kits": ["x"], "shipped_on": "nope"}).status_code == 400
    assert not AwardKit.objects.filter(pk=kits["ready"].pk, shipped_on__isnull=False).exists()


def test_export_lists_the_addresses_to_ship_with_cells_disarmed(client, program_admin, kits):
    kit("=HYPERLINK(1)", address="@SUM(1)\nCork")
    client.force_login(program_admin)
    response = client.get(reverse("directory:kit-export"), {"country": "IE"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["kit", "name", "email", "country", "expertise", "award_date", "shipping_address"]
    names = {row[1] for row in rows[1:]}
    assert names == {"Rory Ready", "Jules July", "'=HYPERLINK(1)"}  # ready, Irish; formulas disarmed
    assert any(row[6] == "'@SUM(1)\nCork" for row in rows[1:])


KIT_LIST_QUERIES = 9  # exactly, at 3 and 40 kits: the session, the user and roles, the menu, cycles, rows, counts


@pytest.mark.parametrize("size", [3, 40])
def test_list_query_count_is_pinned(client, program_admin, django_assert_num_queries, size, db):
    for n in range(size):
        kit(f"Person {n}")
    client.force_login(program_admin)
    with django_assert_num_queries(KIT_LIST_QUERIES):
        body = page(client)
    assert body.count('class="kit-row') == size


def test_two_admins_marking_the_same_batch_log_each_kit_once(transactional_db, postgres, kits):
    admins = [UserFactory(), UserFactory()]
    ids = [k.pk for k in AwardKit.objects.filter(shipped_on__isnull=True, address_confirmed_at__isnull=False)]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker(admin):
        try:
            barrier.wait()
            results.append(
                services.award_kits_ship(kit_ids=ids, shipped_on=TODAY, actor=admin, today=TODAY, tracking_note="T")
            )
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    pool = [threading.Thread(target=worker, args=(admin,)) for admin in admins]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(60)
    assert not errors, errors
    assert sorted(pk for marked in results for pk in marked) == sorted(ids)  # each kit by exactly one of them
    assert AwardLogEntry.objects.filter(action="kit_shipped").count() == len(ids)
    assert Notice.objects.filter(key__startswith="directory:kit-shipped:").count() == len(ids)
