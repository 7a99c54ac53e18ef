"""Demo nominations and dossiers for ``seed_demo``.

About a quarter of the community are nominees: nominations in every state
(waiting for the lead, invited — some links expired —, claimed, closed),
supporters, and for the claimed ones a *new* dossier in the open cycle with
about 50 activities: mostly drafts, several submitted, one returned. The demo
nominee (nominees[0], nominee@mvp.example) has a draft with 56 activities or more (two pages of its table).
Everything is bulk-inserted so that ``--mvps 4000`` stays fast.
"""

from datetime import timedelta

from django.utils import timezone

from mvp_portal import program_calendar as cal
from mvp_portal.accounts.demo import headlines_follow
from mvp_portal.accounts.models import Expertise

from .models import Activity, ActivityType, Dossier, DossierLogEntry, Invitation, Nomination, NominationSupport

STATEMENT = (
    "{name} answers questions on the forums nearly every day, keeps a blog with detailed walkthroughs of "
    "{expertise}, and has spoken at several user groups this year. Many people in the community learnt "
    "from their posts and free tools."
)
TITLES = {
    "blog-post": [
        "Getting started with {x}",
        "Five things I wish I knew about {x}",
        "Troubleshooting {x} in production",
    ],
    "article": ["{x} in practice", "A field guide to {x}"],
    "forum-answers": ["Answers on Microsoft Q&A about {x}", "Stack Overflow answers: {x}"],
    "speaking": ["{x} deep dive at the local user group", "Lessons learnt with {x} (conference talk)"],
    "video": ["Live stream: {x} from scratch", "Podcast episode on {x}"],
    "open-source": ["{x} toolkit (open source)", "Sample scripts for {x}"],
    "user-group": ["Running the {x} meetup"],
    "documentation": ["Docs fixes for {x}"],
    "product-feedback": ["Preview feedback on {x}"],
    "mentorship": ["Mentoring newcomers in {x}"],
}
PER_DOSSIER = 50


def _activities(
    rng, dossier: Dossier, types: dict[str, ActivityType], expertise_name: str, today, *, at_least: int = 0
) -> list[Activity]:
    rows = []
    slugs = list(TITLES)
    days = (dossier.period_end - dossier.period_start).days
    count = max(at_least, PER_DOSSIER + rng.randint(-8, 8))
    for n in range(count):
        slug = rng.choice(slugs)
        activity_type = types[slug]
        started_on = dossier.period_start + timedelta(days=rng.randint(0, days))
        if n == 0:
            started_on = dossier.period_start - timedelta(days=40)  # one outside the period, shown as not counted
        title = rng.choice(TITLES[slug]).format(x=expertise_name)
        rows.append(
            Activity(
                dossier=dossier,
                activity_type=activity_type,
                title=f"{title} #{n + 1}",
                started_on=min(started_on, today),
                ended_on=min(started_on + timedelta(days=rng.randint(30, 200)), today)
                if activity_type.spans_dates
                else None,
                url=f"https://community.example/{dossier.owner_id}/{n + 1}",
                description="Shared with the community, unpaid.",
                quantity=rng.randint(1, 12),
                second_quantity=rng.randint(10, 400) if activity_type.second_quantity_label else None,
                reach=rng.randint(20, 20000) if activity_type.reach_label else None,
                visibility=Activity.Visibility.PRIVATE if rng.random() < 0.1 else Activity.Visibility.PUBLIC,
            )
        )
    return rows


