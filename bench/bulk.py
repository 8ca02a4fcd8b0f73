"""Fast bulk loading into the app's own tables: COPY on PostgreSQL, executemany on SQLite.

Rows are given as the ORM would receive them (aware datetimes, enum members, lists for JSON
columns); each column's own SQLAlchemy type turns them into what the database stores, so the
rows read back exactly like rows the app wrote itself.
"""

import enum
import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import JSON, Connection, Table, text


def _postgres_converter(column) -> Any:
    if isinstance(column.type, JSON):
        return lambda value: None if value is None else json.dumps(value)
    return lambda value: value.value if isinstance(value, enum.Enum) else value


def _names(columns: Sequence[str]) -> str:
    return ", ".join(f'"{name}"' for name in columns)  # "references" is a reserved word


class BulkWriter:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect
        self.rows_written = 0

    @property
    def is_postgres(self) -> bool:
        return self.dialect.name == "postgresql"

    def write(self, table: Table, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
        """Insert ``rows`` (tuples in ``columns`` order) into ``table``; returns the count."""
        if self.is_postgres:
            count = self._copy(table, columns, rows)
        else:
            count = self._executemany(table, columns, rows)
        self.rows_written += count
        return count

    def _copy(self, table: Table, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
        convert = [_postgres_converter(table.c[name]) for name in columns]
        raw = self.connection.connection.driver_connection
        statement = f"COPY {table.name} ({_names(columns)}) FROM STDIN"
        count = 0
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([f(v) for f, v in zip(convert, row, strict=True)])
                count += 1
        return count

    def _executemany(self, table: Table, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
        processors = [table.c[name].type._cached_bind_processor(self.dialect) for name in columns]
        marks = ", ".join("?" for _ in columns)
        statement = f"INSERT INTO {table.name} ({_names(columns)}) VALUES ({marks})"
        cursor = self.connection.connection.driver_connection.cursor()
        count, batch = 0, []
        for row in rows:
            batch.append([p(v) if p else v for p, v in zip(processors, row, strict=True)])
            if len(batch) == 10_000:
                cursor.executemany(statement, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(statement, batch)
            count += len(batch)
        cursor.close()
        return count

    def reset_sequences(self, tables: Iterable[Table]) -> None:
        """After explicit ids, let PostgreSQL's sequences continue above the largest id."""
        if not self.is_postgres:
            return
        for table in tables:
            self.connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )
