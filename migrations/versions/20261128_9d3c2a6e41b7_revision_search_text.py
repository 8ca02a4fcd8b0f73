"""revision search text

The catalogue's search read lower(title), lower(summary) and lower(learning_objectives) of every
candidate revision: three case-foldings a row made the search the one page whose time grew with
the catalogue (1.9x from 2,000 to 20,000 modules). One stored, lower-cased column replaces them,
with one trigram index on PostgreSQL instead of three. Backfilled in Python, so that SQLite's
ASCII-only lower() plays no part.

Revision ID: 9d3c2a6e41b7
Revises: 5b1e7c9d2f40
Create Date: 2026-11-28 04:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9d3c2a6e41b7'
down_revision = '5b1e7c9d2f40'
branch_labels = None
depends_on = None

OLD_INDEXES = ("title", "summary", "learning_objectives")


def upgrade():
    with op.batch_alter_table('module_revisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), server_default='', nullable=False))
    bind = op.get_bind()
    revisions = sa.table(
        'module_revisions',
        sa.column('id', sa.Integer),
        sa.column('title', sa.String),
        sa.column('summary', sa.Text),
        sa.column('learning_objectives', sa.Text),
        sa.column('search_text', sa.Text),
    )
    rows = bind.execute(
        sa.select(revisions.c.id, revisions.c.title, revisions.c.summary,
                  revisions.c.learning_objectives)
    ).all()
    update = (
        revisions.update()
        .where(revisions.c.id == sa.bindparam('row_id'))
        .values(search_text=sa.bindparam('text'))
    )
    for start in range(0, len(rows), 1000):
        bind.execute(update, [
            {'row_id': row.id,
             'text': '\n'.join([row.title or '', row.summary or '',
                                row.learning_objectives or '']).lower()}
            for row in rows[start:start + 1000]
        ])
    if bind.dialect.name == "postgresql":
        for column in OLD_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS ix_module_revisions_{column}_trgm")
        op.execute(
            "CREATE INDEX ix_module_revisions_search_text_trgm ON module_revisions "
            "USING gin (search_text gin_trgm_ops)"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_module_revisions_search_text_trgm")
        for column in OLD_INDEXES:
            op.execute(
                f"CREATE INDEX ix_module_revisions_{column}_trgm ON module_revisions "
                f"USING gin (lower({column}) gin_trgm_ops)"
            )
    with op.batch_alter_table('module_revisions', schema=None) as batch_op:
        batch_op.drop_column('search_text')
