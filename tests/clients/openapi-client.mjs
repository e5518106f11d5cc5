// An OpenAPI client as Open WebUI or a generated client would use the gateway, from its document alone.
// Usage: node openapi-client.mjs <document-url> [<operationId> <arguments-json>]
// The key comes from MCPPLATFORM_API_KEY. Prints one JSON line:
// {"valid", "version", "errors", "operations", "result"?: {"status", "data"}}; exits 1 when the document is invalid.
import { Validator } from "@seriousme/openapi-schema-validator";
import clientModule from "openapi-client-axios";

const OpenAPIClientAxios = clientModule.OpenAPIClientAxios ?? clientModule.default ?? clientModule;
const [documentUrl, operationId, argumentsJson] = process.argv.slice(2);
const headers = { Authorization: `Bearer ${process.env.MCPPLATFORM_API_KEY}` };

const response = await fetch(documentUrl, { headers });
if (!response.ok) {
  console.log(JSON.stringify({ valid: false, errors: [`GET ${documentUrl}: ${response.status} ${await response.text()}`] }));
  process.exit(1);
}
const document = await response.json();

// The real OpenAPI 3.1 schema check (the validator refuses what the specification's JSON schema refuses).
const validator = new Validator();
const validation = await validator.validate(structuredClone(document));
const output = { valid: validation.valid, version: validator.version, errors: validation.errors ?? null, operations: [] };
if (!validation.valid) {
  console.log(JSON.stringify(output));
  process.exit(1);
}

// A client generated at run time from the document's URL alone (it reads the document itself, with the key): its base
// URL is servers[0], its methods the operationIds.
const api = new OpenAPIClientAxios({ definition: documentUrl, axiosConfigDefaults: { headers, validateStatus: () => true } });
const client = await api.init();
output.operations = api.getOperations().map((operation) => operation.operationId);
if (operationId) {
  const result = await client[operationId](null, JSON.parse(argumentsJson ?? "{}"));
  output.result = { status: result.status, data: result.data };
}
console.log(JSON.stringify(output));
