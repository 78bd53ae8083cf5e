#!/usr/bin/env python3
# crm — a terminal-first CRM. Licensed under the MIT License.
"""A real SMTP server on 127.0.0.1 for the mail tests (aiosmtpd from PyPI).

Every accepted message is written to SPOOL/new/ as one file (a Maildir), byte for byte as
received, so a test can count deliveries and read headers. Optional AUTH (PLAIN and LOGIN)
for one user, and STARTTLS with a certificate. Prints "ready PORT" once listening and runs
until SIGTERM/SIGINT. Usage:
  smtp-test-server.py --port P (0: a free one) --spool DIR [--auth USER:PASS] [--tls CERT KEY] [--require-tls]
"""
import argparse
import os
import signal
import socket
import ssl
import sys
import threading
import time
import uuid

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Spool:
    def __init__(self, root):
        self.root = root
        for sub in ("new", "cur", "tmp"):
            os.makedirs(os.path.join(root, sub), exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        name = "%d.%s.crm-test" % (time.time_ns(), uuid.uuid4().hex)
        tmp = os.path.join(self.root, "tmp", name)
        with open(tmp, "wb") as handle:
            handle.write(envelope.original_content or envelope.content)
            handle.flush()
            os.fsync(handle.fileno())
        os.rename(tmp, os.path.join(self.root, "new", name))
        return "250 queued as " + name


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--spool", required=True)
    parser.add_argument("--auth")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--require-tls", action="store_true")
    args = parser.parse_args()

    kwargs = {}
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
                and auth_data.password.decode() == password
            return AuthResult(success=ok)

        kwargs.update(authenticator=authenticator, auth_require_tls=bool(args.tls), auth_required=True)
    if args.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls[0], args.tls[1])
        kwargs.update(tls_context=context, require_starttls=args.require_tls)
    port = args.port
    if port == 0:  # a free port, picked here so the test can restart the server on the same one
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
    controller = Controller(Spool(args.spool), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    print("ready %d" % port, flush=True)
    stop = threading.Event()
    # A parent may spawn us with SIGTERM blocked (the Swift test runner does): unblock it.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(0.2):  # a bounded wait, so the signal handler gets to run
        pass
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
