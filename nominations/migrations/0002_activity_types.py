"""The activity types programs of this kind use, with their metric labels.

Data, not code: program admins edit them in the admin afterwards.
"""

from django.db import migrations

# slug, name, quantity, second quantity, reach, url_required, spans_dates, help
TYPES = [
    (
        "blog-post",
        "Blog or website post",
        "Posts",
        "Subscribers",
        "Unique visitors",
        True,
        False,
        "Articles on your own blog or website.",
    ),
    ("article", "Article", "Articles", "", "Views", False, False, "Articles published by others: magazines, sites."),
    ("book", "Book author or co-author", "Books", "", "Copies sold", False, False, ""),
    (
        "forum-answers",
        "Forum answers (Microsoft or third-party forums)",
        "Answers",
        "Posts",
        "Views",
        True,
        False,
        "Link to your profile or to the answers.",
    ),
    ("forum-moderator", "Forum moderator", "Threads moderated", "", "", False, True, ""),
    ("documentation", "Documentation contribution", "Pull requests or submissions", "", "", False, False, ""),
    (
        "open-source",
        "Sample code, tools or open-source project",
        "Projects",
        "",
        "Downloads or contributions",
        True,
        False,
        "Free tools and solutions; link to the repository or download page.",
    ),
    ("user-group", "User group or meetup organizer", "Meetings", "", "Members", False, True, ""),
    ("conference-organizer", "Conference organizer", "Conferences", "", "Attendees", False, False, ""),
    ("speaking", "Speaking at a conference or user group", "Talks", "", "Attendees", False, False, ""),
    ("video", "Video, webcast or podcast", "Episodes", "", "Views", True, False, ""),
    (
        "product-feedback",
        "Beta or release-candidate feedback to the product group",
        "Feedback items",
        "Events",
        "",
        False,
        False,
        "",
    ),
    ("mentorship", "Mentorship", "Mentees", "", "", False, True, ""),
    ("social-media", "Technical social media", "Followers", "", "", False, True, ""),
    ("translation-review", "Translation and content review", "Items translated or reviewed", "", "", False, False, ""),
    ("other", "Other", "Items", "", "Reach", False, False, "Anything else you shared with the community."),
]


def create_types(apps, schema_editor):
    ActivityType = apps.get_model("nominations", "ActivityType")
    for position, (slug, name, quantity, second, reach, url_required, spans, help_text) in enumerate(TYPES, 1):
        ActivityType.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "quantity_label": quantity,
                "second_quantity_label": second,
                "reach_label": reach,
                "url_required": url_required,
                "spans_dates": spans,
                "help_text": help_text,
                "position": position * 10,
            },
        )


def delete_types(apps, schema_editor):
    ActivityType = apps.get_model("nominations", "ActivityType")
    ActivityType.objects.filter(slug__in=[row[0] for row in TYPES], activities__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("nominations", "0001_initial")]

    operations = [migrations.RunPython(create_types, delete_types)]
