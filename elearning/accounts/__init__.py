"""Accounts: registration, login, roles, profile and password reset."""
