import re

from django.core.mail.backends.console import EmailBackend as ConsoleBackend

PHONE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


class MaskingConsoleBackend(ConsoleBackend):
    """The console backend for development, with phone numbers masked in what it prints."""

    def write_message(self, message):
        msg_data = message.message().as_bytes().decode("utf-8", "replace")
        self.stream.write(PHONE.sub(r"\1****\2", msg_data) + "\n" + "-" * 79 + "\n")
