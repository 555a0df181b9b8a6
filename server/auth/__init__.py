"""Passwords, sessions and back-off after failed sign-ins, for any page that needs a person signed in.

Plain functions and small classes with no knowledge of who signs in (the
privacy officer on 127.0.0.1, a teacher on the school server): the caller
decides where hashes are kept and which key a client is throttled by.
"""
