"""An SMTP sink for benchmarks, in a process of its own so that it takes no time from the
process being measured.

    python bench/smtp_sink.py REPORT_FILE

Listens on 127.0.0.1, on a port the operating system picks, and prints that port on its first
line of output. Accepts every message and keeps only who it was for. On SIGTERM it writes
{"messages": n, "recipients": {address: times}} to REPORT_FILE and exits.
"""

import json
import signal
import sys
import threading
from collections import Counter
from pathlib import Path

from aiosmtpd.controller import Controller


class Counting:
    def __init__(self):
        self.messages = 0
        self.recipients: Counter[str] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages += 1
            self.recipients.update(envelope.rcpt_tos)
        return "250 OK"


class LoopbackController(Controller):
    def __init__(self, handler):
        super().__init__(handler, hostname="127.0.0.1", port=0)

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def main() -> int:
    report = Path(sys.argv[1])
    handler = Counting()
    controller = LoopbackController(handler)
    controller.start()
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    print(controller.port, flush=True)
    while not stopped.wait(0.5):
        pass
    controller.stop()
    with handler.lock:
        report.write_text(
            json.dumps({"messages": handler.messages, "recipients": handler.recipients})
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
