-- Every MCP request that reached an upstream or was refused. Written in batches (Audit/AuditWriter.cs), read newest
-- first with keyset paging on id, deleted past the retention (Audit/AuditRetention.cs).
CREATE TABLE audit_log (
    id             bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz      NOT NULL,
    key_id         text             NOT NULL,
    server         text,
    method         text             NOT NULL,
    target         text,
    outcome        text             NOT NULL,
    reason         text,
    duration_ms    double precision NOT NULL,
    request_bytes  bigint           NOT NULL,
    response_bytes bigint           NOT NULL,
    session_id     text,
    arguments      text,
    result         text
);

CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_key ON audit_log (key_id, id);
CREATE INDEX audit_log_server_target ON audit_log (server, target, id);
