// Context cost: tokens (o200k_base) of what a model reads from each PostgreSQL MCP server for the same questions:
// the text content of tools/call results (a resource's text where that is the server's way to describe a table)
// and the JSON of the tools array of tools/list. A real MCP client (the TypeScript SDK's, over stdio) talks to each
// server. Run through run.sh, which starts and fills PostgreSQL first.
import { mkdirSync, writeFileSync, createWriteStream } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { getEncoding } from "js-tiktoken";
import { decodeTable } from "./table.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const { values: options } = parseArgs({ options: { port: { type: "string" }, connector: { type: "string" }, output: { type: "string" } } });
const { port, connector, output } = options;
if (!port || !connector || !output) {
  throw new Error("usage: measure.mjs --port PORT --connector PATH/McpPlatform.Connectors.Postgres.dll --output DIR");
}

const database = "context_cost";
const password = "context-cost-reader";
const url = `postgresql://mcp_readonly:${password}@127.0.0.1:${port}/${database}`;
const node = process.execPath;
const encoder = getEncoding("o200k_base");
const tokens = (text) => encoder.encode(text).length;
mkdirSync(join(output, "samples"), { recursive: true });

const dbhubConfig = join(output, "dbhub.toml");
// dbhub's default tool set (execute_sql, search_objects), with execute_sql in read-only mode.
writeFileSync(dbhubConfig, [
  "[[sources]]", 'id = "default"', `dsn = "${url}?sslmode=disable"`, "",
  "[[tools]]", 'name = "execute_sql"', 'source = "default"', "readonly = true", "",
  "[[tools]]", 'name = "search_objects"', 'source = "default"', "",
].join("\n"));

const sql = (name) => (query) => ({ tool: name, arguments: { sql: query } });
const servers = [
  {
    name: "our connector",
    key: "ours",
    command: "dotnet",
    args: [connector, "--stdio"],
    env: {
      ConnectionStrings__maindb: `Host=127.0.0.1;Port=${port};Database=${database};Username=mcp_readonly;Password=${password}`,
      DOTNET_ENVIRONMENT: "Production",
      Logging__LogLevel__Default: "Warning",
    },
    query: sql("execute_sql"),
    describe: { tool: "get_object_details", arguments: { schema: "public", name: "people" } },
  },
  {
    name: "server-postgres",
    key: "server-postgres",
    command: node,
    args: [join(here, "node_modules/@modelcontextprotocol/server-postgres/dist/index.js"), url],
    query: sql("query"),
    // Its only way to describe a table: the table's schema resource (column names and types).
    describe: { resource: `postgres://mcp_readonly@127.0.0.1:${port}/${database}/people/schema` },
  },
  {
    name: "dbhub (read-only)",
    key: "dbhub",
    command: node,
    args: [join(here, "node_modules/@bytebase/dbhub/dist/index.js"), "--transport", "stdio", "--config", dbhubConfig],
    query: sql("execute_sql"),
    describe: { tool: "search_objects", arguments: { object_type: "column", table: "people", schema: "public", detail_level: "full" } },
  },
];

const questions = [
  { key: "select1", label: "`SELECT 1`", ask: (server) => server.query("SELECT 1") },
  { key: "people", label: "`SELECT * FROM people`: 100 rows of everyday text", target: 0.5, check: true, ask: (server) => server.query("SELECT * FROM people ORDER BY id") },
  { key: "hashes", label: "`SELECT * FROM hashes`: 100 rows of hashes and long values", target: 0.7, check: true, ask: (server) => server.query("SELECT * FROM hashes ORDER BY id") },
  { key: "wide", label: "`SELECT * FROM wide`: 20 rows × 30 columns", check: true, ask: (server) => server.query("SELECT * FROM wide ORDER BY id") },
  { key: "describe", label: "Describe table `people`", ask: (server) => server.describe },
];

const results = {};
for (const server of servers) {
  const log = createWriteStream(join(output, `${server.key}.stderr.log`));
  const transport = new StdioClientTransport({ command: server.command, args: server.args, env: { ...process.env, ...server.env }, stderr: "pipe" });
  transport.stderr?.pipe(log);
  const client = new Client({ name: "context-cost", version: "1.0.0" });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    const row = { toolsList: tokens(JSON.stringify(tools)), tools: tools.map((tool) => tool.name) };
    writeFileSync(join(output, "samples", `${server.key}.tools.json`), JSON.stringify(tools, null, 2));
    for (const question of questions) {
      const request = question.ask(server);
      const text = request.resource ? await readResource(client, request.resource) : await callTool(client, request);
      writeFileSync(join(output, "samples", `${server.key}.${question.key}.txt`), text);
      row[question.key] = { tokens: tokens(text), verbatim: question.key === "people" ? verbatimNames(text) : undefined };
      if (server.key === "ours" && question.check) {
        try {
          row[question.key].roundTrip = await checkRoundTrip(client, request);
          row[question.key].valuesAlone = valuesAlone(text);
        } catch (error) {
          row[question.key].roundTrip = `not in the table format (${error.message})`; // an older build's JSON text
        }
      }
    }

    results[server.key] = row;
  } finally {
    await client.close();
    log.end();
  }
}

