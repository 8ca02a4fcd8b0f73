"""Core of the platform: configuration, extensions, accounts and the site shell.

Features (``courses``, ``webinars``) plug into the core at start-up; the core never imports them.
"""
