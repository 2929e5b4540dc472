from accounts.models import User


def user_update_profile(*, user: User, display_name: str, email: str, time_zone: str) -> User:
    user.display_name = display_name
    user.email = email
    user.time_zone = time_zone
    user.full_clean()
    user.save(update_fields=["display_name", "email", "time_zone"])
    return user
