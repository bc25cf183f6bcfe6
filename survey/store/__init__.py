"""The store owns the database: every SQL statement of the app lives in this package.
`database` opens connections (WAL, foreign keys, busy timeout) and holds the `Store`,
which is assembled from one query mixin per area (`workbench`, `exchange`, `reports`,
`privacy`, `accounts`, declared against `parts`); `schema` holds the named migrations and
`maintenance` the online backup, checked restore and `survey doctor`. Nothing outside
this package writes SQL."""

from survey.store.database import DatabaseError, Store, connect, fts_query, now, parse_attributes

__all__ = ["DatabaseError", "Store", "connect", "fts_query", "now", "parse_attributes"]
