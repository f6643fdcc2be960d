"""One environment's PostgreSQL, read once: version, settings, extensions, the schema
(columns, indexes, constraints), the migrations each framework recorded, and table sizes.

Read-only by construction: the session is read-only (default_transaction_read_only and a
read-only transaction), every statement has a timeout, and sizes come from the catalogue
(pg_class, pg_stat_user_tables), never from count(*), so a production database of billions
of rows is read in the same second as a small one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from stagegap.probe.live.catalogue import MigrationTable, load

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT_S = 5
STATEMENT_TIMEOUT_MS = 10_000
_SYSTEM_SCHEMAS = "('pg_catalog', 'information_schema')"


class DatabaseUnreadable(Exception):
    """The database could not be reached or read (the message is scrubbed by the caller)."""


@dataclass(frozen=True)
class Table:
    rows: float  # the planner's estimate (reltuples), else pg_stat_user_tables.n_live_tup
    bytes: int  # pg_total_relation_size: heap, indexes and TOAST


@dataclass
class DatabaseState:
    version: str
    settings: dict[str, str] = field(default_factory=dict)
    extensions: dict[str, str] = field(default_factory=dict)
    # "schema.table" -> column -> "type [not null]"
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    # "schema.table" -> index or constraint name -> definition
    indexes: dict[str, dict[str, str]] = field(default_factory=dict)
    constraints: dict[str, dict[str, str]] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    # framework -> "schema.table" it was read from, and the migrations applied
    migrations: dict[str, tuple[str, list[str]]] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "tables": len(self.tables),
            "estimated_rows": round(sum(t.rows for t in self.tables.values())),
            "bytes": sum(t.bytes for t in self.tables.values()),
            "migrations": {fw: len(applied) for fw, (_, applied) in self.migrations.items()},
        }


def read_database(url: str) -> DatabaseState:
    """Everything above, in one read-only transaction on one connection."""
    import psycopg

    try:
        with read_only_connection(url) as conn, conn.transaction(), conn.cursor() as cur:
            return _read(cur)
    except psycopg.Error as exc:
        raise DatabaseUnreadable(str(exc) or type(exc).__name__) from None


def read_only_connection(url: str) -> psycopg.Connection[Any]:
    """The one connection the probe opens: read-only for the session and for each
    transaction, with a connect timeout (statement and lock timeouts are set per
    transaction, after the server's own settings are read)."""
    import psycopg

    conn = psycopg.connect(
        url,
        connect_timeout=CONNECT_TIMEOUT_S,
        options="-c default_transaction_read_only=on",
        application_name="stagegap-probe",
        autocommit=False,
    )
    conn.read_only = True
    return conn


def _rows(cur: Any, query: Any, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    cur.execute(query, params)
    return list(cur.fetchall())


def _read(cur: Any) -> DatabaseState:
    catalogue = load()
    state = DatabaseState(version=str(_rows(cur, "SHOW server_version")[0][0]).split()[0])
    # The settings first, as the server has them; then this session's own timeouts.
    for name, setting, unit in _rows(
        cur,
        "SELECT name, setting, coalesce(unit, '') FROM pg_settings WHERE name = ANY(%s)",
        (list(catalogue.settings),),
    ):
        state.settings[name] = _with_unit(str(setting), str(unit))
    cur.execute(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}")
    cur.execute("SET LOCAL lock_timeout = 2000")
    state.extensions = dict(_rows(cur, "SELECT extname, extversion FROM pg_extension"))
    for table, column, kind, not_null in _rows(
        cur,
        "SELECT n.nspname || '.' || c.relname, a.attname, "
        "format_type(a.atttypid, a.atttypmod), a.attnotnull "
        "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        f"WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped "
        f"AND n.nspname NOT IN {_SYSTEM_SCHEMAS} AND n.nspname !~ '^pg_' "
        "ORDER BY 1, a.attnum",
    ):
        state.columns.setdefault(table, {})[column] = kind + (" not null" if not_null else "")
    for table, name, definition in _rows(
        cur,
        "SELECT schemaname || '.' || tablename, indexname, "
        "indexdef FROM pg_indexes "
        f"WHERE schemaname NOT IN {_SYSTEM_SCHEMAS} AND schemaname !~ '^pg_'",
    ):
        state.indexes.setdefault(table, {})[name] = definition
    for table, name, definition in _rows(
        cur,
        "SELECT n.nspname || '.' || c.relname, k.conname, pg_get_constraintdef(k.oid) "
        "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        f"WHERE n.nspname NOT IN {_SYSTEM_SCHEMAS} AND n.nspname !~ '^pg_'",
    ):
        state.constraints.setdefault(table, {})[name] = definition
    for table, estimate, live, size in _rows(
        cur,
        "SELECT n.nspname || '.' || c.relname, c.reltuples, coalesce(s.n_live_tup, 0), "
        "pg_total_relation_size(c.oid) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid "
        f"WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN {_SYSTEM_SCHEMAS} "
        "AND n.nspname !~ '^pg_'",
    ):
        rows = float(estimate) if estimate is not None and estimate >= 0 else float(live)
        state.tables[table] = Table(rows=rows, bytes=int(size))
    for entry in catalogue.migrations:
        found = _migrations(cur, entry, catalogue.migration_limit)
        if found is not None:
            state.migrations[entry.framework] = found
    return state


def _with_unit(setting: str, unit: str) -> str:
    """pg_settings' value in its unit: '16384' in '8kB' pages is '131072kB'."""
    count, base = unit[: len(unit) - len(unit.lstrip("0123456789"))], unit.lstrip("0123456789")
    if count and setting.lstrip("-").isdigit() and int(setting) >= 0:
        return f"{int(setting) * int(count)}{base}"
    return f"{setting}{unit}"


def _migrations(cur: Any, entry: MigrationTable, limit: int) -> tuple[str, list[str]] | None:
    """The applied migrations in a framework's table, if the database has one (any schema
    on the search path first, else the first schema that has it)."""
    import psycopg
    from psycopg import sql

    located = _rows(
        cur,
        "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relname = %s AND c.relkind IN ('r', 'p') "
        "ORDER BY n.nspname <> current_schema(), n.nspname LIMIT 1",
        (entry.table,),
    )
    if not located:
        return None
    schema = str(located[0][0])
    parts = [sql.SQL("coalesce({}::text, '')").format(sql.Identifier(c)) for c in entry.id]
    where: list[sql.Composable] = []
    if entry.success_column:
        where.append(sql.SQL("{} IS TRUE").format(sql.Identifier(entry.success_column)))
    if entry.done_column:
        where.append(sql.SQL("{} IS NOT NULL").format(sql.Identifier(entry.done_column)))
    query = sql.SQL("SELECT concat_ws('/', {}) FROM {}.{} {} LIMIT {}").format(
        sql.SQL(", ").join(parts),
        sql.Identifier(schema),
        sql.Identifier(entry.table),
        sql.SQL("WHERE ") + sql.SQL(" AND ").join(where) if where else sql.SQL(""),
        sql.Literal(limit),
    )
    try:
        with cur.connection.transaction():  # a savepoint: a table of another shape is skipped
            applied = sorted({str(r[0]) for r in _rows(cur, query)})
    except psycopg.Error:
        return None
    return f"{schema}.{entry.table}", applied
