"""A real SMTP server inside the test process (aiosmtpd)."""

import email
import socket
import threading
import time
from email.message import Message

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """Collects every message the server accepts."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        with self._lock:
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def wait_for(self, predicate, timeout: float = 20.0) -> list[Message]:
        """Messages matching ``predicate``, waiting until there is at least one."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                found = [m for m in self.messages if predicate(m)]
            if found:
                return found
            time.sleep(0.1)
        raise AssertionError(f"no matching message within {timeout}s; got {[m['Subject'] for m in self.messages]}")

    def subjects(self) -> list[str]:
        with self._lock:
            return [str(m["Subject"]) for m in self.messages]


def text_body(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""


class SMTPServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def __enter__(self) -> "SMTPServer":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
