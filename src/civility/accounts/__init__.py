"""Accounts: users, roles per site, passwords (argon2), dashboard sessions and the sign-in limiter."""
