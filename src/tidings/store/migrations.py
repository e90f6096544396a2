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

# -- versions 2-9: the dataset layer (dedupe, run snapshots, watchlists/alerts); docs/SCHEMA.md

_V2_DEDUPE = """
CREATE TABLE article_minhash (
    article_id VARCHAR PRIMARY KEY,
    params     VARCHAR NOT NULL,
    n_shingles INTEGER NOT NULL,
    signature  UBIGINT[] NOT NULL
);

CREATE TABLE article_bands (
    article_id VARCHAR NOT NULL,
    band       SMALLINT NOT NULL,
    bucket     UBIGINT NOT NULL
);

CREATE TABLE article_links (
    article_a   VARCHAR NOT NULL,
    article_b   VARCHAR NOT NULL,
    jaccard     DOUBLE NOT NULL,
    containment DOUBLE NOT NULL,
    PRIMARY KEY (article_a, article_b)
);

CREATE TABLE article_groups (
    article_id VARCHAR PRIMARY KEY,
    group_id   VARCHAR NOT NULL,
    group_size INTEGER NOT NULL
);

CREATE TABLE event_clusters (
    cluster_id      VARCHAR PRIMARY KEY,
    block_key       VARCHAR NOT NULL,
    seed_event_id   VARCHAR NOT NULL,
    source_cameo    VARCHAR,
    source_name     VARCHAR,
    source_country  VARCHAR,
    target_cameo    VARCHAR,
    target_name     VARCHAR,
    target_country  VARCHAR,
    cameo_code      VARCHAR NOT NULL,
    root_code       VARCHAR,
    base_code       VARCHAR,
    quad_class      TINYINT,
    goldstein       DOUBLE,
    plover_type     VARCHAR,
    event_date      DATE,
    date_value      VARCHAR,
    date_precision  VARCHAR,
    place_name      VARCHAR,
    place_country   VARCHAR,
    place_precision VARCHAR,
    place_lat       DOUBLE,
    place_lon       DOUBLE,
    place_geonameid BIGINT,
    modality        VARCHAR,
    confidence      DOUBLE,
    is_root_event   BOOLEAN,
    first_seen      DATE,
    first_article_id VARCHAR,
    source_url      VARCHAR,
    n_mentions      INTEGER NOT NULL,
    n_asserted      INTEGER NOT NULL,
    n_articles      INTEGER NOT NULL,
    n_outlets       INTEGER NOT NULL,
    n_independent   INTEGER NOT NULL,
    added_at        TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);

CREATE TABLE mentions (
    event_id       VARCHAR PRIMARY KEY,
    cluster_id     VARCHAR NOT NULL,
    article_id     VARCHAR NOT NULL,
    sentence_index INTEGER,
    outlet         VARCHAR,
    published      DATE,
    url            VARCHAR,
    modality       VARCHAR,
    confidence     DOUBLE,
    group_id       VARCHAR
);

CREATE TABLE dedupe_settings (
    name  VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
"""

_V3_RUN_SNAPSHOTS = """
CREATE TABLE run_articles (
    run_id      VARCHAR NOT NULL,
    article_id  VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    n_events    INTEGER NOT NULL,
    PRIMARY KEY (run_id, article_id)
);

CREATE TABLE run_events (
    run_id         VARCHAR NOT NULL,
    article_id     VARCHAR NOT NULL,
    event_id       VARCHAR NOT NULL,
    sentence_index INTEGER,
    trigger_start  INTEGER,
    source_cameo   VARCHAR,
    target_cameo   VARCHAR,
    cameo_code     VARCHAR,
    modality       VARCHAR,
    date_value     VARCHAR,
    place_name     VARCHAR,
    evidence_text  VARCHAR,
    PRIMARY KEY (run_id, event_id)
);

INSERT INTO run_articles
SELECT a.run_id, a.id, coalesce(a.coded_at, now()::TIMESTAMP),
       (SELECT count(*) FROM events e WHERE e.article_id = a.id)
FROM articles a WHERE a.run_id IS NOT NULL;

INSERT INTO run_events
SELECT run_id, article_id, event_id, sentence_index, trigger_start, source_cameo, target_cameo,
       cameo_code, modality, date_value, place_name, evidence_text
FROM events WHERE run_id IS NOT NULL;
"""

_V4_WATCHLISTS = """
CREATE TABLE watchlists (
    name        VARCHAR PRIMARY KEY,
    definition  JSON NOT NULL,
    webhook_url VARCHAR,
    created_at  TIMESTAMP NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE alerts (
    alert_id          VARCHAR PRIMARY KEY,
    watchlist         VARCHAR NOT NULL,
    cluster_id        VARCHAR NOT NULL,
    event_ids         VARCHAR[] NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    payload           JSON NOT NULL,
    delivered_at      TIMESTAMP,
    delivery_attempts INTEGER NOT NULL DEFAULT 0,
    delivery_error    VARCHAR,
    UNIQUE (watchlist, cluster_id)
);
"""

# -- versions 10-14: attribution (quotes and the events they support); docs/SCHEMA.md

_V10_QUOTE_LINKS = """
ALTER TABLE quotes ADD COLUMN cue_start INTEGER;
ALTER TABLE quotes ADD COLUMN cue_end INTEGER;
ALTER TABLE quotes ADD COLUMN speaker_start INTEGER;
ALTER TABLE quotes ADD COLUMN speaker_end INTEGER;
ALTER TABLE quotes ADD COLUMN anonymous BOOLEAN;
ALTER TABLE quotes ADD COLUMN reporting_chain VARCHAR[];
ALTER TABLE quotes ADD COLUMN speaker_title VARCHAR;

CREATE TABLE quote_events (
    quote_id   VARCHAR NOT NULL,
    event_id   VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    relation   VARCHAR NOT NULL,
    PRIMARY KEY (quote_id, event_id)
);

INSERT INTO quote_events
SELECT q.quote_id, e.event_id, q.article_id, 'content'
FROM quotes q JOIN events e ON e.article_id = q.article_id
WHERE e.trigger_start >= q."start" AND e.trigger_end <= q."end";
"""

# -- versions 20-24: lookups of the REST API (docs/ARCHITECTURE.md, "Serving")

# GET /events/{id} lists the outlets that reported the event (every mention of its cluster) and
# the quotes of its article: without these, each is a scan of the whole table.
_V20_SERVING_INDEXES = """
CREATE INDEX IF NOT EXISTS mentions_cluster_id ON mentions (cluster_id);
CREATE INDEX IF NOT EXISTS quotes_article_id ON quotes (article_id);
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _V1),
    Migration(2, "dedupe: article syndication groups, event clusters, mentions", _V2_DEDUPE),
    Migration(3, "runs: per-run event snapshots for run comparison", _V3_RUN_SNAPSHOTS),
    Migration(4, "watchlists and alerts", _V4_WATCHLISTS),
    Migration(10, "quotes: cue and speaker spans, anonymity, reporting chain; quote_events links",
              _V10_QUOTE_LINKS),
    Migration(20, "indexes: mentions by cluster, quotes by article (REST API lookups)",
              _V20_SERVING_INDEXES),
)


def latest_version() -> int:
    return MIGRATIONS[-1].version if MIGRATIONS else 0


def _check_order() -> None:
    versions = [m.version for m in MIGRATIONS]
    if versions != sorted(set(versions)) or (versions and versions[0] < 1):
        raise RuntimeError(f"store migrations must have strictly increasing versions: {versions}")


_check_order()
