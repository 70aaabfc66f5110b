import sqlite3


def query(db):
    return db.execute("SELECT * FROM missing_table").fetchall()


def fetch_users():
    db = sqlite3.connect(":memory:")
    try:
        return query(db)
    except sqlite3.OperationalError as e:
        try:
            fallback = open("/nonexistent/users.json")
        except OSError:
            raise RuntimeError("no user source available") from e


fetch_users()
