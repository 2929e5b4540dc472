"""Every email Rapport sends is built here, from a trio of templates.

A message called "reminders/email/digest" is made of three templates side by side:

- `reminders/email/digest_subject.txt`: the subject, one line (line breaks are folded);
- `reminders/email/digest_body.txt`: the plain-text part, wrapped in `{% autoescape off %}`;
- `reminders/email/digest_body.html`: the HTML part, extending `email/base.html`, which keeps to
  what mail clients render (tables, inline styles; no style sheets, no scripts).

Every template gets `site_url`, so absolute links start with SITE_URL and never with the Host
header of whatever request caused the email.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def email_build(
    *,
    template: str,
    context: dict,
    to: str,
    headers: dict[str, str] | None = None,
    connection=None,
) -> EmailMultiAlternatives:
    """The message `template` names, rendered with `context`, ready to `.send()`."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"{template}_subject.txt", context)
    # A header cannot hold a line break (Django would refuse the message).
    subject = " ".join(subject.split())
    text = render_to_string(f"{template}_body.txt", context)
    html = render_to_string(f"{template}_body.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers or {},
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message
