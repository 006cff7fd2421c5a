import { test, expect, hydrated } from './fixtures';
import { randomUUID } from 'node:crypto';

const password = 'correct horse battery';

test('a Basic owner moves to Premium through the dry run and sees the new limits', async ({ page }) => {
  const id = randomUUID().slice(0, 8);
  const email = `owner-${id}@e2e.test`;
  const provisioned = await page.request.post('/api/v1/companies/provision', {
    data: { company_name: `Billing ${id}`, admin_email: email, admin_name: 'Olive Owner', admin_password: password },
  });
  const company = await provisioned.json();
  expect((await page.request.post('/api/v1/auth/login', { data: { email, password } })).status()).toBe(200);

  await page.goto(`/c/${company.slug}/members`);
  await hydrated(page);
  await expect(page.locator('[data-limit="users"]')).toContainText('1 of 5 users on the Basic plan');
  await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Plan' }).click();
  await expect(page.locator('[data-current-plan]')).toContainText('Basic plan, $10 a month');
  await expect(page.locator('[data-usage="Users"]')).toContainText('1 of 5');

  await page.getByRole('button', { name: 'Choose Premium' }).click();
  const preview = page.locator('.plan-preview');
  await expect(preview).toContainText('Moving to Premium');
  await expect(preview).toContainText('$40 more a month');
  await expect(preview.locator('tr').filter({ hasText: 'users' }).first()).toContainText('25');
  await preview.getByRole('button', { name: 'Confirm: move to Premium' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your plan is now Premium' })).toBeVisible();
  await expect(page.locator('[data-current-plan]')).toContainText('Premium plan, $50 a month');
  await expect(page.locator('[data-usage="Users"]')).toContainText('1 of 25');

  await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByText('The plan changed from Basic to Premium')).toBeVisible();
  await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Members' }).click();
  await expect(page.locator('[data-limit="users"]')).toContainText('1 of 25 users on the Premium plan');
});