def seed(context) -> None:
    rng, today = context.rng, context.today
    nominees = context.objects.get("nominees", [])
    if not nominees:
        return
    nominators = list(context.objects.get("mvps", [])[:200]) + list(context.objects.get("employees", []))
    nominators = nominators or [context.objects["employee"]]
    expertises = list(Expertise.objects.filter(is_active=True))
    types = {t.slug: t for t in ActivityType.objects.all()}
    now = timezone.now()

    # States by position, so that even a small demo shows each of them; the demo nominee
    # (index 0) is claimed (documenting), like half of the others.
    cycle = "CCSICCISXC"
    letters = {
        "C": Nomination.State.CLAIMED,
        "S": Nomination.State.SUBMITTED,
        "I": Nomination.State.INVITED,
        "X": Nomination.State.CLOSED,
    }
    plan = [letters[cycle[index % len(cycle)]] for index in range(len(nominees))]
    nominations = []
    for person, state in zip(nominees, plan, strict=True):
        expertise = rng.choice(expertises)
        nominations.append(
            Nomination(
                nominee_name=person.display_name,
                nominee_email=person.email.lower(),
                nominee_country=person.country or "IE",
                expertise=expertise,
                statement=STATEMENT.format(name=person.display_name, expertise=expertise.name),
                links=f"https://{person.email.split('@')[0]}.blog.example/",
                nominator=rng.choice(nominators),
                nominee=person if state == Nomination.State.CLAIMED else None,
                state=state,
                closed_reason="Nominated again later under another address" if state == Nomination.State.CLOSED else "",
                invited_at=now - timedelta(days=rng.randint(2, 50)) if state != Nomination.State.SUBMITTED else None,
                claimed_at=now - timedelta(days=rng.randint(1, 20)) if state == Nomination.State.CLAIMED else None,
            )
        )
    nominations = Nomination.objects.bulk_create(nominations, batch_size=1000)
    headlines_follow(rng, {person: n.expertise.name for person, n in zip(nominees, nominations, strict=True)})

    supports = []
    for nomination in nominations[::3]:
        supporter = rng.choice(nominators)
        if supporter.pk != nomination.nominator_id:
            supports.append(NominationSupport(nomination=nomination, supporter=supporter, statement="Seconded."))
    NominationSupport.objects.bulk_create(supports, batch_size=1000)

    leads = context.objects.get("leads") or [context.objects["lead"]]
    invitations = []
    for nomination in nominations:
        if nomination.state in (Nomination.State.INVITED, Nomination.State.CLAIMED):
            invitations.append(
                Invitation(
                    nomination=nomination,
                    invited_by=rng.choice(leads),
                    used_at=nomination.claimed_at,
                    used_by=nomination.nominee,
                )
            )
    invitations = Invitation.objects.bulk_create(invitations, batch_size=1000)
    # created_at is set on insert; move some invitations back in time (some links have expired).
    for invitation in invitations[::5]:
        Invitation.objects.filter(pk=invitation.pk).update(created_at=now - timedelta(days=rng.choice([10, 35, 45])))

    award_date = cal.next_open_award_date(today)
    period_start, period_end = cal.add_months(today, -12) + timedelta(days=1), today
    claimed = [n for n in nominations if n.state == Nomination.State.CLAIMED]
    dossiers = []
    for index, nomination in enumerate(claimed):
        state = Dossier.State.DRAFT
        if index == 1:
            state = Dossier.State.RETURNED
        elif index in (2, 3, 4) or index % 3 == 2:
            state = Dossier.State.SUBMITTED
        dossiers.append(
            Dossier(
                owner_id=nomination.nominee_id,
                country=nomination.nominee_country,  # whose desk it is on
                kind=Dossier.Kind.NEW,
                state=state,
                nomination=nomination,
                expertise=nomination.expertise,
                award_date=award_date,
                period_start=period_start,
                period_end=period_end,
                submitted_at=now - timedelta(days=3) if state != Dossier.State.DRAFT else None,
                returned_at=now - timedelta(days=1) if state == Dossier.State.RETURNED else None,
                return_message="Thank you! Please add links to your forum answers and the attendance of your talks."
                if state == Dossier.State.RETURNED
                else "",
            )
        )
    dossiers = Dossier.objects.bulk_create(dossiers, batch_size=1000)

    activities, log = [], []
    lead = context.objects["lead"]
    for index, dossier in enumerate(dossiers):
        # The demo nominee's draft (the first) runs past one page of its activity table (50 a page).
        at_least = 56 if index == 0 else 0
        activities += _activities(rng, dossier, types, dossier.expertise.name, today, at_least=at_least)
        log.append(DossierLogEntry(dossier=dossier, actor_id=dossier.owner_id, action="opened", data={"kind": "new"}))
        if dossier.state != Dossier.State.DRAFT:
            log.append(DossierLogEntry(dossier=dossier, actor_id=dossier.owner_id, action="submitted"))
        if dossier.state == Dossier.State.RETURNED:
            log.append(DossierLogEntry(dossier=dossier, actor=lead, action="returned", message=dossier.return_message))
    Activity.objects.bulk_create(activities, batch_size=2000)
    DossierLogEntry.objects.bulk_create(log, batch_size=2000)

    from .sources.demo import seed_sources

    seed_sources(context, nominees[0])
    context.objects.update(
        nominations=nominations,
        dossiers=dossiers,
        submitted_dossiers=[d for d in dossiers if d.state == Dossier.State.SUBMITTED],
    )
    by_state = {state.label: sum(n.state == state for n in nominations) for state in Nomination.State}
    dossier_states = {state.label: sum(d.state == state for d in dossiers) for state in Dossier.State}
    context.summary.append(
        f"{len(nominations)} nominations ({', '.join(f'{k}: {v}' for k, v in by_state.items())}); "
        f"{len(dossiers)} dossiers for {award_date:%Y-%m-%d} "
        f"({', '.join(f'{k}: {v}' for k, v in dossier_states.items() if v)}) with {len(activities)} activities"
    )


def delete_all() -> None:
    from .sources.demo import delete_all as delete_sources

    delete_sources()
    DossierLogEntry.objects.all().delete()
    Activity.objects.all().delete()
    Dossier.objects.all().delete()
    Invitation.objects.all().delete()
    NominationSupport.objects.all().delete()
    Nomination.objects.all().delete()
