#!/bin/sh
# Runs once, when the PostgreSQL container initializes its data directory (docker-entrypoint-initdb.d):
# creates the database the connectors work on, the connector's read-only login role, and the extensions
# the DBA tools use. The role's password comes from MCP_READONLY_PASSWORD (the compose .env).
# The role reads the user schemas of the database (and what $POSTGRES_USER creates there later) and the
# statistics views, nothing else: no pg_read_all_data, whose SELECT on every relation includes pg_authid's
# password verifiers and pg_user_mapping's options (see LocalPostgres/ReadOnlyGrants.cs, which grants the same).
# With MCP_SCHEMAS (comma-separated, the AppHost's Postgres:Databases:<name>:Schemas), it reads only those schemas,
# which this script creates (owned by $POSTGRES_USER) in the new database: no grant on any other schema.
# Tables another role creates later need their own GRANT SELECT ... TO mcp_readonly.
set -eu
: "${MCP_READONLY_PASSWORD:?MCP_READONLY_PASSWORD must be set}"
: "${MCP_DATABASE:=maindb}"
: "${MCP_SCHEMAS:=}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
     -v password="$MCP_READONLY_PASSWORD" -v database="$MCP_DATABASE" <<'SQL'
CREATE ROLE mcp_readonly WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'password';
GRANT pg_read_all_stats, pg_stat_scan_tables TO mcp_readonly;
ALTER ROLE mcp_readonly SET default_transaction_read_only = on;
CREATE DATABASE :"database";
SQL

if [ -z "$MCP_SCHEMAS" ]; then
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$MCP_DATABASE" -v owner="$POSTGRES_USER" <<'SQL'
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
GRANT USAGE ON SCHEMA public TO mcp_readonly;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO mcp_readonly;
GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO mcp_readonly;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" GRANT USAGE ON SCHEMAS TO mcp_readonly;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" GRANT SELECT ON TABLES TO mcp_readonly;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" GRANT SELECT ON SEQUENCES TO mcp_readonly;
SQL
else
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$MCP_DATABASE" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
# The image's entrypoint may source this file: no exit on success, and the shell's settings are put back.
old_ifs=$IFS
IFS=','
set -f
for listed in $MCP_SCHEMAS; do
  IFS=$old_ifs
  schema=$(printf '%s' "$listed" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
  case "$schema" in
    '' | pg_* | information_schema)
      # A system schema would hand the role the catalogs, pg_authid included.
      echo "MCP_SCHEMAS holds '$schema': list user schema names only (not empty, not pg_*, not information_schema)." >&2
      exit 1 ;;
  esac
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$MCP_DATABASE" -v owner="$POSTGRES_USER" -v schema="$schema" <<'SQL'
CREATE SCHEMA IF NOT EXISTS :"schema" AUTHORIZATION :"owner";
GRANT USAGE ON SCHEMA :"schema" TO mcp_readonly;
GRANT SELECT ON ALL TABLES IN SCHEMA :"schema" TO mcp_readonly;
GRANT SELECT ON ALL SEQUENCES IN SCHEMA :"schema" TO mcp_readonly;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA :"schema" GRANT SELECT ON TABLES TO mcp_readonly;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA :"schema" GRANT SELECT ON SEQUENCES TO mcp_readonly;
SQL
done
set +f
IFS=$old_ifs
fi
