"""The database: SQLAlchemy models, Alembic migrations, ingest, queries and exports."""
