import { test, expect, hydrated } from './fixtures';
import { randomUUID } from 'node:crypto';

const password = 'correct horse battery';

test('an owner creates an API token, sees it once, revokes it after confirming, and reads the audit log', async ({ page }) => {
  const id = randomUUID().slice(0, 8);
  const email = `owner-${id}@e2e.test`;
  const provisioned = await page.request.post('/api/v1/companies/provision', {
    data: { company_name: `Tokens ${id}`, admin_email: email, admin_name: 'Owner', admin_password: password },
  });
  const company = await provisioned.json();
  expect((await page.request.post('/api/v1/auth/login', { data: { email, password } })).status()).toBe(200);

  await page.goto(`/c/${company.slug}/settings/tokens`);
  await hydrated(page);
  await page.getByLabel('Name').fill('CI pipeline');
  await page.getByLabel('Role').selectOption('viewer');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = await page.locator('.token-secret').innerText();
  expect(secret).toMatch(/^tnt_[0-9a-f]{64}$/);
  const row = page.locator('tr[data-token="CI pipeline"]');
  await expect(row).toContainText('viewer');

  // The token works for scripts.
  const asScript = await page.request.get(`/api/v1/companies/${company.company_id}`, {
    headers: { Authorization: `Bearer ${secret}` },
  });
  expect(asScript.status()).toBe(200);

  await row.getByRole('button', { name: 'Revoke' }).click();
  await row.getByRole('button', { name: 'Keep' }).click();
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Revoke' }).click();
  await row.getByRole('button', { name: 'Yes, revoke it' }).click();
  await expect(row).toHaveCount(0);

  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page).toHaveURL(`/c/${company.slug}/settings/audit`);
  await expect(page.locator('table')).toContainText('api_token.revoked');
  await expect(page.locator('table')).toContainText('api_token.created');
  await page.getByLabel('Action').fill('company.provisioned');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.locator('tbody tr')).toHaveCount(1);
});
