from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class QuickSelect(forms.Select):
    """A <select> written out in Python, for flat choices (no optgroups).

    Django's own renders every <option> through two templates (the option, then its attributes):
    the contact list's filters took longer to render that way than its 25 rows. The markup is
    the same: the attributes go through flatatt, as attrs.html writes them (True alone, False
    left out), and every value and label is escaped by format_html.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _, group, _ in widget["optgroups"]
                for option in group
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options
        )


class AutocompleteSelect(QuickSelect):
    """A select that renders only its current choice and fetches the rest as the user types.

    The field's queryset (always scoped to the owner) still validates what comes back; the widget
    just never renders thousands of <option>s. static/js/rapport.js turns it into a Tom Select.
    """

    def __init__(self, url_name: str, attrs=None):
        self.url_name = url_name
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        from django.urls import reverse

        attrs = {**(attrs or {}), "data-autocomplete-url": reverse(self.url_name)}
        return super().get_context(name, value, attrs)

    def optgroups(self, name, value, attrs=None):
        selected = {str(v) for v in value if v not in (None, "")}
        groups = []
        for index, (option_value, option_label) in enumerate(self._selected_choices(selected)):
            groups.append(
                (None, [self.create_option(name, option_value, option_label, True, index)], index)
            )
        return groups

    def _selected_choices(self, selected: set[str]):
        if not selected:
            return [("", "")]
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None:
            return [(v, label) for v, label in self.choices if str(v) in selected]
        try:
            return [(obj.pk, str(obj)) for obj in queryset.filter(pk__in=selected)]
        except (ValueError, TypeError, OverflowError):
            # A submitted value that is no id at all ("abc", 10**30): the field already reports
            # it as an invalid choice; the widget has nothing to show.
            return [("", "")]


class AutocompleteSelectMultiple(AutocompleteSelect, forms.SelectMultiple):
    allow_multiple_selected = True
