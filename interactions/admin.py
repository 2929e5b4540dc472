"""The admin for events, interactions and the stored health, scoped per owner (see
contacts.admin_scoping and docs/admin.md). Health rows are derived: shown, never edited."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from accounts.models import User
from contacts.admin_scoping import OwnerScopedAdmin, OwnerScopedInline
from interactions.models import (
    ActivityDay,
    ContactHealth,
    Event,
    EventAttendance,
    HealthSnapshot,
    ImportJob,
    Interaction,
    NetworkCount,
    Participation,
)
from interactions.services.activity import activity_days_refresh
from interactions.services.health import health_recompute_on_commit


class EventAttendanceInline(OwnerScopedInline, admin.TabularInline):
    model = EventAttendance
    autocomplete_fields = ("contact",)
    fields = ("contact", "note")
    verbose_name = "person met"
    verbose_name_plural = "people met"


@admin.register(Event)
class EventAdmin(OwnerScopedAdmin):
    list_display = ("name", "kind", "starts_at", "location", "host_organization", "people")
    list_filter = ("kind", "my_role", ("host_organization", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("host_organization",)
    search_fields = ("name", "location")
    autocomplete_fields = ("host_organization",)
    date_hierarchy = "starts_at"
    inlines = (EventAttendanceInline,)
    exclude = ("people_met",)

    def get_queryset(self, request):
        # Meta.ordering does not apply to a GROUP BY: pickers and pages need it.
        queryset = super().get_queryset(request).annotate(people_count=Count("attendances"))
        return queryset.order_by(*Event._meta.ordering)

    @admin.display(description="People met", ordering="people_count")
    def people(self, event):
        return format_html(
            '<a href="{}?event__id__exact={}">{}</a>',
            reverse("admin:interactions_eventattendance_changelist"),
            event.pk,
            event.people_count,
        )


@admin.register(EventAttendance)
class EventAttendanceAdmin(OwnerScopedAdmin):
    list_display = ("contact", "event", "note")
    list_select_related = ("contact", "event")
    search_fields = ("contact__display_name", "event__name", "note")
    autocomplete_fields = ("contact", "event")


class ParticipationInline(OwnerScopedInline, admin.TabularInline):
    model = Participation
    autocomplete_fields = ("contact",)
    fields = ("contact",)
    verbose_name = "participant"


@admin.register(Interaction)
class InteractionAdmin(OwnerScopedAdmin):
    list_display = ("occurred_at", "kind", "summary", "initiated_by", "event", "people")
    list_filter = ("kind", "initiated_by", "value")
    list_select_related = ("event",)
    search_fields = ("summary", "notes")
    autocomplete_fields = ("event",)
    date_hierarchy = "occurred_at"
    inlines = (ParticipationInline,)
    exclude = ("participants",)

    def get_queryset(self, request):
        # Meta.ordering does not apply to a GROUP BY: pickers and pages need it.
        queryset = super().get_queryset(request).annotate(people_count=Count("participations"))
        return queryset.order_by(*Interaction._meta.ordering)

    @admin.display(description="People", ordering="people_count")
    def people(self, interaction):
        return interaction.people_count

    # The admin writes interactions itself, so it keeps the charts' day counts (ActivityDay) as
    # the interaction service does: the old and the new day of each one it changes or deletes.
    def save_model(self, request, obj, form, change):
        before = Interaction.objects.filter(pk=obj.pk).values_list("occurred_at", flat=True)
        moments = [*before, obj.occurred_at] if change else [obj.occurred_at]
        super().save_model(request, obj, form, change)
        activity_days_refresh(owner=obj.owner, moments=moments)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        activity_days_refresh(owner=obj.owner, moments=[obj.occurred_at])

    def delete_queryset(self, request, queryset):
        moments = {}
        for owner_id, occurred_at in queryset.order_by().values_list("owner_id", "occurred_at"):
            moments.setdefault(owner_id, []).append(occurred_at)
        super().delete_queryset(request, queryset)
        for owner in User.objects.filter(pk__in=moments):
            activity_days_refresh(owner=owner, moments=moments[owner.pk])

    def save_formset(self, request, form, formset, change):
        interaction = form.instance
        if formset.model is Participation:
            # A participation repeats its interaction's facts (see Participation).
            for row in formset.forms:
                row.instance.occurred_at = interaction.occurred_at
                row.instance.kind = interaction.kind
                row.instance.initiated_by = interaction.initiated_by
                row.instance.value = interaction.value
        before = set(interaction.participations.values_list("contact_id", flat=True))
        super().save_formset(request, form, formset, change)
        if formset.model is Participation:
            interaction.participations.update(
                occurred_at=interaction.occurred_at,
                kind=interaction.kind,
                initiated_by=interaction.initiated_by,
                value=interaction.value,
            )
            after = set(interaction.participations.values_list("contact_id", flat=True))
            health_recompute_on_commit(contact_ids=before | after)


@admin.register(Participation)
class ParticipationAdmin(OwnerScopedAdmin):
    """Read-only: participations are written with their interaction."""

    list_display = ("contact", "interaction", "occurred_at", "kind", "initiated_by")
    list_filter = ("kind", "initiated_by")
    list_select_related = ("contact", "interaction")
    search_fields = ("contact__display_name", "interaction__summary")
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class _DerivedAdmin(OwnerScopedAdmin):
    """Rows the health engine writes: readable, never added or edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ContactHealth)
class ContactHealthAdmin(_DerivedAdmin):
    list_display = (
        "contact",
        "score",
        "band",
        "cadence_days",
        "recent",
        "last_interaction_at",
        "computed_at",
    )
    list_filter = ("band",)
    list_select_related = ("contact",)
    search_fields = ("contact__display_name",)
    date_hierarchy = "computed_at"


@admin.register(ActivityDay)
class ActivityDayAdmin(_DerivedAdmin):
    list_display = ("day", "interactions", "gave", "received")
    date_hierarchy = "day"


@admin.register(NetworkCount)
class NetworkCountAdmin(_DerivedAdmin):
    list_display = ("part", "key", "count", "updated_at")
    list_filter = ("part",)


@admin.register(HealthSnapshot)
class HealthSnapshotAdmin(_DerivedAdmin):
    list_display = ("contact", "week", "score", "band")
    list_filter = ("band",)
    list_select_related = ("contact",)
    search_fields = ("contact__display_name",)
    date_hierarchy = "week"


@admin.register(ImportJob)
class ImportJobAdmin(_DerivedAdmin):
    list_display = ("filename", "kind", "status", "total", "created", "skipped", "created_at")
    list_filter = ("kind", "status")
    search_fields = ("filename",)
    date_hierarchy = "created_at"
    exclude = ("content",)
