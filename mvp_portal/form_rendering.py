"""The project's form renderer (``FORM_RENDERER``): Django's, except that a
``<select>`` is written here in Python instead of through Django's templates.

Django renders every ``<option>`` through its own template, which includes a
third for its attributes: the profile form's countries, languages and time
zones, the activity form's types and expertises and the desks' filters are
hundreds of options, and rendering them was most of those pages' template time
(bench/NOTES.md). The HTML is the same, byte for byte, as Django's
``django/forms/widgets/select.html`` (``tests/test_form_rendering.py`` compares
the two on every select of the portal's forms); a select whose options use
another template is left to the templates.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    # As django/forms/widgets/attrs.html: False leaves the attribute out, True writes its bare name.
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_select(widget: dict) -> SafeString:
    """``widget`` (a Select's template context) as Django's select templates write it."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)


class QuickSelectRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT_TEMPLATE else None
        if widget is not None and all(
            option["template_name"] == OPTION_TEMPLATE
            for _name, options, _index in widget["optgroups"]
            for option in options
        ):
            return render_select(widget)
        return super().render(template_name, context, request)
