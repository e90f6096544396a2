"""The store's schema, as an ordered list of migrations.

Each migration is applied once, in order, inside its own transaction, and recorded in
``schema_migrations``. Never edit a migration that has shipped: append a new one. Columns are
documented in docs/SCHEMA.md.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


BOOTSTRAP = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
);
"""

_V1 = """
CREATE TABLE runs (
    run_id       VARCHAR PRIMARY KEY,
    started_at   TIMESTAMP NOT NULL,
    code_version VARCHAR,
    lexicon_hash VARCHAR,
    model        VARCHAR,
    config       JSON
);

CREATE TABLE articles (
    id          VARCHAR PRIMARY KEY,
    url         VARCHAR,
    outlet      VARCHAR,
    published   DATE,
    title       VARCHAR,
    "text"      VARCHAR,
    origin      VARCHAR,
    "language"  VARCHAR,
    n_chars     INTEGER,
    coded_at    TIMESTAMP,
    run_id      VARCHAR,
    result_json JSON
);

CREATE TABLE actors (
    article_id  VARCHAR NOT NULL,
    actor_id    VARCHAR NOT NULL,
    name        VARCHAR,
    cameo       VARCHAR,
    country     VARCHAR,
    sectors     VARCHAR[],
    kind        VARCHAR,
    "role"      VARCHAR,
    affiliation VARCHAR,
    evidence    VARCHAR,
    mentions    JSON,
    PRIMARY KEY (article_id, actor_id)
);

CREATE TABLE events (
    event_id         VARCHAR PRIMARY KEY,
    article_id       VARCHAR NOT NULL,
    run_id           VARCHAR,
    source_actor_id  VARCHAR,
    source_name      VARCHAR,
    source_cameo     VARCHAR,
    source_country   VARCHAR,
    source_sectors   VARCHAR[],
    target_actor_id  VARCHAR,
    target_name      VARCHAR,
    target_cameo     VARCHAR,
    target_country   VARCHAR,
    target_sectors   VARCHAR[],
    cameo_code       VARCHAR NOT NULL,
    root_code        VARCHAR,
    base_code        VARCHAR,
    quad_class       TINYINT,
    goldstein        DOUBLE,
    plover_type      VARCHAR,
    plover_mode      VARCHAR,
    modality         VARCHAR,
    event_date       DATE,
    date_value       VARCHAR,
    date_precision   VARCHAR,
    date_text        VARCHAR,
    place_name       VARCHAR,
    place_country    VARCHAR,
    place_lat        DOUBLE,
    place_lon        DOUBLE,
    place_geonameid  BIGINT,
    place_precision  VARCHAR,
    place_source     VARCHAR,
    reported_by      VARCHAR,
    confidence       DOUBLE,
    sentence_index   INTEGER,
    sentence_start   INTEGER,
    sentence_end     INTEGER,
    evidence_text    VARCHAR,
    trigger_start    INTEGER,
    trigger_end      INTEGER,
    trigger_text     VARCHAR,
    "rule"           VARCHAR,
    cues             VARCHAR[]
);

CREATE TABLE quotes (
    quote_id            VARCHAR PRIMARY KEY,
    article_id          VARCHAR NOT NULL,
    speaker_actor_id    VARCHAR,
    speaker_name        VARCHAR,
    speaker_cameo       VARCHAR,
    speaker_role        VARCHAR,
    speaker_affiliation VARCHAR,
    "text"              VARCHAR,
    cue                 VARCHAR,
    "start"             INTEGER,
    "end"               INTEGER,
    sentence_index      INTEGER,
    kind                VARCHAR,
    medium              VARCHAR
);

CREATE TABLE errors (
    origin  VARCHAR,
    message VARCHAR,
    run_id  VARCHAR,
    "at"    TIMESTAMP
);
"""

MIGRATIONS: tuple[Migration, ...] = (Migration(1, "initial schema", _V1),)


def latest_version() -> int:
    return MIGRATIONS[-1].version if MIGRATIONS else 0


def _check_order() -> None:
    versions = [m.version for m in MIGRATIONS]
    if versions != sorted(set(versions)) or (versions and versions[0] < 1):
        raise RuntimeError(f"store migrations must have strictly increasing versions: {versions}")


_check_order()
