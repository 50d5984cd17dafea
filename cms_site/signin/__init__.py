"""Signing in to the admin: the lockout after failed passwords (django-axes), the
administrators' list of locked sign-ins, two-factor codes (django-otp's TOTP devices), and
logout by POST only.

- `selectors`: who is an administrator, the locked sign-ins, what a signed-in user must
  still do (enter a code, enrol a device);
- `services`: unlocking, enrolling, verifying and removing a device;
- `lockout`: the Persian page axes answers a locked-out sign-in with;
- `middleware`: holds a signed-in user who owes a code (or an enrolment) at that step;
- `views`, `forms`, `wagtail_hooks`: the admin pages and their menu entries.
"""
