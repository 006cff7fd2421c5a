import { test, expect, hydrated } from './fixtures';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const password = 'correct horse battery';

async function premiumOwner(page: import('@playwright/test').Page, name: string, tier = 'Premium') {
  const id = randomUUID().slice(0, 8);
  const email = `owner-${id}@e2e.test`;
  const provisioned = await page.request.post('/api/v1/companies/provision', {
    data: { company_name: `${name} ${id}`, admin_email: email, admin_name: 'Owner', admin_password: password, subscription_tier: tier },
  });
  const company = await provisioned.json();
  expect((await page.request.post('/api/v1/auth/login', { data: { email, password } })).status()).toBe(200);
  return company;
}

test('an admin adds a custom status and sees it as a board column', async ({ page }) => {
  const company = await premiumOwner(page, 'Workflow');
  await page.goto(`/c/${company.slug}/settings`);
  await hydrated(page);
  const statuses = page.locator('[data-key="issue_statuses"]');
  await expect(statuses.getByLabel('status name')).toHaveCount(4);
  await statuses.getByRole('button', { name: 'Add status' }).click();
  await statuses.getByLabel('status name').last().fill('Blocked');
  // Move it up, before Closed, so the done column stays last.
  await statuses.getByRole('button', { name: 'Move up' }).last().click();
  await statuses.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(statuses.getByLabel('status name').nth(3)).toHaveValue('Blocked');

  await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Board' }).click();
  const columns = page.locator('.board-column');
  await expect(columns).toHaveCount(5);
  await expect(columns.nth(3)).toHaveAttribute('data-status', 'Blocked');
});

test.describe('a status in use', () => {
  // The first save is refused with 409 `in_use`, which the browser logs.
  test.use({ expectedBrowserErrors: [/the server responded with a status of 409/] });

  test('removing a status that issues use asks where they go, then moves them', async ({ page }) => {
    const company = await premiumOwner(page, 'Mapping');
    const issue = await page.request.post(`/api/v1/companies/${company.company_id}/issues`, {
      data: { title: 'Stuck in review', issue_type: 'Bug', priority: 'High', status: 'In Review' },
    });
    expect(issue.status()).toBe(201);
    await page.goto(`/c/${company.slug}/settings`);
    await hydrated(page);
    const statuses = page.locator('[data-key="issue_statuses"]');
    await statuses.getByRole('button', { name: 'Remove status' }).nth(2).click();
    await statuses.getByRole('button', { name: 'Save' }).click();
    const ask = statuses.getByRole('alert').filter({ hasText: 'Choose where they go' });
    await expect(ask).toContainText('1 issue in "In Review": move to');
    await ask.getByRole('combobox').selectOption('In Progress');
    await statuses.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status').filter({ hasText: '1 issue moved' })).toBeVisible();
    await expect(statuses.getByLabel('status name')).toHaveCount(3);

    const moved = await (await page.request.get(`/api/v1/companies/${company.company_id}/issues`)).json();
    expect(moved.items[0].status).toBe('In Progress');
  });
});

test('a custom field is added in settings, then filled in on an issue', async ({ page }) => {
  const company = await premiumOwner(page, 'Fields');
  await page.goto(`/c/${company.slug}/settings/fields`);
  await hydrated(page);
  await expect(page.getByText('0 of 25 custom fields on the Premium plan.')).toBeVisible();
  await page.getByLabel('Name').fill('Severity');
  await page.getByLabel('Type').selectOption('select');
  await page.getByLabel('Options').fill('S1, S2, S3');
  await page.getByRole('button', { name: 'Add field' }).click();
  await expect(page.locator('tr[data-field="Severity"]')).toContainText('S1, S2, S3');

  await page.goto(`/c/${company.slug}/issues/new`);
  await hydrated(page);
  await page.getByLabel('Title').fill('Checkout fails');
  await page.getByLabel('Severity').selectOption('S2');
  await page.getByRole('button', { name: 'Create issue' }).click();
  // The new issue's page shows the value it was created with.
  await expect(page).toHaveURL(new RegExp(`/c/${company.slug}/issues/1$`));
  await expect(page.getByLabel('Severity')).toHaveValue('S2');
  const listed = await (await page.request.get(`/api/v1/companies/${company.company_id}/issues`)).json();
  expect(listed.items[0].custom_fields).toEqual({ Severity: 'S2' });
});

