"""Tie the activity types to the MVP API's 24 contribution types.

Each legacy type is recognised either as one of ours (``legacy_id``: the GUID
the legacy API shows for it) or as an alias of ours (its names in ``aliases``;
its GUID resolves through them, see ``nominations/legacy.py``). Three kinds of
community work the legacy list has and ours lacked get their own type. Which
legacy number (AnnualQuantity, SecondAnnualQuantity, AnnualReach) is which of
our numbers is decided per type from what the legacy clients labelled them
(sources in ``nominations/legacy_data.py``): for Mentorship, AnnualReach is the
number of mentees, our first number. Two types gain the second number their
legacy type counts, labelled as the legacy clients labelled it.

The table is frozen here so that this migration means the same thing forever;
program admins edit types, ids, aliases and the mapping in the admin afterwards.
"""

from django.db import migrations

AQ, SAQ, AR = "AnnualQuantity", "SecondAnnualQuantity", "AnnualReach"

# Kinds of community work in the legacy list that no type of ours covered.
# slug, name, quantity, second quantity, reach, url_required, spans_dates, help, position
NEW_TYPES = [
    # "Site Owner": running a community website is not the posts on it (blog-post counts those).
    ("site-owner", "Site owner", "Sites", "", "Visitors", False, True,
     "A community website or forum you run.", 15),
    # "Conference (Staffing)": staffing a booth or expert desk is neither speaking nor organising.
    ("conference-staffing", "Conference booth or staffing", "Conferences", "", "Visitors", False, False,
     "Staffing a booth or an expert desk at a conference.", 95),
    # "Workshop/Volunteer/Proctor": hands-on help at events, which none of ours described.
    ("workshop-volunteer", "Workshop, volunteer or proctor", "Events", "", "", False, False,
     "Hands-on labs, volunteering or exam proctoring at community events.", 105),
]

# New labels for numbers a legacy type counts and ours did not: slug -> (field, old, new).
LABELS = [
    # Mentorship: AnnualQuantity is "Number of Mentorship Activity"; our first number stays the mentees.
    ("mentorship", "second_quantity_label", "", "Mentorship activities"),
    # Technical Social Media: AnnualQuantity counts posts; our first number stays the followers.
    ("social-media", "second_quantity_label", "", "Posts"),
]

