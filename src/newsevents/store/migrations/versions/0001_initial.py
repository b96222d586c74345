"""Initial schema: documents, sentences, actors, events, quotes, claims, links, runs.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("role", sa.String(length=300), nullable=True),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.Column("sector", sa.String(length=8), nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
    )
    with op.batch_alter_table("actors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actors_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_actors_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_actors_sector"), ["sector"], unique=False)

    op.create_table(
        "contradictions",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("claim_a", sa.String(length=40), nullable=False),
        sa.Column("claim_b", sa.String(length=40), nullable=True),
        sa.Column("claims", sa.JSON(), nullable=False),
        sa.Column("basis", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contradictions")),
    )
    with op.batch_alter_table("contradictions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contradictions_claim_a"), ["claim_a"], unique=False)
        batch_op.create_index(batch_op.f("ix_contradictions_claim_b"), ["claim_b"], unique=False)

    op.create_table(
        "documents",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published", sa.String(length=32), nullable=True),
        sa.Column("published_precision", sa.String(length=16), nullable=True),
        sa.Column("byline", sa.Text(), nullable=True),
        sa.Column("dateline", sa.Text(), nullable=True),
        sa.Column("captions", sa.JSON(), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("origin_path", sa.Text(), nullable=False),
        sa.Column("origin_index", sa.Integer(), nullable=True),
        sa.Column("duplicate_of", sa.String(length=40), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_published"), ["published"], unique=False)
        batch_op.create_index("ix_documents_run_id_position", ["run_id", "position"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_source"), ["source"], unique=False)

    op.create_table(
        "failures",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("index", sa.Integer(), nullable=True),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failures")),
    )
    with op.batch_alter_table("failures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_failures_path"), ["path"], unique=False)
        batch_op.create_index(batch_op.f("ix_failures_resolved"), ["resolved"], unique=False)

    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("started", sa.DateTime(), nullable=False),
        sa.Column("finished", sa.DateTime(), nullable=True),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("workers", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_runs")),
    )
    op.create_table(
        "ingested_inputs",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("index", sa.Integer(), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingested_inputs")),
    )
    with op.batch_alter_table("ingested_inputs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ingested_inputs_path"), ["path"], unique=False)

    op.create_table(
        "claims",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("doc_id", sa.String(length=40), nullable=False),
        sa.Column("claimant_id", sa.String(length=40), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("stance", sa.String(length=16), nullable=False),
        sa.Column("about", sa.String(length=40), nullable=True),
        sa.Column("figure_min", sa.Integer(), nullable=True),
        sa.Column("figure_max", sa.Integer(), nullable=True),
        sa.Column("figure_text", sa.Text(), nullable=True),
        sa.Column("sentence", sa.Integer(), nullable=False),
        sa.Column("ev_start", sa.Integer(), nullable=False),
        sa.Column("ev_end", sa.Integer(), nullable=False),
        sa.Column("ev_text", sa.Text(), nullable=False),
        sa.Column("trigger", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["claimant_id"], ["actors.id"], name=op.f("fk_claims_claimant_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["doc_id"],
            ["documents.id"],
            name=op.f("fk_claims_doc_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_claimant_id"), ["claimant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_doc_id"), ["doc_id"], unique=False)

    op.create_table(
        "duplicates",
        sa.Column("doc_id", sa.String(length=40), nullable=False),
        sa.Column("duplicate_of", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["doc_id"],
            ["documents.id"],
            name=op.f("fk_duplicates_doc_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("doc_id", name=op.f("pk_duplicates")),
    )
    with op.batch_alter_table("duplicates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_duplicates_duplicate_of"), ["duplicate_of"], unique=False
        )

    op.create_table(
        "events",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("doc_id", sa.String(length=40), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("mode", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("cameo", sa.String(length=8), nullable=True),
        sa.Column("location_name", sa.String(length=300), nullable=True),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.Column("admin1", sa.String(length=200), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("geo_precision", sa.String(length=16), nullable=True),
        sa.Column("date_value", sa.String(length=32), nullable=True),
        sa.Column("date_precision", sa.String(length=16), nullable=True),
        sa.Column("date_text", sa.Text(), nullable=True),
        sa.Column("fatalities_min", sa.Integer(), nullable=True),
        sa.Column("fatalities_max", sa.Integer(), nullable=True),
        sa.Column("fatalities_text", sa.Text(), nullable=True),
        sa.Column("injuries_min", sa.Integer(), nullable=True),
        sa.Column("injuries_max", sa.Integer(), nullable=True),
        sa.Column("injuries_text", sa.Text(), nullable=True),
        sa.Column("reported_by_id", sa.String(length=40), nullable=True),
        sa.Column("published", sa.String(length=32), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("sentence", sa.Integer(), nullable=False),
        sa.Column("ev_start", sa.Integer(), nullable=False),
        sa.Column("ev_end", sa.Integer(), nullable=False),
        sa.Column("ev_text", sa.Text(), nullable=False),
        sa.Column("trigger", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["doc_id"],
            ["documents.id"],
            name=op.f("fk_events_doc_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reported_by_id"], ["actors.id"], name=op.f("fk_events_reported_by_id_actors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_date_value"), ["date_value"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_doc_id"), ["doc_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_published"), ["published"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_type"), ["type"], unique=False)

    op.create_table(
        "quotes",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("doc_id", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("speaker_id", sa.String(length=40), nullable=True),
        sa.Column("cue", sa.String(length=100), nullable=True),
        sa.Column("sentence", sa.Integer(), nullable=False),
        sa.Column("ev_start", sa.Integer(), nullable=False),
        sa.Column("ev_end", sa.Integer(), nullable=False),
        sa.Column("ev_text", sa.Text(), nullable=False),
        sa.Column("trigger", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["doc_id"],
            ["documents.id"],
            name=op.f("fk_quotes_doc_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"], ["actors.id"], name=op.f("fk_quotes_speaker_id_actors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
    )
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quotes_doc_id"), ["doc_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_quotes_speaker_id"), ["speaker_id"], unique=False)

    op.create_table(
        "sentences",
        sa.Column("doc_id", sa.String(length=40), nullable=False),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.Column("start_char", sa.Integer(), nullable=False),
        sa.Column("end_char", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["doc_id"],
            ["documents.id"],
            name=op.f("fk_sentences_doc_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("doc_id", "index", name=op.f("pk_sentences")),
    )
    op.create_table(
        "event_actors",
        sa.Column("event_id", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_event_actors_actor_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_actors_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "role", "position", name=op.f("pk_event_actors")),
    )
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_actors_actor_id"), ["actor_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_actors_actor_id"))

    op.drop_table("event_actors")
    op.drop_table("sentences")
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quotes_speaker_id"))
        batch_op.drop_index(batch_op.f("ix_quotes_doc_id"))

    op.drop_table("quotes")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_type"))
        batch_op.drop_index(batch_op.f("ix_events_status"))
        batch_op.drop_index(batch_op.f("ix_events_published"))
        batch_op.drop_index(batch_op.f("ix_events_doc_id"))
        batch_op.drop_index(batch_op.f("ix_events_date_value"))
        batch_op.drop_index(batch_op.f("ix_events_country"))

    op.drop_table("events")
    with op.batch_alter_table("duplicates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duplicates_duplicate_of"))

    op.drop_table("duplicates")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_doc_id"))
        batch_op.drop_index(batch_op.f("ix_claims_claimant_id"))

    op.drop_table("claims")
    with op.batch_alter_table("ingested_inputs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ingested_inputs_path"))

    op.drop_table("ingested_inputs")
    op.drop_table("ingest_runs")
    with op.batch_alter_table("failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_failures_resolved"))
        batch_op.drop_index(batch_op.f("ix_failures_path"))

    op.drop_table("failures")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_source"))
        batch_op.drop_index("ix_documents_run_id_position")
        batch_op.drop_index(batch_op.f("ix_documents_published"))

    op.drop_table("documents")
    with op.batch_alter_table("contradictions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contradictions_claim_b"))
        batch_op.drop_index(batch_op.f("ix_contradictions_claim_a"))

    op.drop_table("contradictions")
    with op.batch_alter_table("actors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actors_sector"))
        batch_op.drop_index(batch_op.f("ix_actors_name"))
        batch_op.drop_index(batch_op.f("ix_actors_country"))

    op.drop_table("actors")