test('an admin adds a webhook, sends a test that really posts, and sees it in the delivery log', async ({ page }) => {
  const received: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push(body);
      response.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    const company = await premiumOwner(page, 'Hooks');
    await page.goto(`/c/${company.slug}/settings/integrations`);
    await hydrated(page);
    await page.getByLabel('URL', { exact: true }).fill(`http://127.0.0.1:${port}/tenantry`);
    await page.getByLabel(/^Secret/).fill('a-secret-of-enough-length');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const row = page.locator(`tr[data-webhook="http://127.0.0.1:${port}/tenantry"]`);
    await expect(row).toContainText('issue.created, issue.updated, issue.resolved');
    await row.getByRole('button', { name: 'Send test' }).click();
    await expect(page.locator('[data-test-result="delivered"]')).toContainText('answered 202');
    expect(JSON.parse(received[0]).event).toBe('ping');
    await expect(page.locator('.delivery-log tr[data-state="delivered"]')).toHaveCount(1);
    // The secret is never shown again.
    await expect(page.locator('body')).not.toContainText('a-secret-of-enough-length');
  } finally {
    server.close();
  }
});

test('a Platinum owner brands the header with a logo, a color and a product name', async ({ page }) => {
  const company = await premiumOwner(page, 'Brand', 'Platinum');
  await page.goto(`/c/${company.slug}/settings/branding`);
  await hydrated(page);
  // A PNG signature is all the upload checks; the browser need not draw it.
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(120, 1)]);
  await page.getByLabel(/^Upload a logo/).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
  await expect(page.locator('img.logo-preview')).toHaveAttribute('src', new RegExp(`^/logos/${company.company_id}/`));
  await page.locator('#accent-color').fill('#0f766e');
  await page.getByLabel('Product name in the header').fill('Rocket Desk');
  await page.getByRole('button', { name: 'Save branding' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  await page.reload();
  await expect(page.locator('header .brand-name')).toHaveText('Rocket Desk');
  await expect(page.locator('header img.brand-logo')).toHaveAttribute('src', new RegExp(`^/logos/${company.company_id}/`));
  const accent = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim());
  expect(accent).toBe('#0f766e');
});

test('branding on a plan without it says which plan has it', async ({ page }) => {
  const company = await premiumOwner(page, 'Plain');
  await page.goto(`/c/${company.slug}/settings/branding`);
  await expect(page.getByText('comes with Platinum; Premium does not include it')).toBeVisible();
  await expect(page.getByLabel(/^Upload a logo/)).toHaveCount(0);
});

test('general settings, priorities and notifications round-trip, and the old address redirects', async ({ page }) => {
  const company = await premiumOwner(page, 'General');
  await page.goto(`/c/${company.slug}/settings`);
  await hydrated(page);
  const renamed = `${company.slug}-hq`;
  await page.getByLabel('Company name').fill(`${company.company_name} HQ`);
  await page.getByLabel('Address').fill(renamed);
  await page.getByLabel('Time zone').selectOption('Europe/Paris');
  await page.getByRole('button', { name: 'Save general settings' }).click();
  await expect(page).toHaveURL(`/c/${renamed}/settings`);
  await hydrated(page);
  await expect(page.getByLabel('Company name')).toHaveValue(`${company.company_name} HQ`);
  await expect(page.getByLabel('Time zone')).toHaveValue('Europe/Paris');

  // A bookmark of the old address still lands on the page, at its new address.
  await page.goto(`/c/${company.slug}/settings/lists`);
  await expect(page).toHaveURL(`/c/${renamed}/settings/lists`);
  await hydrated(page);
  const priorities = page.locator('[data-key="priority_levels"]');
  await priorities.getByRole('button', { name: 'Add priority' }).click();
  await priorities.getByLabel('priority name').last().fill('Blocker');
  await priorities.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  await page.goto(`/c/${renamed}/settings/integrations`);
  await hydrated(page);
  await page.getByLabel('When an issue is created (issue.created)').first().uncheck();
  await page.getByRole('button', { name: 'Save notifications' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  const settings = (await (await page.request.get(`/api/v1/companies/${company.company_id}`)).json()).settings;
  expect(settings.priority_levels).toEqual(['Low', 'Medium', 'High', 'Critical', 'Blocker']);
  expect(settings.notifications.events).not.toContain('issue.created');
  expect(settings.notifications.email).toBe(true);
});
