"""Demo people and regions for ``seed_demo``: deterministic, bulk-inserted."""

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from .models import Expertise, Language, OnlineIdentity, Region, User
from .roles import Role

DEMO_PASSWORD = "mvp-demo-password"  # noqa: S105 (demo data, printed in the README)
DEMO_DOMAIN = "mvp.example"

# (region, countries, lead's name) — the first lead is the demo lead login.
REGIONS = [
    ("UK and Ireland", ["IE", "GB"], "Lena Lead"),
    ("DACH", ["DE", "AT", "CH"], "Dieter Brandt"),
    ("Nordics", ["SE", "NO", "DK", "FI", "IS"], "Sofia Lindqvist"),
    ("Southern Europe", ["ES", "PT", "IT", "FR", "GR"], "Marco Bellini"),
    ("Central and Eastern Europe", ["PL", "CZ", "SK", "HU", "RO", "BG", "HR", "UA"], "Katarzyna Nowak"),
    ("North America", ["US", "CA", "MX"], "Jordan Reyes"),
    ("Latin America", ["BR", "AR", "CL", "CO", "PE"], "Camila Souza"),
    ("Asia Pacific", ["JP", "KR", "CN", "TW", "AU", "NZ", "SG", "IN", "ID", "VN", "TH"], "Haruto Sato"),
    ("Middle East and Africa", ["IL", "AE", "SA", "EG", "ZA", "NG", "KE", "TR"], "Amira Haddad"),
]
# Countries with no region: their nominations go to program admins.
UNLED_COUNTRIES = ["NL", "BE"]

COUNTRY_LANGUAGES = {
    "IE": ["en"],
    "GB": ["en"],
    "DE": ["de"],
    "AT": ["de"],
    "CH": ["de", "fr"],
    "SE": ["sv"],
    "NO": ["nb"],
    "DK": ["da"],
    "FI": ["fi"],
    "IS": ["en"],
    "ES": ["es", "ca"],
    "PT": ["pt-PT"],
    "IT": ["it"],
    "FR": ["fr"],
    "GR": ["el"],
    "PL": ["pl"],
    "CZ": ["cs"],
    "SK": ["sk"],
    "HU": ["hu"],
    "RO": ["ro"],
    "BG": ["bg"],
    "HR": ["hr"],
    "UA": ["uk"],
    "US": ["en"],
    "CA": ["en", "fr"],
    "MX": ["es"],
    "BR": ["pt-BR"],
    "AR": ["es"],
    "CL": ["es"],
    "CO": ["es"],
    "PE": ["es"],
    "JP": ["ja"],
    "KR": ["ko"],
    "CN": ["zh-Hans"],
    "TW": ["zh-Hant"],
    "AU": ["en"],
    "NZ": ["en"],
    "SG": ["en", "ms"],
    "IN": ["hi", "en", "ta"],
    "ID": ["id"],
    "VN": ["vi"],
    "TH": ["th"],
    "IL": ["he"],
    "AE": ["ar"],
    "SA": ["ar"],
    "EG": ["ar"],
    "ZA": ["en"],
    "NG": ["en"],
    "KE": ["en"],
    "TR": ["tr"],
    "NL": ["nl"],
    "BE": ["nl", "fr"],
}

FIRST_NAMES = [
    "Aoife",
    "Liam",
    "Sven",
    "Ingrid",
    "Lucía",
    "Mateo",
    "Yuki",
    "Haruki",
    "Priya",
    "Arjun",
    "Olivia",
    "Noah",
    "Chloé",
    "Hugo",
    "Giulia",
    "Luca",
    "Zofia",
    "Jakub",
    "Ana",
    "João",
    "Min-jun",
    "Seo-yeon",
    "Wei",
    "Mei",
    "Fatima",
    "Omar",
    "Noa",
    "Eitan",
    "Emma",
    "Lukas",
    "Sara",
    "Mikael",
    "Elena",
    "Andrei",
    "Thabo",
    "Amara",
    "Diego",
    "Valentina",
    "Kwame",
    "Ayşe",
    "Mehmet",
    "Nguyen",
    "Linh",
    "Siti",
    "Budi",
    "Kai",
    "Freya",
]
LAST_NAMES = [
    "Murphy",
    "O'Brien",
    "Schmidt",
    "Müller",
    "Johansson",
    "Nielsen",
    "García",
    "Fernández",
    "Rossi",
    "Costa",
    "Kowalski",
    "Novák",
    "Tanaka",
    "Suzuki",
    "Kim",
    "Park",
    "Chen",
    "Wang",
    "Patel",
    "Sharma",
    "Silva",
    "Santos",
    "Dubois",
    "Martin",
    "Cohen",
    "Levi",
    "Haddad",
    "Mansour",
    "Okafor",
    "Mensah",
    "Nkosi",
    "Yılmaz",
    "Kaya",
    "Tran",
    "Pham",
    "Santoso",
    "Lindberg",
    "Virtanen",
    "Popescu",
    "Ivanova",
    "Horvat",
    "Smith",
]
HEADLINES = [
    "Community speaker and user group organiser for {x}",
    "Writes about {x} every week",
    "Answers {x} questions on forums",
    "Builds free tools for {x} admins",
    "Runs the local {x} meetup",
    "Docs contributor and beta tester for {x}",
    "Podcaster: the {x} show",
    "{x} trainer and mentor",
]


def headlines_follow(rng: random.Random, expertise_names: dict[User, str]) -> None:
    """Give each person a headline in the expertise their award or nomination
    has (the headline seeded with the person knew none yet)."""
    for user, name in expertise_names.items():
        user.headline = rng.choice(HEADLINES).format(x=name)
    User.objects.bulk_update(list(expertise_names), ["headline"], batch_size=1000)


