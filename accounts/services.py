from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

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


def user_update_profile(*, user: User, display_name: str, email: str, time_zone: str) -> User:
    user.display_name = display_name
    user.email = User.objects.normalize_email(email)
    user.time_zone = time_zone
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "email", "time_zone"])
    return user


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete the account and every row it owns (all of them cascade from the user), then its
    contacts' photo files once the deletion is committed."""
    from contacts.models import Contact  # accounts sits below contacts; only this needs it

    photos = list(
        Contact.objects.filter(owner=user).exclude(photo="").values_list("photo", flat=True)
    )
    storage = Contact._meta.get_field("photo").storage
    user.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in photos])
