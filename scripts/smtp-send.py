#!/usr/bin/env python3
# crm — a terminal-first CRM. Licensed under the MIT License.
"""A real SMTP client (Python's smtplib) for the inbound-mail tests: sends message files, one
transaction each on one connection, to an SMTP server on 127.0.0.1, and prints one line per
file: the server's final reply code and text (or the refusal of MAIL, RCPT or DATA). Usage:
  smtp-send.py --port P --sender ADDR --to ADDR [--to ADDR...] FILE...
"""
import argparse
import smtplib
import sys


def send(client, sender, recipients, data):
    try:
        client.ehlo_or_helo_if_needed()
        code, text = client.mail(sender)
        if code != 250:
            client.rset()
            return code, text
        accepted = 0
        last = (0, b"")
        for recipient in recipients:
            last = client.rcpt(recipient)
            accepted += last[0] in (250, 251)
        if not accepted:
            client.rset()
            return last
        return client.data(data)
    except smtplib.SMTPDataError as error:
        return error.smtp_code, error.smtp_error


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--sender", required=True)
    parser.add_argument("--to", action="append", required=True)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    with smtplib.SMTP("127.0.0.1", args.port, timeout=30) as client:
        for path in args.files:
            with open(path, "rb") as handle:
                code, text = send(client, args.sender, args.to, handle.read())
            print(code, text.decode("utf-8", "replace").replace("\n", " "), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