async function callTool(client, request) {
  const result = await client.callTool({ name: request.tool, arguments: request.arguments });
  const text = result.content.filter((block) => block.type === "text").map((block) => block.text).join("\n");
  if (result.isError) {
    throw new Error(`${request.tool} failed: ${text}`);
  }

  return text;
}

async function readResource(client, uri) {
  const result = await client.readResource({ uri });
  return result.contents.map((content) => content.text ?? "").join("\n");
}

/** Whether the names a person would look for appear as they are (not as \u escapes). */
function verbatimNames(text) {
  return ["José García", "東京 太郎", "Zoë O'Brien"].every((name) => text.includes(name));
}

/** The floor of any exact rendering: the tokens of every value on its own, without names, separators or quotes. */
function valuesAlone(text) {
  return decodeTable(text).rows.flat().reduce((sum, value) => sum + tokens(value ?? "NULL"), 0);
}

/** Our text decoded by the documented rule gives back every text value and NULL of the structured rows. */
async function checkRoundTrip(client, request) {
  const result = await client.callTool({ name: request.tool, arguments: request.arguments });
  const structured = result.structuredContent;
  const table = decodeTable(result.content[0].text);
  if (table.rows.length !== structured.rows.length || table.columns.length !== structured.columns.length) {
    return "row or column count differs";
  }

  for (let r = 0; r < table.rows.length; r++) {
    for (let c = 0; c < table.columns.length; c++) {
      const expected = structured.rows[r][structured.columns[c].name];
      const actual = table.rows[r][c];
      const same = expected === null ? actual === null
        : typeof expected === "string" && table.columns[c].type === "text" ? actual === expected
        : typeof expected === "boolean" ? actual === String(expected)
        : typeof expected === "number" ? Number(actual) === expected
        : actual !== null;
      if (!same) {
        return `row ${r + 1} column ${table.columns[c].name}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`;
      }
    }
  }

  return "ok";
}

writeFileSync(join(output, "results.json"), JSON.stringify(results, null, 2));
const markdown = render(results);
writeFileSync(join(output, "results.md"), markdown);
console.log(markdown);
console.log(`\nSamples of every answer: ${join(output, "samples")}`);

function render(all) {
  const peers = servers.filter((server) => server.key !== "ours");
  const lines = [
    `| What a model reads (tokens, o200k_base) | ${servers.map((server) => server.name).join(" | ")} | ours ÷ best peer | target | values alone ÷ best peer |`,
    `|---|${servers.map(() => "---:").join("|")}|---:|---|---:|`,
  ];
  const ratio = (ours, best) => `${(ours / best).toFixed(2)}x`;
  const toolsBest = Math.min(...peers.map((peer) => all[peer.key].toolsList));
  lines.push(`| \`tools/list\` (JSON of the tools array) | ${servers.map((server) => `${all[server.key].toolsList} (${all[server.key].tools.length} tools)`).join(" | ")} | ${ratio(all.ours.toolsList, toolsBest)} | | |`);
  for (const question of questions) {
    const best = Math.min(...peers.map((peer) => all[peer.key][question.key].tokens));
    const ours = all.ours[question.key].tokens;
    const met = question.target === undefined ? "" : `≤ ${question.target}x: ${ours / best <= question.target ? "met" : "missed"}`;
    const floor = all.ours[question.key].valuesAlone;
    lines.push(`| ${question.label} | ${servers.map((server) => all[server.key][question.key].tokens).join(" | ")} | ${ratio(ours, best)} | ${met} | ${floor === undefined ? "" : `${floor} (${ratio(floor, best)})`} |`);
  }

  lines.push("");
  lines.push(`Names verbatim in the text (\`José García\`, \`東京 太郎\`, \`Zoë O'Brien\`): ${servers.map((server) => `${server.name} ${all[server.key].people.verbatim ? "yes" : "no"}`).join(", ")}.`);
  lines.push("Values alone: the tokens of every value of the rows on its own (no names, separators, quotes or NULL markers but the word NULL), the floor of any rendering that shows every value exactly.");
  lines.push(`Our text decoded by the documented rule gives back every text value and NULL of the structured content: ${questions.filter((q) => q.check).map((q) => `${q.key} ${all.ours[q.key].roundTrip}`).join(", ")}.`);
  return lines.join("\n");
}
