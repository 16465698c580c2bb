"""What the page tests share beside their fixtures: one password for the cast, and a client
signed in as a user."""

from django.test import Client

PASSWORD = "a-long-enough-test-password"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client
