"""`report newsletter`: the mail that carries the brochure (kit.py), and sending it (send.py)."""
