"""catalogue and search indexes

The catalogue lists modules newest first: an index on the publication date lets it stop after
one page. On PostgreSQL, trigram indexes (pg_trgm) serve the catalogue's substring search
(LIKE '%term%' on lower(title), lower(summary) and lower(learning_objectives)) without reading
every revision; SQLite keeps scanning, which its small installations can afford.

Revision ID: 5b1e7c9d2f40
Revises: 83397345b2a1
Create Date: 2026-11-28 04:10:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5b1e7c9d2f40'
down_revision = '83397345b2a1'
branch_labels = None
depends_on = None

SEARCHED = ("title", "summary", "learning_objectives")


def upgrade():
    with op.batch_alter_table('module_revisions', schema=None) as batch_op:
        batch_op.create_index('ix_module_revisions_publication', ['publication_date', 'id'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in SEARCHED:
            op.execute(
                f"CREATE INDEX ix_module_revisions_{column}_trgm ON module_revisions "
                f"USING gin (lower({column}) gin_trgm_ops)"
            )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for column in SEARCHED:
            op.execute(f"DROP INDEX IF EXISTS ix_module_revisions_{column}_trgm")
    with op.batch_alter_table('module_revisions', schema=None) as batch_op:
        batch_op.drop_index('ix_module_revisions_publication')
