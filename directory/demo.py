"""Demo perks for ``seed_demo``: two NDA versions (most MVPs accepted the current one,
some only the older one, the demo MVP is asked again; the current one also in German and
Japanese, each acceptance in the language it was read in), briefings in a few expertises,
award kits in every state, some profiles hidden from the directory, alumni
and a summit whose registration is open, full, with a waitlist."""

from datetime import datetime, time, timedelta

from mvp_portal.accounts.models import User

from .models import AwardKit, Briefing, NdaAcceptance, NdaVersion

CARRIERS = ["An Post", "DHL Express", "UPS", "FedEx", "La Poste", "Deutsche Post"]
NDA_TEXT = """This agreement covers confidential information shared with you as an MVP: product plans, early builds,
briefings and anything marked confidential.

1. You keep confidential information to yourself and do not publish, post or pass it on.
2. You use it only to give feedback to the product groups.
3. The obligation lasts while you are an MVP and two years after.
4. A breach ends your award."""

# The current version's text in two more languages: the demo MVP reads and accepts it in theirs.
NDA_TRANSLATIONS = {
    "de": {
        "text": """Diese Vereinbarung umfasst vertrauliche Informationen, die Ihnen als MVP mitgeteilt werden:
Produktpläne, frühe Builds, Briefings und alles, was als vertraulich gekennzeichnet ist.

1. Sie behalten vertrauliche Informationen für sich und veröffentlichen oder geben sie nicht weiter.
2. Sie nutzen sie nur, um den Produktgruppen Feedback zu geben.
3. Die Pflicht gilt, solange Sie MVP sind, und zwei Jahre danach.
4. Ein Verstoß beendet Ihre Auszeichnung.
5. Auch frühe Builds sind erfasst."""
    },
    "ja": {
        "text": """本契約は、MVP としてあなたに共有される機密情報を対象とします：製品計画、初期ビルド、
ブリーフィング、および機密と記されたすべてのもの。

1. 機密情報は自分の中にとどめ、公開・投稿・第三者への提供をしません。
2. 製品グループへのフィードバックのためにのみ使用します。
3. この義務は MVP である間とその後 2 年間続きます。
4. 違反した場合、アワードは終了します。
5. 初期ビルドも対象です。"""
    },
}
BRIEFING_TRANSLATIONS = {
    "Early build: feedback wanted": {
        "de": {"title": "Früher Build: Feedback erwünscht"},
        "ja": {"title": "初期ビルド：フィードバック募集"},
    },
}

BRIEFINGS = [
    (
        "Roadmap preview for the next two releases",
        "What ships in the next two releases, and where your feedback can still change it.\n\n"
        "The next release, due in about three months, concentrates on reliability: faster start-up on large "
        "installations, a reworked update channel that can roll back a failed update by itself, and the "
        "long-requested export of every setting as one file. Its feature set is frozen; bug reports are what "
        "helps now.\n\n"
        "The release after it is still open. The product group is choosing between a redesigned administration "
        "console and deeper scripting support, and would like to hear which of the two your communities ask "
        "about more often — and why. Examples from forum threads, user-group questions or your own projects are "
        "the most useful kind of answer.\n\n"
        "What we ask of you: read the preview notes linked in this briefing's follow-up, try the scenarios that "
        "matter to the people you help, and send your findings through the feedback channel before the end of "
        "next month. Everything in this briefing is covered by the NDA until the public announcement; please do "
        "not quote dates or feature names in public.",
    ),
    (
        "Early build: feedback wanted",
        "An early build of the next release is available to you, ahead of the public preview.\n\n"
        "It is an early build: expect rough edges, missing documentation and the occasional crash. Install it on "
        "a test machine or a virtual machine, not on anything you rely on. The build expires after ninety days "
        "and then refuses to start; your data stays readable by the current release.\n\n"
        "The product group would like frank reports on three things in particular: upgrading an existing "
        "installation with a few years of data, the new first-run experience, and anything that used to work "
        "and no longer does. A short report with the steps to reproduce is worth more than a long one without "
        "them; screenshots and logs help.\n\n"
        "The build and this briefing are confidential under the NDA: do not publish screenshots, benchmarks or "
        "reviews of it until the public preview is announced. Once it is, you are welcome to write about what "
        "you found — many of you did last time, and the product group noticed.",
    ),
    (
        "Summit sessions for your expertise",
        "The product group's sessions at this year's summit, and how to take part in them.\n\n"
        "Over the two days the group runs four sessions for your expertise: a roadmap discussion with the "
        "program managers, a hands-on lab with the early build, an open feedback round where nothing is off the "
        "table, and a small-group session on documentation, where you can tell the writers what your "
        "communities cannot find.\n\n"
        "Seats in the lab and the small-group session are limited; sign up on the summit page as soon as "
        "registration opens. The roadmap discussion and the feedback round are open to every MVP of the "
        "expertise who is registered for the summit.\n\n"
        "If you cannot travel, the roadmap discussion is recorded and shared here afterwards, under the same "
        "NDA as the session itself. Questions you would like the product group to answer can be sent in "
        "advance through the feedback channel; the most frequent ones open the session.",
    ),
]


