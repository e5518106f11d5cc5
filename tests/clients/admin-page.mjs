// Drives the gateway's admin page (/admin) in headless Chromium (Debian's /usr/bin/chromium) with playwright-core, as
// an admin would: McpPlatform.IntegrationTests/AdminPageBrowserTests runs it step by step and uses the key in between.
//
//   node admin-page.mjs create <key name>          log in, create a key for the 'db' server; prints {"id", "key"}
//   node admin-page.mjs audit-and-revoke <key id>   log in, find the key's tools/call in the audit view (waiting for the
//                                                    audit log's flush), screenshot it, revoke the key; prints {"auditRows", "status"}
//
// Environment: GATEWAY_URL (http://localhost:PORT), ADMIN_MASTER_KEY, SCREENSHOT_DIR (where the PNGs go),
// CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import path from 'node:path';

const [step, argument] = process.argv.slice(2);
const base = required('GATEWAY_URL').replace(/\/$/, '');
const masterKey = required('ADMIN_MASTER_KEY');
const screenshots = required('SCREENSHOT_DIR');

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

async function logIn(page) {
  await page.goto(`${base}/admin/keys`);
  // Not logged in yet: the page sends us to the login form, which brings us back.
  await page.waitForURL(/\/admin\/login\?ReturnUrl=/);
  await page.fill('input[name="MasterKey"]', masterKey);
  await Promise.all([page.waitForURL(`${base}/admin/keys`), page.click('button[type="submit"]')]);
}

async function create(page, name) {
  await page.fill('#Form_Name', name);
  await page.fill('#Form_Servers', 'db');
  await page.fill('#Form_Tools', 'db/list_schemas');
  await Promise.all([page.waitForLoadState('load'), page.click('#create-key button[type="submit"]')]);
  await page.waitForSelector('#created-key');
  const id = (await page.textContent('#created-id')).trim();
  const key = (await page.textContent('#created-key')).trim();
  await page.screenshot({ path: path.join(screenshots, 'admin-page-key-created.png'), fullPage: true });
  return { id, key };
}

async function auditAndRevoke(page, id) {
  const rows = page.locator('#audit tbody tr')
    .filter({ has: page.locator('.audit-key', { hasText: new RegExp(`^${id}$`) }) })
    .filter({ has: page.locator('.audit-target', { hasText: /^list_schemas$/ }) });
  const deadline = Date.now() + 30_000;
  // The audit log is written in batches (Gateway:Audit:FlushInterval): reload until the call is there.
  for (;;) {
    await page.goto(`${base}/admin/audit?key=${encodeURIComponent(id)}&server=postgres_main`);
    if (await rows.count() > 0) {
      break;
    }
    if (Date.now() > deadline) {
      throw new Error(`no audit entry of ${id} for list_schemas after 30 s: ${await page.textContent('main')}`);
    }
    await page.waitForTimeout(500);
  }
  const auditRows = await rows.count();
  const outcome = (await rows.first().locator('.audit-outcome').textContent()).trim();
  await page.screenshot({ path: path.join(screenshots, 'admin-page-audit.png'), fullPage: true });

  await page.goto(`${base}/admin/keys/${encodeURIComponent(id)}`);
  await Promise.all([page.waitForURL(/\/admin\/keys\?revoked=/), page.click('button.revoke')]);
  const status = (await page.textContent(`tr[data-key="${id}"] .key-status`)).trim();
  const notice = (await page.textContent('#notice')).trim();
  await page.screenshot({ path: path.join(screenshots, 'admin-page-revoked.png'), fullPage: true });
  return { auditRows, outcome, status, notice };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  // The pages need no script (their Content-Security-Policy forbids it): everything must work with it off.
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await logIn(page);
  let result;
  if (step === 'create') {
    result = await create(page, argument);
  } else if (step === 'audit-and-revoke') {
    result = await auditAndRevoke(page, argument);
  } else {
    throw new Error(`unknown step '${step}': create <name> | audit-and-revoke <id>`);
  }
  process.stdout.write(JSON.stringify(result) + '\n');
} finally {
  await browser.close();
}
