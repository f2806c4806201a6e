"""Database backends of our own: see home.db.postgresql."""
