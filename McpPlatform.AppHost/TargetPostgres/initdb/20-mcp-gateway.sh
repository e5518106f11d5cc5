#!/bin/sh
# Runs once, when the PostgreSQL container initializes its data directory (docker-entrypoint-initdb.d): creates the
# gateway's own database (virtual keys, audit log) and its owner, the login role mcp_gateway, whose password comes
# from GATEWAY_DB_PASSWORD (GATEWAYDB_PASSWORD of the .env). The gateway creates its tables itself at start. No other role may
# connect to that database (the connectors' mcp_readonly included).
# Safe to run again, e.g. by hand on a data volume initialized before this script existed:
#   docker compose exec postgres sh /docker-entrypoint-initdb.d/20-mcp-gateway.sh
set -eu
: "${GATEWAY_DB_PASSWORD:?GATEWAY_DB_PASSWORD must be set}"
: "${GATEWAY_DATABASE:=gatewaydb}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
     -v password="$GATEWAY_DB_PASSWORD" -v database="$GATEWAY_DATABASE" <<'SQL'
SELECT 'CREATE ROLE mcp_gateway WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mcp_gateway') \gexec
SELECT format('ALTER ROLE mcp_gateway WITH LOGIN PASSWORD %L', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER mcp_gateway', :'database')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'database') \gexec
SELECT format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', :'database') \gexec
SQL
