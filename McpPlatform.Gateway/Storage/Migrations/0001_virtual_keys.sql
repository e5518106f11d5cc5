-- Virtual keys, created through the admin API. The key itself is never stored: only its SHA-256 (see Keys/KeySecret.cs).
CREATE TABLE virtual_keys (
    id             text        PRIMARY KEY,
    prefix         text        NOT NULL UNIQUE,
    key_sha256     bytea       NOT NULL UNIQUE CHECK (octet_length(key_sha256) = 32),
    name           text        NOT NULL,
    owner          text,
    servers        text[]      NOT NULL DEFAULT '{}',
    tools          text[]      NOT NULL DEFAULT '{}',
    deny_tools     text[]      NOT NULL DEFAULT '{}',
    prompts        text[]      NOT NULL DEFAULT '{}',
    deny_prompts   text[]      NOT NULL DEFAULT '{}',
    resources      text[]      NOT NULL DEFAULT '{}',
    deny_resources text[]      NOT NULL DEFAULT '{}',
    read_only      boolean     NOT NULL DEFAULT false,
    expires_at     timestamptz,
    rpm            integer     CHECK (rpm > 0),
    max_concurrent integer     CHECK (max_concurrent > 0),
    enabled        boolean     NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    revoked_at     timestamptz
);

-- One counter for the whole table, bumped by every change: a gateway process polls this one row and reloads the keys
-- only when it moved. The same trigger notifies listeners, which see a change at once.
CREATE TABLE virtual_keys_version (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version   bigint  NOT NULL
);
INSERT INTO virtual_keys_version (singleton, version) VALUES (true, 0);

CREATE FUNCTION virtual_keys_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE virtual_keys_version SET version = version + 1;
    PERFORM pg_notify('virtual_keys_changed', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER virtual_keys_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON virtual_keys
    FOR EACH STATEMENT EXECUTE FUNCTION virtual_keys_changed();