@dataclass
class DemoPeople:
    admin: User
    lead: User
    employee: User
    leads: list[User]
    employees: list[User]
    people: list[User] = field(default_factory=list)


def _role(role: Role) -> Group:
    return Group.objects.get(name=role)


def create_staff(rng: random.Random) -> DemoPeople:
    """Demo logins (one per staff role), every region with its lead, employees."""
    password = make_password(DEMO_PASSWORD)
    admin = User.objects.create(
        email=f"admin@{DEMO_DOMAIN}", display_name="Ada Admin", country="US", is_staff=True, password=password
    )
    admin.groups.add(_role(Role.PROGRAM_ADMIN), _role(Role.EMPLOYEE))
    leads = []
    for index, (name, countries, lead_name) in enumerate(REGIONS):
        email = f"lead@{DEMO_DOMAIN}" if index == 0 else f"lead.{countries[0].lower()}@{DEMO_DOMAIN}"
        lead = User.objects.create(email=email, display_name=lead_name, country=countries[0], password=password)
        lead.groups.add(_role(Role.MVP_LEAD), _role(Role.EMPLOYEE))
        region = Region.objects.create(name=name, countries=countries)
        region.leads.add(lead)
        leads.append(lead)
    employees = []
    for index, (display_name, country) in enumerate(
        [("Emma Employee", "US"), ("Raj Raman", "IN"), ("Claire Dubois", "FR"), ("Tomás Ruiz", "ES")]
    ):
        email = f"employee@{DEMO_DOMAIN}" if index == 0 else f"employee{index}@{DEMO_DOMAIN}"
        employee = User.objects.create(email=email, display_name=display_name, country=country, password=password)
        employee.groups.add(_role(Role.EMPLOYEE))
        employees.append(employee)
    return DemoPeople(admin=admin, lead=leads[0], employee=employees[0], leads=leads, employees=employees)


def create_people(
    rng: random.Random,
    count: int,
    *,
    prefix: str,
    first_email: str | None = None,
    home_share: float = 0.0,
    home_first: int = 1,
) -> list[User]:
    """``count`` community members with profiles, languages and online identities.

    About ``home_share`` of them live in the demo lead's region (Ireland and
    the UK), and the first ``home_first`` of them always, so that the demo
    lead's queues are not empty even in a small demo.
    """
    password = make_password(DEMO_PASSWORD)
    countries = [c for _, cs, _ in REGIONS for c in cs] + UNLED_COUNTRIES
    expertises = list(Expertise.objects.values_list("name", flat=True))
    users = []
    for n in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if n == 0:
            country = "IE"
        elif n < home_first or rng.random() < home_share:
            country = rng.choice(["IE", "GB"])
        else:
            country = rng.choice(countries)
        email = first_email if (n == 0 and first_email) else f"{prefix}{n:05d}@{DEMO_DOMAIN}"
        users.append(
            User(
                email=email,
                display_name=f"{first} {last}",
                country=country,
                headline=rng.choice(HEADLINES).format(x=rng.choice(expertises)),
                biography=(
                    # No number of years: it would have to agree with the awards seeded later.
                    f"{first} shares what they know with the community: talks, posts, answers and free tools."
                ),
                password=password,
                show_in_directory=rng.random() > 0.05,
            )
        )
    users = User.objects.bulk_create(users, batch_size=1000)
    language_ids = dict(Language.objects.values_list("code", "pk"))
    Through = User.languages.through
    links = []
    identities = []
    for user in users:
        codes = set(COUNTRY_LANGUAGES.get(str(user.country), ["en"])[:2])
        if rng.random() < 0.6:
            codes.add("en")
        links += [Through(user_id=user.pk, language_id=language_ids[c]) for c in sorted(codes)]
        slug = user.email.split("@")[0].replace(".", "-")
        identities.append(
            OnlineIdentity(user=user, kind=OnlineIdentity.Kind.WEBSITE, url=f"https://{slug}.blog.example/")
        )
        if rng.random() < 0.5:
            identities.append(
                OnlineIdentity(user=user, kind=OnlineIdentity.Kind.GITHUB, url=f"https://github.com/{slug}")
            )
    Through.objects.bulk_create(links, batch_size=2000)
    OnlineIdentity.objects.bulk_create(identities, batch_size=2000)
    return users


def seed(context) -> None:
    """Staff with one login per role, regions and leads, and the community."""
    rng = context.rng
    staff = create_staff(rng)
    mvps = create_people(rng, context.mvps, prefix="mvp", first_email=f"mvp@{DEMO_DOMAIN}", home_share=0.1)
    lapsed = create_people(rng, max(1, context.mvps // 10), prefix="alumni")
    nominees = create_people(
        rng,
        max(10, context.mvps // 4),
        prefix="nominee",
        first_email=f"nominee@{DEMO_DOMAIN}",
        home_share=0.4,
        home_first=10,
    )
    context.objects.update(
        admin=staff.admin,
        lead=staff.lead,
        employee=staff.employee,
        leads=staff.leads,
        employees=staff.employees,
        mvps=mvps,
        lapsed=lapsed,
        nominees=nominees,
    )
    context.logins += [
        ("Program admin", staff.admin.email),
        ("MVP lead", staff.lead.email),
        ("Employee", staff.employee.email),
        ("MVP (in the renewal window)", mvps[0].email),
        ("Nominee", nominees[0].email),
    ]
    context.summary.append(
        f"{len(mvps)} MVPs, {len(lapsed)} lapsed MVPs, {len(nominees)} nominees, {len(staff.leads)} regions with leads"
    )


def delete_all() -> None:
    """People and regions go; reference data (expertises, languages) stays."""
    from mvp_portal.notices.models import Notice

    Notice.objects.all().delete()
    Region.objects.all().delete()
    User.objects.all().delete()
