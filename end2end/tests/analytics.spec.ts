import { test, expect, hydrated } from './fixtures';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

const password = 'correct horse battery';

test('an owner reads charts drawn from the sample data and downloads one as CSV', async ({ page }) => {
  const id = randomUUID().slice(0, 8);
  const email = `owner-${id}@e2e.test`;
  const provisioned = await page.request.post('/api/v1/companies/provision', {
    data: { company_name: `Charts ${id}`, admin_email: email, admin_name: 'Owner', admin_password: password,
      subscription_tier: 'Premium', sample_data: true },
  });
  const company = await provisioned.json();
  expect((await page.request.post('/api/v1/auth/login', { data: { email, password } })).status()).toBe(200);

  await page.goto(`/c/${company.slug}`);
  await hydrated(page);
  await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Analytics' }).click();
  await expect(page).toHaveURL(`/c/${company.slug}/analytics`);
  const charts = page.locator('.chart');
  await expect(charts).toHaveCount(9);
  for (const chart of await charts.all()) {
    await expect(chart.locator('canvas')).toHaveCount(1);
  }

  // The same figures as the API.
  const api = await (await page.request.get(`/api/v1/analytics/company/${company.company_id}?days=30`)).json();
  const created = page.locator('.headline').filter({ hasText: 'Created' }).locator('dd').first();
  await expect(created).toHaveText(String(api.issue_analytics.created_in_period));

  const card = page.locator('[data-chart-key="created-resolved"]');
  const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name: 'Download CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('created-resolved.csv');
  const lines = readFileSync(await download.path(), 'utf8').trim().split('\n');
  expect(lines[0]).toBe('Day,Created,Resolved');
  expect(lines).toHaveLength(31);
  const sum = (column: number) => lines.slice(1).reduce((total, line) => total + Number(line.split(',')[column]), 0);
  expect(sum(1)).toBe(api.issue_analytics.created_in_period);
  expect(sum(2)).toBe(api.issue_analytics.resolved_in_period);

  // A longer period is drawn by week.
  await page.getByRole('link', { name: '90 days' }).click();
  await expect(page).toHaveURL(/days=90/);
  await expect(card.locator('tbody tr')).toHaveCount(13);
  await expect(card.locator('canvas')).toHaveCount(1);
});

test('the history a plan keeps caps the period, with a note rather than an error', async ({ page }) => {
  const id = randomUUID().slice(0, 8);
  const email = `basic-${id}@e2e.test`;
  const company = await (await page.request.post('/api/v1/companies/provision', {
    data: { company_name: `Basic ${id}`, admin_email: email, admin_name: 'Owner', admin_password: password, sample_data: true },
  })).json();
  await page.request.post('/api/v1/auth/login', { data: { email, password } });
  await page.goto(`/c/${company.slug}/analytics?days=90`);
  await expect(page.getByRole('status')).toContainText('The Basic plan keeps 7 days of history: showing the last 7 days rather than 90.');
  await expect(page.getByText('Team performance comes with Premium and up')).toBeVisible();
  await expect(page.locator('[data-chart-key="created-resolved"] tbody tr')).toHaveCount(7);
});
