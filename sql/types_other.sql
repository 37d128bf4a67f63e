-- types_other: bit and varbit, network types, ranges, point, tsvector, xml,
-- enums, domains, oid and "char" (debezium-format.md §4.1, §4.7.4).
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
CREATE DOMAIN money_amount AS numeric(8,2);
CREATE DOMAIN short_text AS varchar(5) NOT NULL;
CREATE DOMAIN positive_int AS int CHECK (VALUE > 0);
CREATE TABLE tother (
    id int PRIMARY KEY,
    b1 bit, b3 bit(3), vb varbit, vb1 varbit(1), vb64 varbit(64),
    ip inet, net cidr, mac macaddr, mac8 macaddr8,
    r4 int4range, r8 int8range, rn numrange, rts tsrange, rtz tstzrange, rd daterange,
    p point, tv tsvector, x xml, m mood, amount money_amount, code short_text,
    pos positive_int, o oid, c "char"
);
SELECT 'init' FROM pg_create_logical_replication_slot('to', 'cdc_plugin');
INSERT INTO tother VALUES
    (1, B'1', B'101', B'11', B'1', B'1' || repeat('0', 63)::varbit,
     '192.168.2.0/12', '192.168.0.0/16', '08-00-2b-01-02-03', '08:00:2b:01:02:03:04:05',
     '[1,6]', '[1000,6000)', '(1.5,2.5]', '["2019-03-31 15:30:00",infinity)',
     '[2017-06-05 11:29:12.549426+00,)', '[2019-03-31,2019-04-30)',
     '(1,1)', 'This is a test of the tsvector insert', '<a>text &amp;</a>', 'happy', 1.5, 'abc',
     7, 4294967295, 'c'),
    (2, B'0', B'000', B'', B'0', B'000000110000001000000001',
     '::1', '::/0', 'ff:ff:ff:ff:ff:ff', '00:00:00:00:00:00:00:00',
     'empty', '(,)', 'empty', NULL, NULL, NULL,
     '(-1.5,1e300)', '', '<x/>', 'meh', -999999.99, '', 1, 0, NULL),
    (3, NULL, NULL, B'111011010001000110000001000000001', NULL, NULL,
     NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, NULL, NULL, NULL, 'z', NULL, NULL, NULL);
SELECT * FROM cdc_get('to');

-- a label added later is still written by name
ALTER TYPE mood ADD VALUE 'ecstatic';
INSERT INTO tother (id, m, code) VALUES (4, 'ecstatic', 'q');
SELECT * FROM cdc_get('to');

SELECT pg_drop_replication_slot('to');
DROP TABLE tother;
DROP TYPE mood;
DROP DOMAIN money_amount, short_text, positive_int;
