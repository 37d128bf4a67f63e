-- defaults: like Kafka's JsonConverter, a null is written as the column's
-- schema default (replace.null.with.default, on by default); constant
-- defaults keep their value, function defaults become the type's zero.
SELECT 'init' FROM pg_create_logical_replication_slot('def', 'cdc_plugin');
CREATE TABLE def_t (
    id serial PRIMARY KEY,
    label text DEFAULT 'none',
    qty int DEFAULT -5,
    price numeric(5,2) DEFAULT 1.5,
    flag boolean DEFAULT true,
    created timestamp DEFAULT now(),
    created_tz timestamptz DEFAULT now(),
    day date DEFAULT '2020-01-02',
    ratio float8 DEFAULT 0.25,
    code varchar(10) DEFAULT 'ab'::character varying,
    nothing text DEFAULT NULL,
    plain text
);
INSERT INTO def_t (label, qty, price, flag, created, created_tz, day, ratio, code, nothing, plain)
VALUES (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO def_t (created, created_tz) VALUES ('2020-01-01 12:00', '2020-01-01 12:00+00');
SELECT * FROM cdc_get('def');

-- with replace.null.with.default=false a null stays null
INSERT INTO def_t (label, created, created_tz) VALUES (NULL, NULL, NULL);
SELECT * FROM cdc_get('def', 'replace.null.with.default', 'false');

-- key-only before image: missing NOT NULL columns show their default, even
-- without replacement, else their type's zero; nullable ones null or default
CREATE TABLE def_key (id int PRIMARY KEY, a text NOT NULL DEFAULT 'dflt', b text NOT NULL, c int NOT NULL, d text DEFAULT 'nullable dflt', e bool NOT NULL, f timestamptz NOT NULL, g date NOT NULL, h bytea NOT NULL, i uuid NOT NULL, j float4 NOT NULL, k numeric NOT NULL);
INSERT INTO def_key VALUES (1, 'a', 'b', 3, 'd', true, '2020-01-01', '2020-01-01', '\x01', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 1.5, 2.5);
DELETE FROM def_key;
SELECT * FROM cdc_get('def');
INSERT INTO def_key VALUES (1, 'a', 'b', 3, 'd', true, '2020-01-01', '2020-01-01', '\x01', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 1.5, 2.5);
DELETE FROM def_key;
SELECT * FROM cdc_get('def', 'replace.null.with.default', 'false');

-- Debezium parses the default's text: the first quoted run ('it''s' gives
-- "it"), no blank padding or typmod rounding, a literal it cannot parse
-- (a fraction for numeric(4,0), an expression) gives no default, and some
-- types (bytea, numeric without typmod) never have one
CREATE TABLE def_quirks (
    id int PRIMARY KEY,
    quoted text DEFAULT 'it''s',
    concat text DEFAULT 'a' || 'b',
    who text DEFAULT current_user,
    padded char(5) DEFAULT 'ab',
    rounded numeric(4,0) DEFAULT 2.5,
    whole numeric(4,0) DEFAULT 2.0,
    sum int DEFAULT 1 + 2,
    ts0 timestamp(0) DEFAULT '2020-01-01 10:00:00.7',
    tstz timestamptz DEFAULT now(),
    tstz0 timestamptz(0) DEFAULT CURRENT_TIMESTAMP,
    tstz3 timestamptz(3) DEFAULT '2020-01-01 10:00:00+02',
    today date DEFAULT CURRENT_DATE,
    clock time DEFAULT LOCALTIME,
    u uuid DEFAULT gen_random_uuid(),
    j json DEFAULT '{}',
    jb jsonb DEFAULT jsonb_build_object(),
    big bigint DEFAULT 5000000000,
    small smallint DEFAULT -5,
    f4 real DEFAULT 1.5,
    f8 float8 DEFAULT 1e10,
    nan float8 DEFAULT 'NaN',
    yes bool DEFAULT true,
    raw bytea DEFAULT '\x0102',
    nv numeric DEFAULT 1.5
);
INSERT INTO def_quirks VALUES (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT * FROM cdc_get('def');

SELECT pg_drop_replication_slot('def');
DROP TABLE def_t, def_key, def_quirks;
