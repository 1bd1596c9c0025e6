"""`report newsletter`: the mail that carries the brochure (kit.py), and sending it (send.py).

Light on purpose: the command line reads PASSWORD_VARIABLE from here without loading either.
"""

PASSWORD_VARIABLE = "REPORT_SMTP_PASSWORD"  # the SMTP password: never an option (shell history)
