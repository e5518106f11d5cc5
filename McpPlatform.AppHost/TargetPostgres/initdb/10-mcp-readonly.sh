#!/bin/sh
# Runs once, when the PostgreSQL container initializes its data directory (docker-entrypoint-initdb.d):
# creates the database the connectors work on, the connector's read-only login role, and the extensions
# the DBA tools use. The role's password comes from MCP_READONLY_PASSWORD (the compose .env).
set -eu
: "${MCP_READONLY_PASSWORD:?MCP_READONLY_PASSWORD must be set}"
: "${MCP_DATABASE:=maindb}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
     -v password="$MCP_READONLY_PASSWORD" -v database="$MCP_DATABASE" <<'SQL'
CREATE ROLE mcp_readonly WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'password';
GRANT pg_read_all_data, pg_monitor TO mcp_readonly;
ALTER ROLE mcp_readonly SET default_transaction_read_only = on;
CREATE DATABASE :"database";
SQL

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$MCP_DATABASE" \
     -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements'