def _at(day, hour=9):
    from django.utils import timezone

    return datetime.combine(day, time(hour, 0), tzinfo=timezone.get_current_timezone())


def seed(context) -> None:
    rng, today = context.rng, context.today
    mvps: list[User] = context.objects["mvps"]
    current = {a.user_id: a for a in context.objects["awards"] if a.starts_on <= today <= a.ends_on}

    older = NdaVersion.objects.create(
        version=f"{today.year - 1}.1", text=NDA_TEXT, published_at=_at(today - timedelta(days=400))
    )
    nda = NdaVersion.objects.create(
        version=f"{today.year}.1",
        text=NDA_TEXT + "\n5. Early builds are covered too.",
        translations=NDA_TRANSLATIONS,
        published_at=_at(today - timedelta(days=60)),
    )
    NdaVersion.objects.create(version=f"{today.year + 1}.1 (draft)", text=NDA_TEXT, published_at=None)
    acceptances = []
    for index, user in enumerate(mvps):
        roll = rng.random()
        if index == 0 or roll < 0.15:  # the demo MVP is asked to accept the new version
            acceptances.append(NdaAcceptance(user=user, version=older, accepted_at=_at(today - timedelta(days=300))))
        elif roll < 0.95:  # most MVPs accepted the current version
            acceptances.append(NdaAcceptance(user=user, version=older, accepted_at=_at(today - timedelta(days=300))))
            acceptances.append(
                NdaAcceptance(
                    user=user,
                    version=nda,
                    accepted_at=_at(today - timedelta(days=rng.randint(1, 59))),
                    language=rng.choice(["en", "en", "de", "ja"]),
                )
            )
    NdaAcceptance.objects.bulk_create(acceptances, batch_size=2000)

    # Briefings in the demo MVP's expertise and a few others; one is still a draft.
    expertise_ids = [a.expertise_id for a in current.values()]
    chosen = list(
        dict.fromkeys([current[mvps[0].pk].expertise_id, *rng.sample(expertise_ids, min(4, len(expertise_ids)))])
    )
    admin = context.objects.get("admin")
    briefings = [
        Briefing(
            expertise_id=expertise_id,
            title=title,
            body=body,
            translations=BRIEFING_TRANSLATIONS.get(title, {}),
            published_at=_at(today - timedelta(days=7 * (n + 1))),
            created_by=admin,
        )
        for expertise_id in chosen
        for n, (title, body) in enumerate(BRIEFINGS)
    ]
    briefings.append(
        Briefing(
            expertise_id=chosen[0], title="Draft: next quarter's preview", body="Not published yet.", created_by=admin
        )
    )
    Briefing.objects.bulk_create(briefings)

    # Award kits of the current awards: none yet, address confirmed, shipped; the demo MVP has none.
    kits = []
    for award in current.values():
        if award.user_id == mvps[0].pk:
            continue
        roll = rng.random()
        if roll < 0.2:
            continue  # no kit yet: the MVP is asked for the address
        address = f"{rng.randint(1, 200)} Main Street\n{rng.randint(1000, 99999)} City"
        confirmed = _at(max(award.starts_on, today - timedelta(days=50)) + timedelta(days=rng.randint(0, 5)))
        if roll < 0.35:
            kits.append(AwardKit(award=award, shipping_address=""))  # opened, address still needed
        elif roll < 0.65:
            kits.append(AwardKit(award=award, shipping_address=address, address_confirmed_at=confirmed))
        else:
            kits.append(
                AwardKit(
                    award=award,
                    shipping_address=address,
                    address_confirmed_at=confirmed,
                    shipped_on=min(today, confirmed.date() + timedelta(days=rng.randint(3, 20))),
                    carrier=rng.choice(CARRIERS),
                    carrier_reference=f"RR{rng.randint(10**8, 10**9 - 1)}",
                )
            )
    AwardKit.objects.bulk_create(kits, batch_size=2000)

    # Some MVPs hide their profile from the directory (never the demo MVP).
    hidden = [user.pk for user in mvps[1:] if rng.random() < 0.05]
    User.objects.filter(pk__in=hidden).update(show_in_directory=False)

    alumni = _seed_alumni(context)
    summit, seated, waiting = _seed_summit(
        context, nda=nda, accepted=[a.user_id for a in acceptances if a.version is nda]
    )

    context.objects.update(nda=nda, briefings=briefings, kits=kits, summit=summit)
    context.summary.append(
        f"NDA {nda.version} accepted by {sum(1 for a in acceptances if a.version is nda)} of {len(mvps)} MVPs, "
        f"{len(briefings)} briefings in {len(chosen)} expertises, {len(kits)} award kits "
        f"({sum(1 for k in kits if k.shipped_on)} shipped), {len(hidden)} hidden profiles, "
        f"{alumni} alumni listed, a summit with {seated} seated and {waiting} on its waitlist"
    )


