"""Addresses of the services tests stand in for."""

# A Redis URL on a port where nothing listens: Redis as if it were down, for broker and cache.
NOTHING_LISTENS = "redis://127.0.0.1:9/0"
