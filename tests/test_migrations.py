"""The migrations build the schema the models describe, and undo it."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app import create_app
from elearning.extensions import Base, db, include_object


def test_models_and_migrations_agree(app):
    with db.engine.connect() as conn:
        # include_object: what `flask db migrate` compares (PostgreSQL-only search indexes aside).
        opts = {"compare_type": True, "include_object": include_object}
        context = MigrationContext.configure(conn, opts=opts)
        assert compare_metadata(context, Base.metadata) == []


def test_migrations_downgrade_to_empty_and_upgrade_again(tmp_path):
    app = create_app(
        {"ENVIRON": {"SECRET_KEY": "x"}, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.db"}
    )
    with app.app_context():
        upgrade()
        assert "users" in inspect(db.engine).get_table_names()
        downgrade(revision="base")
        assert inspect(db.engine).get_table_names() == ["alembic_version"]
        upgrade()
        assert set(Base.metadata.tables) <= set(inspect(db.engine).get_table_names())
        db.engine.dispose()


def test_search_indexes_exist_on_postgresql(app):
    """The catalogue's substring search uses trigram indexes on PostgreSQL."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("trigram indexes exist on PostgreSQL only")
    names = {index["name"] for index in inspect(db.engine).get_indexes("module_revisions")}
    assert "ix_module_revisions_search_text_trgm" in names
