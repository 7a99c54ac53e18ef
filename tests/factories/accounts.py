"""Factories for the shared kernel (accounts)."""

import factory
from django.contrib.auth.models import Group

from mvp_portal.accounts.models import Expertise, Language, OnlineIdentity, Region, User

TEST_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    country = "IE"
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*(Group.objects.get(name=role) for role in extracted))


class ExpertiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expertise
        django_get_or_create = ["slug"]

    category = "Test category"
    name = factory.Sequence(lambda n: f"Test expertise {n}")
    slug = factory.Sequence(lambda n: f"test-expertise-{n}")


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"x-test-{n}")
    name = factory.Sequence(lambda n: f"Test language {n}")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Region {n}")
    countries = ["IE"]

    @factory.post_generation
    def leads(self, create, extracted, **kwargs):
        if create and extracted:
            self.leads.add(*extracted)


class OnlineIdentityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OnlineIdentity

    user = factory.SubFactory(UserFactory)
    kind = OnlineIdentity.Kind.WEBSITE
    url = factory.Sequence(lambda n: f"https://blog{n}.example.org/")
