"""Award edits in the Django admin follow the services' one rule (``awards_changed``):
the public directory, served from the cache before, shows the change at once."""

from datetime import date

from django.contrib.admin.sites import site
from django.test import Client as DjangoClient
from django.test import RequestFactory
from django.urls import reverse

from awards.models import Award
from tests.factories import AwardFactory, UserFactory

DIRECTORY = reverse("directory:directory")


def admin_request(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def test_an_award_added_or_deleted_in_the_admin_refreshes_the_directory(db, expertise, django_assert_num_queries):
    AwardFactory(user=UserFactory(display_name="Already Listed"), expertise=expertise, starts_on=date(2026, 10, 1))
    visitor = DjangoClient()
    assert "Already Listed" in visitor.get(DIRECTORY).content.decode()
    with django_assert_num_queries(0):  # from the cache
        assert "Ava Adminmade" not in visitor.get(DIRECTORY).content.decode()
    superuser = UserFactory(is_superuser=True, is_staff=True)
    award = AwardFactory.build(
        user=UserFactory(display_name="Ava Adminmade"), expertise=expertise, starts_on=date(2026, 10, 1)
    )
    site._registry[Award].save_model(admin_request(superuser), award, form=None, change=False)
    assert "Ava Adminmade" in visitor.get(DIRECTORY).content.decode()
    site._registry[Award].delete_model(admin_request(superuser), award)
    assert "Ava Adminmade" not in visitor.get(DIRECTORY).content.decode()


def test_an_award_changed_in_the_admin_refreshes_the_directory(db, expertise):
    award = AwardFactory(
        user=UserFactory(display_name="Lena Lapsing"), expertise=expertise, starts_on=date(2026, 10, 1)
    )
    visitor = DjangoClient()
    assert "Lena Lapsing" in visitor.get(DIRECTORY).content.decode()
    award.ends_on = date(2026, 11, 1)  # ended before today
    site._registry[Award].save_model(admin_request(UserFactory(is_superuser=True, is_staff=True)), award, None, True)
    assert "Lena Lapsing" not in visitor.get(DIRECTORY).content.decode()
