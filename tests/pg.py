"""A second PostgreSQL connection to the test database, standing for another request."""

import psycopg
from django.db import connection


def other_connection():
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"] or "postgres",
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
    )
