"""Flask extensions, created unbound here and bound to an app in ``app.create_app``."""

from flask_caching import Cache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints keep migrations stable on SQLite (batch mode) and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def _render_item(type_: str, obj, autogen_context):
    """Write our column types into migrations as plain SQLAlchemy types (no app imports)."""
    if type_ == "type" and obj.__class__.__module__.startswith("elearning."):
        return "sa." + repr(obj.impl)
    return False


# Indexes that exist on PostgreSQL only and live in migrations alone (trigram search indexes
# need an extension and an operator class the models cannot describe portably).
POSTGRES_ONLY_INDEX_SUFFIX = "_trgm"


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "index" and name and name.endswith(POSTGRES_ONLY_INDEX_SUFFIX))


migrate = Migrate(
    render_as_batch=True,
    compare_type=True,
    render_item=_render_item,
    include_object=include_object,
)
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
cache = Cache()