def _seed_alumni(context) -> int:
    """Most people whose award lapsed opted in to the alumni section (the first always does)."""
    from .selectors import alumni

    rng, today = context.rng, context.today
    lapsed = list(alumni(today).order_by("pk").values_list("pk", flat=True))
    listed = [pk for n, pk in enumerate(lapsed) if n == 0 or rng.random() < 0.6]
    User.objects.filter(pk__in=listed).update(show_in_alumni=True)
    return len(listed)


def _seed_summit(context, *, nda, accepted: list[int]):
    """This year's summit, its registration open: full, with a waitlist; sessions for the
    demo MVP's expertise and for everyone. (Rows are written directly: a demo sends no mail.)"""
    from .models import Summit, SummitRegistration, SummitSession
    from .selectors import summit_invitees

    rng, today = context.rng, context.today
    starts_on = today + timedelta(days=90)
    summit = Summit.objects.create(
        name=f"MVP Summit {starts_on.year}",
        place="Redmond, Microsoft campus",
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=3),
        capacity=8,
        registration_opens_on=today - timedelta(days=10),
        registration_closes_on=starts_on - timedelta(days=14),
        nda_version=nda,
        created_by=context.objects.get("admin"),
    )
    keynote = SummitSession.objects.create(summit=summit, title="Keynote: the year ahead")
    demo_award = context.objects["mvps"][0].awards.order_by("-starts_on").first()
    SummitSession.objects.create(
        summit=summit, expertise_id=demo_award.expertise_id, title="Product group: roadmap and early builds"
    )
    invited = set(summit_invitees(summit).values_list("pk", flat=True))
    people = [pk for pk in accepted if pk in invited][: summit.capacity + 3]
    if len(people) <= summit.capacity:  # a small demo: fewer seats, so that there is a waitlist
        summit.capacity = max(1, len(people) * 2 // 3)
        summit.save(update_fields=["capacity"])
    registrations = []
    for n, pk in enumerate(people):
        registrations.append(
            SummitRegistration(
                summit=summit,
                user_id=pk,
                state="registered" if n < summit.capacity else "waitlisted",
                dietary_needs=rng.choice(["", "", "Vegetarian", "No nuts"]),
                queued_at=_at(today - timedelta(days=9) + timedelta(hours=n), hour=10),
            )
        )
    SummitRegistration.objects.bulk_create(registrations)
    for registration in registrations:
        registration.sessions.add(keynote)
    seated = sum(1 for r in registrations if r.state == "registered")
    return summit, seated, len(registrations) - seated


def delete_all() -> None:
    from .models import Summit

    Summit.objects.all().delete()
    AwardKit.objects.all().delete()
    Briefing.objects.all().delete()
    NdaAcceptance.objects.all().delete()
    NdaVersion.objects.all().delete()