# slug -> (legacy id, aliases, {legacy number: our number or None}, why these legacy types are this type)
TYPES = {
    "article": (
        "e36464de-179a-e411-bbc8-6c3be5a82b68",
        ["Article"],
        {AQ: "quantity", SAQ: None, AR: "reach"},
        "The same kind of work.",
    ),
    "blog-post": (
        "df6464de-179a-e411-bbc8-6c3be5a82b68",
        ["Blog/Website Post", "Blog Site Posts", "Blog/WebSite Post", "WebSite Posts", "Website Posts",
         "Blog post", "Website post"],
        {AQ: "quantity", SAQ: "second_quantity", AR: "reach"},
        "Posts, subscribers and unique visitors, as in 2017 (Blog Site Posts, WebSite Posts) and 2019-2022.",
    ),
    "book": (
        "db6464de-179a-e411-bbc8-6c3be5a82b68",
        ["Book (Author)", "Book (Co-Author)", "Book"],
        {AQ: "quantity", SAQ: None, AR: "reach"},
        "Ours covers author and co-author alike: Book (Co-Author) is an alias.",
    ),
    "forum-answers": (
        "d76464de-179a-e411-bbc8-6c3be5a82b68",
        ["Forum Participation (Microsoft Forums)", "Forum Participation (3rd Party forums)", "Forum answers"],
        {AQ: "quantity", SAQ: "second_quantity", AR: "reach"},
        "Ours covers Microsoft and third-party forums: the third-party type is an alias.",
    ),
    "forum-moderator": (
        "f96464de-179a-e411-bbc8-6c3be5a82b68",
        ["Forum Moderator"],
        {AQ: "quantity", SAQ: None, AR: None},
        "The same kind of work; threads moderated.",
    ),
    "documentation": (
        "0ce0dc15-0304-e911-8171-3863bb2bca60",
        ["Docs.Microsoft.com Contribution", "Documentation"],
        {AQ: "quantity", SAQ: None, AR: None},
        "Pull requests, issues or submissions to documentation.",
    ),
    "open-source": (
        "e96464de-179a-e411-bbc8-6c3be5a82b68",
        ["Sample Code/Projects/Tools", "Microsoft Open Source Projects", "Non-Microsoft Open Source Projects",
         "Open Source Project(s)", "Code Samples", "Code Project/Tools", "Sample Code", "Sample Project/Tools",
         "Open source"],
        # Contributions were read from AnnualReach by the API-era apps and written to SecondAnnualQuantity by
        # the 2020-2023 web portal: both are read, AnnualReach is preferred and written.
        {AQ: "quantity", SAQ: "reach", AR: "reach"},
        "Ours covers sample code, tools and open source, Microsoft's or not: the open-source types are aliases.",
    ),
    "user-group": (
        "fd6464de-179a-e411-bbc8-6c3be5a82b68",
        ["Organizer (User Group/Meetup/Local Events)", "User Group Owner"],
        {AQ: "quantity", SAQ: None, AR: "reach"},
        "Meetings and members, as User Group Owner in 2017.",
    ),
    "conference-organizer": (
        "ef6464de-179a-e411-bbc8-6c3be5a82b68",
        ["Organizer of Conference", "Conference (organizer)"],
        {AQ: "quantity", SAQ: None, AR: "reach"},
        "The same kind of work; the GUID carried Conference (organizer) in 2017.",
    ),
    "speaking": (
        "d16464de-179a-e411-bbc8-6c3be5a82b68",
        ["Speaking (Conference)", "Speaking (User Group/Meetup/Local events)", "Speaking (Local)",
         "Speaking (User group)", "Speaking"],
        {AQ: "quantity", SAQ: None, AR: "reach"},
        "Ours covers conferences and user groups: the user-group and local types are aliases.",
    ),
    "video": (
        "e56464de-179a-e411-bbc8-6c3be5a82b68",
        ["Video/Webcast/Podcast", "Video", "Webcast", "Podcast"],
        {AQ: "quantity", SAQ: None, AR: "reach"},
        "Videos, webcasts and podcasts, merged by the API in 2019 as ours are.",
    ),
    "product-feedback": (
        "016564de-179a-e411-bbc8-6c3be5a82b68",
        ["Product Group Feedback", "Product Group Feedback (General)", "Product Group Interaction (PGI)"],
        # AnnualQuantity counts events; feedbacks were AnnualReach for the API-era apps and
        # SecondAnnualQuantity for the 2020-2023 web portal: both are read, AnnualReach is preferred and written.
        {AQ: "second_quantity", SAQ: "quantity", AR: "quantity"},
        "The same kind of work; our first number is the feedback items, the legacy first number the events.",
    ),
    "mentorship": (
        "f76464de-179a-e411-bbc8-6c3be5a82b68",
        ["Mentorship"],
        {AQ: "second_quantity", SAQ: None, AR: "quantity"},
        "The same kind of work; AnnualReach is the number of mentees, our first number.",
    ),
    "social-media": (
        "eb6464de-179a-e411-bbc8-6c3be5a82b68",
        ["Technical Social Media (Twitter, Facebook, LinkedIn...)", "Technical Social Media", "Social media"],
        {AQ: "second_quantity", SAQ: None, AR: "quantity"},
        "The same kind of work; AnnualReach is the followers, our first number.",
    ),
    "translation-review": (
        "056564de-179a-e411-bbc8-6c3be5a82b68",
        ["Translation Review, Feedback and Editing"],
        {AQ: "quantity", SAQ: None, AR: None},
        "The same kind of work.",
    ),
    "other": (
        "ff6464de-179a-e411-bbc8-6c3be5a82b68",
        ["Other"],
        {AQ: "quantity", SAQ: None, AR: "reach"},
        "The same catch-all.",
    ),
    "site-owner": (
        "fb6464de-179a-e411-bbc8-6c3be5a82b68",
        ["Site Owner"],
        {AQ: "quantity", SAQ: None, AR: "reach"},
        "New: sites and visitors.",
    ),
    "conference-staffing": (
        "f16464de-179a-e411-bbc8-6c3be5a82b68",
        ["Conference (Staffing)", "Conference (booth presenter)"],
        {AQ: "quantity", SAQ: None, AR: "reach"},
        "New: conferences and visitors; Conference (booth presenter) was its 2017 name.",
    ),
    "workshop-volunteer": (
        "0ee0dc15-0304-e911-8171-3863bb2bca60",
        ["Workshop/Volunteer/Proctor"],
        {AQ: "quantity", SAQ: None, AR: None},
        "New: events.",
    ),
}


def load(apps, schema_editor):
    ActivityType = apps.get_model("nominations", "ActivityType")
    for slug, name, quantity, second, reach, url_required, spans, help_text, position in NEW_TYPES:
        if ActivityType.objects.filter(slug=slug).exists() or ActivityType.objects.filter(name=name).exists():
            continue
        ActivityType.objects.create(
            slug=slug,
            name=name,
            quantity_label=quantity,
            second_quantity_label=second,
            reach_label=reach,
            url_required=url_required,
            spans_dates=spans,
            help_text=help_text,
            position=position,
        )
    for slug, field, old, new in LABELS:
        ActivityType.objects.filter(slug=slug, **{field: old}).update(**{field: new})
    for slug, (legacy_id, aliases, mapping, _why) in TYPES.items():
        if ActivityType.objects.filter(legacy_id=legacy_id).exclude(slug=slug).exists():
            continue  # an admin already gave this id to another type
        ActivityType.objects.filter(slug=slug, legacy_id__isnull=True).update(
            legacy_id=legacy_id, aliases=aliases, legacy_quantities=mapping
        )


def unload(apps, schema_editor):
    ActivityType = apps.get_model("nominations", "ActivityType")
    ActivityType.objects.filter(slug__in=list(TYPES)).update(legacy_id=None, aliases=[], legacy_quantities={})
    for slug, field, old, new in LABELS:
        ActivityType.objects.filter(slug=slug, **{field: new}).update(**{field: old})
    ActivityType.objects.filter(slug__in=[row[0] for row in NEW_TYPES], activities__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("nominations", "0005_activitytype_legacy_fields")]

    operations = [migrations.RunPython(load, unload)]
