from django import forms


class AutocompleteSelect(forms.Select):
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
