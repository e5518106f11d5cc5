#!/usr/bin/env sh
# Creates the Docker network every McpPlatform compose project joins (once per server).
docker network inspect mcp-net >/dev/null 2>&1 || docker network create mcp-net
