"""SQL for the non-event resources (articles, actors, quotes, mentions): fixed fragments, bound
values, keyset pages over each table's key. Events go through :mod:`tidings.query`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tidings.query import decode_cursor, encode_cursor


@dataclass
class Select:
    """A SELECT over one table, built from fixed SQL with bound parameters."""

    columns: str
    source: str
    keys: Sequence[str]  # unique, non-null sort key (qualified column names)
    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    # (table, alias, joins): rank a page over the first table of ``source`` alone, then join
    # its rows. The joins must keep or drop a row, never multiply it; :meth:`late_page_complete`
    # says whether the late page is the exact one (else run :meth:`page`).
    late: tuple[str, str, str] | None = None

    def eq(self, expr: str, value: Any) -> None:
        if value is not None:
            self.clauses.append(f"{expr} = ?")
            self.params.append(value)

    def ieq(self, expr: str, value: str | None) -> None:
        if value is not None:
            self.clauses.append(f"lower({expr}) = lower(?)")
            self.params.append(value)

    def prefix(self, expr: str, value: str | None) -> None:
        if value is not None:
            self.clauses.append(f"starts_with({expr}, ?)")
            self.params.append(value)

    def contains(self, expr: str, value: str | None) -> None:
        if value is not None:
            self.clauses.append(f"contains(lower({expr}), lower(?))")
            self.params.append(value)

    def compare(self, expr: str, op: str, value: Any) -> None:
        assert op in (">=", "<=")
        if value is not None:
            self.clauses.append(f"{expr} {op} ?")
            self.params.append(value)

    def page(self, limit: int, cursor: str | None) -> tuple[str, list[Any]]:
        """One page after ``cursor`` (fetch ``limit + 1`` rows to know whether there is more)."""
        clauses, params = list(self.clauses), list(self.params)
        if cursor is not None:
            values = decode_cursor(cursor, len(self.keys))
            ors = []
            for i, key in enumerate(self.keys):
                eqs = [f"{k} = ?" for k in self.keys[:i]]
                ors.append("(" + " AND ".join([*eqs, f"{key} > ?"]) + ")")
                params += [*values[:i], values[i]]
            clauses.append("(" + " OR ".join(ors) + ")")
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        order = ", ".join(self.keys)
        sql = f"SELECT {self.columns} FROM {self.source}{where} ORDER BY {order} LIMIT ?"
        return sql, [*params, int(limit) + 1]

    def late_page(self, limit: int, cursor: str | None) -> tuple[str, list[Any]] | None:
        """:meth:`page`, ranked before the joins (None when this select has no late joins)."""
        if self.late is None:
            return None
        table, alias, joins = self.late
        ranked = Select(f"{alias}.rowid AS rid", table, self.keys, self.clauses, self.params)
        sql, params = ranked.page(limit, cursor)
        order = ", ".join(self.keys)
        joined = (f"WITH page AS ({sql}) SELECT {self.columns} FROM page JOIN {table} ON "
                  f"{alias}.rowid = page.rid{joins} ORDER BY {order}")
        return joined, params

    @staticmethod
    def late_page_complete(rows: list[dict[str, Any]], limit: int) -> bool:
        """A late page is exact when the joins dropped none of its ranked rows: it has every
        row asked for (``limit + 1``). A shorter one may be the last page or lost a row (an
        orphan): the exact query decides."""
        return len(rows) == int(limit) + 1

    def next_cursor(self, row: dict[str, Any]) -> str:
        return encode_cursor([row[k.split(".")[-1].strip('"')] for k in self.keys])


ARTICLE_COLUMNS = "id, url, outlet, published, title, language, n_chars, run_id"


def articles(
    *, outlet: str | None, since: dt.date | None, until: dt.date | None, contains: str | None,
    include_text: bool,
) -> Select:
    columns = ARTICLE_COLUMNS + (', "text"' if include_text else "")
    s = Select(columns, "articles", ["id"])
    s.eq("outlet", outlet)
    s.compare("published", ">=", since)
    s.compare("published", "<=", until)
    s.contains("title", contains)
    return s


ACTOR_COLUMNS = ("article_id, actor_id, name, cameo, country, sectors, kind, \"role\", "
                 "affiliation, evidence")


def actors(
    *, article_id: str | None, cameo: str | None, country: str | None, name: str | None,
    kind: str | None,
) -> Select:
    s = Select(ACTOR_COLUMNS, "actors", ["article_id", "actor_id"])
    s.eq("article_id", article_id)
    s.prefix("cameo", cameo)
    s.eq("country", country)
    s.ieq("name", name)
    s.eq("kind", kind)
    return s


QUOTE_COLUMNS = ("q.quote_id, q.article_id, q.speaker_actor_id, q.speaker_name, q.speaker_cameo, "
                 'q.speaker_role, q.speaker_affiliation, q."text", q.cue, q.kind, q.medium, '
                 'q."start", q."end", q.sentence_index, a.outlet, a.published')


def quotes(
    *, article_id: str | None, speaker_cameo: str | None, speaker_name: str | None,
    kind: str | None, contains: str | None,
) -> Select:
    s = Select(QUOTE_COLUMNS, "quotes q JOIN articles a ON a.id = q.article_id", ["q.quote_id"],
               late=("quotes q", "q", " JOIN articles a ON a.id = q.article_id"))
    s.eq("q.article_id", article_id)
    s.prefix("q.speaker_cameo", speaker_cameo)
    s.ieq("q.speaker_name", speaker_name)
    s.eq("q.kind", kind)
    s.contains('q."text"', contains)
    return s


def article_quotes_sql(article_id: str) -> tuple[str, list[Any]]:
    sql = (f"SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id "
           'WHERE q.article_id = ? ORDER BY q."start", q.quote_id')
    return sql, [article_id]
