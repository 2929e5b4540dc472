"""Owner scoping for the Django admin, shared by every app's admin.py.

A staff user who is not a superuser sees and changes only the rows they own: changelists, change,
delete and history views (another user's id is a 404), autocomplete answers, foreign-key and
many-to-many choices (another user's id is "not a valid choice"), list filters and actions, which
all start from the scoped queryset. A superuser sees everything; the rows they link together must
still share one owner. `owner` is the acting user on add; only a superuser may pick another
(on add only: moving a row would strand its child rows with the old owner).
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404


def sees_everything(user) -> bool:
    return user.is_active and user.is_superuser


def is_owned(model: type[models.Model]) -> bool:
    return any(field.name == "owner" for field in model._meta.concrete_fields)


def scoped(queryset: models.QuerySet, user) -> models.QuerySet:
    """`queryset` narrowed to the user's own rows, unless the user sees everything."""
    if sees_everything(user) or not is_owned(queryset.model):
        return queryset
    return queryset.filter(owner=user)


class OwnerConsistentForm(forms.ModelForm):
    """Refuses to link rows of different owners (a superuser may pick from everyone's rows).

    `default_owner` is set per request by the admin: the acting user on add, the row's owner on
    change; an inline row belongs to its parent's owner.
    """

    default_owner = None

    def _owner_id(self):
        chosen = self.cleaned_data.get("owner")
        if chosen is not None:
            return chosen.pk
        if self.instance.owner_id is not None:
            return self.instance.owner_id
        return getattr(self.default_owner, "pk", None)

    def clean(self):
        cleaned = super().clean()
        owner_id = self._owner_id()
        if owner_id is None:
            return cleaned
        for name, value in list(cleaned.items()):
            if name == "owner" or not value:
                continue
            related = value if isinstance(value, models.QuerySet | list) else [value]
            foreign = [
                obj
                for obj in related
                # (an unsaved object is the parent row of an inline, given its owner on save)
                if isinstance(obj, models.Model)
                and obj.pk is not None
                and is_owned(type(obj))
                and obj.owner_id != owner_id
            ]
            if foreign:
                self.add_error(name, ValidationError("Pick rows of the same owner as this one."))
        return cleaned


def _scope_formfield(formfield, request):
    if formfield is not None and hasattr(formfield, "queryset"):
        formfield.queryset = scoped(formfield.queryset, request.user)
    return formfield


class _ScopedChoices:
    """Foreign-key and many-to-many pickers offer only the user's own rows."""

    # A website typed without a scheme is https, as in the application's forms.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _scope_formfield(
            super().formfield_for_foreignkey(db_field, request, **kwargs), request
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return _scope_formfield(
            super().formfield_for_manytomany(db_field, request, **kwargs), request
        )


class OwnerScopedAdmin(_ScopedChoices, admin.ModelAdmin):
    """A ModelAdmin for a model with `owner`, scoped to the acting user (see the module docstring).

    Inlines should be OwnerScopedInline: their new rows get the parent's owner on save.
    """

    form = OwnerConsistentForm

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def get_object(self, request, object_id, from_field=None):
        # Django redirects to the index for a missing id, which tells "exists, not yours" apart
        # from "does not exist" no better than a 404 would; a 404 is what every other page gives.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No such row among yours.")
        return obj

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete view searches the remote model's admin with this; scoped again here so
        # that an admin forgetting get_queryset still answers nothing of anyone else's.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return scoped(queryset, request.user), may_have_duplicates

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if sees_everything(request.user) and "owner" not in columns:
            columns.append("owner")
        return columns

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if sees_everything(request.user):
            filters.append(("owner", admin.RelatedOnlyFieldListFilter))
        return filters

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or ())
        if not sees_everything(request.user):
            excluded.append("owner")
        return excluded

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("owner", request.user.pk)
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.default_owner = obj.owner if obj is not None else request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # Moving a row to another user would leave its child rows (emails, participations)
        # with the old one: the owner is chosen once, on add, and only by a superuser.
        if obj is not None and sees_everything(request.user):
            fields.append("owner")
        return fields

    def save_model(self, request, obj, form, change):
        if not change and (obj.owner_id is None or not sees_everything(request.user)):
            obj.owner = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            deleted.delete()
        for instance in instances:
            if is_owned(type(instance)):
                instance.owner_id = form.instance.owner_id
            instance.save()
        formset.save_m2m()

    def view_on_site(self, obj):
        # The application's own page, which checks ownership itself, rather than Django's
        # /admin/r/ redirect.
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None


class OwnerScopedInline(_ScopedChoices):
    """Mixed into TabularInline / StackedInline for owned child rows: scoped, owner hidden."""

    form = OwnerConsistentForm
    exclude = ("owner",)
    extra = 0

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.default_owner = obj.owner if obj is not None else request.user
        return formset


class ReadOnlyOwnerScopedAdmin(OwnerScopedAdmin):
    """Rows the application writes (job progress, the digest outbox, API keys): the admin shows
    them, scoped like every other owned row, and leaves writing them to their services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
