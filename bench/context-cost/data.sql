-- The context-cost data set: the same rows for every server, read as the same read-only role.
CREATE DATABASE context_cost;
CREATE ROLE mcp_readonly LOGIN PASSWORD 'context-cost-reader';
ALTER ROLE mcp_readonly SET default_transaction_read_only = on;
\connect context_cost

-- Everyday text: names from many languages, a city, dates, amounts, counts and NULLs (100 rows).
CREATE TABLE public.people (
    id integer PRIMARY KEY,
    name text NOT NULL,
    email text NOT NULL,
    city text,
    country char(2),
    born date,
    signed_up timestamptz NOT NULL,
    score numeric(5, 2),
    visits integer NOT NULL,
    active boolean NOT NULL,
    note text
);
COMMENT ON TABLE public.people IS 'Customers who signed up';
CREATE INDEX people_city ON public.people (city);
INSERT INTO public.people
SELECT g,
       CASE g WHEN 1 THEN 'José García' WHEN 2 THEN '東京 太郎' WHEN 3 THEN 'Zoë O''Brien'
              ELSE (ARRAY['Ana', 'François', 'Søren', 'Łukasz', 'Priya', 'Björn', 'Chloé', 'Mohammed', 'Siobhán', 'Emily'])[1 + g % 10]
                   || ' ' || (ARRAY['Müller', 'Nguyễn', 'Kowalski', 'Smith', 'Dubois', 'Andersson', 'Rossi', 'Yılmaz', 'Okafor', 'Silva', 'Chen'])[1 + g % 11]
       END,
       'user' || g || '@example.com',
       (ARRAY['Madrid', '東京', 'Dublin', 'São Paulo', 'Zürich', 'Kraków', 'New York', 'Montréal', NULL])[1 + g % 9],
       (ARRAY['ES', 'JP', 'IE', 'BR', 'CH', 'PL', 'US', 'CA', NULL])[1 + g % 9],
       date '1970-01-01' + (g * 211) % 18000,
       timestamptz '2026-01-01 07:00:00+00' + g * interval '7 hours 13 minutes' + CASE WHEN g % 4 = 0 THEN interval '0.5 seconds' ELSE interval '0' END,
       CASE WHEN g % 7 = 0 THEN NULL ELSE round((g * 37 % 10000) / 100.0, 2) END,
       g * 13 % 250,
       g % 3 <> 0,
       CASE WHEN g % 5 = 0 THEN 'Prefers email, not phone' WHEN g % 11 = 0 THEN 'Said "call me after 5"' WHEN g % 13 = 0 THEN 'VIP' END
FROM generate_series(1, 100) AS g;

-- Rows dominated by hashes and long values (100 rows).
CREATE TABLE public.hashes (
    id integer PRIMARY KEY,
    sha256 text NOT NULL,
    md5 text NOT NULL,
    uid uuid NOT NULL,
    token text NOT NULL,
    path text NOT NULL,
    created_at timestamptz NOT NULL
);
INSERT INTO public.hashes
SELECT g,
       encode(sha256(convert_to('row ' || g, 'UTF8')), 'hex'),
       md5('row ' || g),
       md5('uuid ' || g)::uuid,
       translate(encode(sha256(convert_to('token ' || g, 'UTF8')) || sha256(convert_to('salt ' || g, 'UTF8')), 'base64'), E'\n', ''),
       '/var/lib/app/blobs/' || substr(md5('path ' || g), 1, 2) || '/' || md5('path ' || g) || '.bin',
       timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute 1.25 seconds'
FROM generate_series(1, 100) AS g;

-- A wide table: 30 columns of mixed types (20 rows).
CREATE TABLE public.wide AS
SELECT g AS id,
       'item ' || g AS c02_name, g * 3 AS c03_qty, round(g * 1.25, 2) AS c04_price, g % 2 = 0 AS c05_flag,
       date '2026-01-01' + g AS c06_day, timestamptz '2026-01-01 00:00:00+00' + g * interval '1 hour' AS c07_at,
       CASE WHEN g % 3 = 0 THEN NULL ELSE 'note ' || g END AS c08_note, g * 100 AS c09_cents, 'EUR' AS c10_currency,
       'warehouse ' || (g % 4) AS c11_site, g % 5 AS c12_bin, g * 7 AS c13_weight_g, g * 2.5 AS c14_volume, g % 3 = 0 AS c15_fragile,
       'supplier ' || (g % 6) AS c16_supplier, 'SKU-' || lpad(g::text, 6, '0') AS c17_sku, g + 1000 AS c18_order_no,
       CASE WHEN g % 4 = 0 THEN NULL ELSE g * 0.1 END AS c19_discount, 'open' AS c20_status,
       g * 11 AS c21_views, g * 2 AS c22_clicks, round(g / 7.0, 4) AS c23_ratio, 'red' AS c24_color, 'M' AS c25_size,
       date '2025-12-01' + g AS c26_ordered, date '2026-02-01' + g AS c27_due, g % 2 AS c28_priority,
       'ok' AS c29_check, g * 9 AS c30_total
FROM generate_series(1, 20) AS g;

GRANT USAGE ON SCHEMA public TO mcp_readonly;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO mcp_readonly;
ANALYZE;
