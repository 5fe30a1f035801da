"""The broker users each publishing service speaks as: their passwords and their URIs."""

from __future__ import annotations

import string

from kit.broker_users import new_password, uri_as


def test_a_publishers_password_is_never_taken_for_an_option_by_rabbitmqctl() -> None:
    passwords = {new_password() for _ in range(2000)}
    assert len(passwords) == 2000  # random each time
    for password in passwords:
        assert not password.startswith("-")
        assert set(password) <= set(string.hexdigits.lower())
        assert len(password) >= 32


def test_a_publishers_uri_carries_its_user_and_password_on_the_same_broker_and_vhost() -> None:
    uri = uri_as("amqp://guest:guest@localhost:5672/wt_main", "firesafety-permits", "ab12")
    assert uri == "amqp://firesafety-permits:ab12@localhost:5672/wt_main"
