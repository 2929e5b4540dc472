from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction

from accounts.models import User


def user_create(
    *, username: str, email: str, password: str, display_name: str = "", time_zone: str = "UTC"
) -> User:
    user = User(
        username=username,
        email=User.objects.normalize_email(email),
        display_name=display_name,
        time_zone=time_zone,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:
        # Two sign-ups racing for one username both pass full_clean; the unique index decides.
        raise ValidationError(
            {"username": "A user with that username already exists."}, code="unique"
        ) from error
    return user


def user_update_profile(
    *,
    user: User,
    display_name: str,
    email: str,
    time_zone: str,
    after_event_follow_up_days: int | None = None,
) -> User:
    moved = user.time_zone != time_zone
    user.display_name = display_name
    user.email = User.objects.normalize_email(email)
    user.time_zone = time_zone
    if after_event_follow_up_days is not None:
        user.after_event_follow_up_days = after_event_follow_up_days
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "email", "time_zone", "after_event_follow_up_days"])
    if moved:
        from interactions.services.activity import activity_days_rebuild
        from reminders.tasks import sync_owner_reminders

        # The charts count interactions per day of the user's calendar: one grouped pass over
        # their interactions, in this transaction, so the next dashboard is already right.
        activity_days_rebuild(owner=user)
        # The day each interaction happened on is the user's: in a new zone, keep-in-touch and
        # birthday reminders may fall a day apart. Every contact is read, so in the background.
        transaction.on_commit(lambda: sync_owner_reminders.delay(user.pk))
    return user


def _owned_files(user: User) -> list[tuple]:
    """(storage, name) of every file a row of the user's holds: contact photos, export zips,
    uploads waiting to be restored, and those of any model added later with an `owner`."""
    files = []
    for model in apps.get_models():
        try:
            owner_field = model._meta.get_field("owner")
        except FieldDoesNotExist:
            continue
        if owner_field.related_model is not User:
            continue
        for field in model._meta.fields:
            if isinstance(field, models.FileField):
                names = model._default_manager.filter(owner=user).exclude(**{field.name: ""})
                files += [
                    (field.storage, name) for name in names.values_list(field.name, flat=True)
                ]
    return files


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete the account and every row it owns (each cascades from the user), then the files
    those rows held, once the deletion is committed."""
    files = _owned_files(user)
    user.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
