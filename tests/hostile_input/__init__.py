"""Hostile input end to end, a module per kind of attack; shared helpers in support.py,
shared fixtures in conftest.py, the payload corpus in tests/hostile.py."""
