"""Django's ``makemessages``, finding the words of the rows written in Python too.

``mvp_portal.html_rows.translated``, ``blocktranslated`` and ``blocktranslated_plural`` take a
msgid as ``gettext`` and ``ngettext`` do; without these keywords ``makemessages --no-obsolete``
(``make messages``) would drop their entries, translations and all, from every catalogue.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=translated",
        "--keyword=blocktranslated",
        "--keyword=blocktranslated_plural:1,2",
    ]
