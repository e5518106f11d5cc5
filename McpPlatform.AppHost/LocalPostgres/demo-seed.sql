-- A small demo schema, created with the database on the first run, so a new user sees something real.
CREATE SCHEMA demo;

CREATE TABLE demo.customers (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL,
    email       text        NOT NULL UNIQUE,
    city        text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE demo.products (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku         text          NOT NULL UNIQUE,
    name        text          NOT NULL,
    price       numeric(10,2) NOT NULL CHECK (price >= 0),
    tags        text[]        NOT NULL DEFAULT '{}',
    attributes  jsonb         NOT NULL DEFAULT '{}'
);

CREATE TABLE demo.orders (
    id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  integer NOT NULL REFERENCES demo.customers (id),
    product_id   integer NOT NULL REFERENCES demo.products (id),
    quantity     integer NOT NULL CHECK (quantity > 0),
    ordered_at   timestamptz NOT NULL
);
CREATE INDEX orders_customer_id_idx ON demo.orders (customer_id);

INSERT INTO demo.customers (name, email, city) VALUES
    ('Ada Lovelace',     'ada@example.com',     'London'),
    ('Grace Hopper',     'grace@example.com',   'New York'),
    ('Alan Turing',      'alan@example.com',    'Manchester'),
    ('Edsger Dijkstra',  'edsger@example.com',  'Amsterdam'),
    ('Barbara Liskov',   'barbara@example.com', 'Boston');

INSERT INTO demo.products (sku, name, price, tags, attributes) VALUES
    ('KB-01', 'Mechanical keyboard', 89.90, '{input,usb}', '{"switches": "brown", "layout": "ISO"}'),
    ('MS-02', 'Wireless mouse',      24.50, '{input}',     '{"dpi": 1600}'),
    ('MN-27', '27" monitor',        219.00, '{display}',   '{"resolution": "2560x1440"}'),
    ('HD-01', 'USB-C hub',           39.99, '{usb}',       '{}');

INSERT INTO demo.orders (customer_id, product_id, quantity, ordered_at) VALUES
    (1, 1, 1, '2026-01-05 10:00+00'),
    (1, 2, 2, '2026-01-05 10:00+00'),
    (2, 3, 1, '2026-02-11 14:30+00'),
    (3, 4, 3, '2026-03-02 09:15+00'),
    (4, 1, 1, '2026-03-20 16:45+00'),
    (5, 2, 1, '2026-04-01 08:00+00');

-- Planner statistics, so row estimates and plans are real from the start.
ANALYZE demo.customers, demo.products, demo.orders;
