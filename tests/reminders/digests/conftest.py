"""Fixtures of the digest tests: a real SMTP server on loopback, and eager Celery."""

import email
import email.policy
import threading

import pytest
from aiosmtpd.controller import Controller

from config.celery import app


class LoopbackController(Controller):
    """aiosmtpd's threaded server on 127.0.0.1, on a port the operating system picks."""

    def __init__(self, handler):
        super().__init__(handler, hostname="127.0.0.1", port=0)

    def _trigger_server(self):
        # The server is bound by now: learn its port before aiosmtpd connects to it.
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class Inbox:
    """Keeps every message the server accepted; `refuse` makes it answer with an error instead
    (for example "451 4.3.0 Try again later") for that many messages."""

    def __init__(self):
        self.messages = []
        self.refuse = 0
        self.refusal = "451 4.3.0 Try again later"
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            if self.refuse:
                self.refuse -= 1
                return self.refusal
            self.messages.append(
                email.message_from_bytes(envelope.content, policy=email.policy.default)
            )
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_inbox(settings):
    inbox = Inbox()
    controller = LoopbackController(inbox)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield inbox
    controller.stop()


@pytest.fixture
def eager_celery():
    """.delay() runs the task in the test's own process, raising what it raises."""
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False
    app.conf.task_eager_propagates = False
