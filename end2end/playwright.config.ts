import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The release build that the run command serves, on a database of its own.
const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'tenantry-e2e-'));
const binary = process.env.TENANTRY_BIN ?? '../target/release/tenantry';
export const rootEmail = 'root@e2e.test';
export const rootPassword = 'e2e root passphrase';

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    // A known root admin, so tests can read the outbox as the operator.
    command: `${binary} create-root-admin --email ${rootEmail} --password '${rootPassword}' && ${binary} serve`,
    url: `http://127.0.0.1:${port}/readyz`,
    env: {
      TENANTRY_ADDR: `127.0.0.1:${port}`,
      DATABASE_URL: `sqlite:${dataDir}/tenantry.db`,
      TENANTRY_LOG: 'warn',
      // Every test signs companies up from 127.0.0.1; the limit itself has an API test.
      TENANTRY_SIGNUP_LIMIT_PER_HOUR: '0',
      // Webhook tests post to a receiver on this machine.
      TENANTRY_ALLOW_PRIVATE_WEBHOOKS: '1',
    },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
