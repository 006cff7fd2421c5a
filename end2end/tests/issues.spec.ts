import { test, expect, hydrated } from './fixtures';
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';

const password = 'correct horse battery';

/** A fresh company whose owner is logged in, in this page's browser context. */
async function company(page: Page, prefix: string) {
  const id = randomUUID().slice(0, 8);
  const email = `owner-${id}@e2e.test`;
  const provisioned = await page.request.post('/api/v1/companies/provision', {
    data: { company_name: `${prefix} ${id}`, admin_email: email, admin_name: 'Olive Owner', admin_password: password },
  });
  expect(provisioned.status()).toBe(201);
  expect((await page.request.post('/api/v1/auth/login', { data: { email, password } })).status()).toBe(200);
  return (await provisioned.json()) as { company_id: string; slug: string };
}

/** A link of the workspace's navigation. */
function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name, exact: true });
}

test('create, edit, comment, filter, move on the board, resolve and archive an issue', async ({ page }) => {
  const { company_id, slug } = await company(page, 'Tracker');
  const key = (n: number) => `${slug.toUpperCase()}-${n}`;

  await page.goto(`/c/${slug}/issues`);
  await hydrated(page);
  await expect(page.getByText('No issues yet')).toBeVisible();
  await page.getByRole('link', { name: 'New issue' }).click();
  await page.getByLabel('Title').fill('Checkout crashes on an empty cart');
  await page.getByLabel('Description').fill('Steps: open the cart, remove everything, press Pay.');
  await page.getByLabel('Type').selectOption('Bug');
  await page.getByLabel('Priority').selectOption('High');
  await page.getByRole('button', { name: 'Create issue' }).click();
  await expect(page).toHaveURL(`/c/${slug}/issues/1`);
  await expect(page.locator('h1')).toContainText(key(1));

  // Edit: the form keeps the values, the history says who changed what.
  await page.getByLabel('Title').fill('Checkout crashes when the cart is empty');
  await page.getByLabel('Assignee').selectOption({ label: 'Olive Owner' });
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(page.locator('h1')).toContainText('when the cart is empty');
  await expect(page.locator('.activity')).toContainText('Olive Owner changed title');
  await expect(page.locator('.activity')).toContainText('changed assignee from nothing to Olive Owner');
  await page.getByLabel('Add a comment').fill('Reproduced on Safari and Firefox.');
  await page.getByRole('button', { name: 'Comment' }).click();
  await expect(page.locator('.comment')).toContainText('Reproduced on Safari and Firefox.');

  const second = await page.request.post(`/api/v1/companies/${company_id}/issues`, {
    data: { title: 'Export invoices as CSV', issue_type: 'Feature', priority: 'Low' },
  });
  expect(second.status()).toBe(201);

  // Filter: the view lives in the address, so a reload (or a shared link) shows the same.
  await nav(page, 'Issues').click();
  await expect(page.locator('tbody tr')).toHaveCount(2);
  const filters = page.locator('form.filters');
  await filters.locator('select[name="priority"]').selectOption('High');
  await filters.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/priority=High/);
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await expect(page.locator(`tr[data-key="${key(1)}"]`)).toContainText('Olive Owner');
  await page.reload();
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await filters.locator('input[name="q"]').fill('csv');
  await filters.locator('select[name="priority"]').selectOption('');
  await filters.getByRole('button', { name: 'Apply' }).click();
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await expect(page.locator('tbody')).toContainText('Export invoices as CSV');

  // The board: move with the control, and by dragging a card to another column.
  await nav(page, 'Board').click();
  const column = (status: string) => page.locator(`.board-column[data-status="${status}"]`);
  await expect(column('Open').locator(`[data-key="${key(1)}"]`)).toBeVisible();
  await page.getByLabel(`Move ${key(1)} to`).selectOption('In Progress');
  await page.locator(`[data-key="${key(1)}"]`).getByRole('button', { name: 'Move' }).click();
  await expect(column('In Progress').locator(`[data-key="${key(1)}"]`)).toBeVisible();
  await page.locator(`[data-key="${key(2)}"]`).dragTo(column('In Review'));
  await expect(column('In Review').locator(`[data-key="${key(2)}"]`)).toBeVisible();

  // Resolve by moving into a done status; then archive it, which hides it from the list.
  await page.getByLabel(`Move ${key(1)} to`).selectOption('Closed');
  await page.locator(`[data-key="${key(1)}"]`).getByRole('button', { name: 'Move' }).click();
  await expect(column('Closed').locator(`[data-key="${key(1)}"]`)).toBeVisible();
  await page.locator(`[data-key="${key(1)}"]`).getByRole('link').click();
  await expect(page).toHaveURL(`/c/${slug}/issues/1`);
  await expect(page.locator('.facts')).not.toContainText('not yet');
  await expect(page.locator('.activity')).toContainText('changed status from In Progress to Closed');
  await page.getByRole('button', { name: 'Archive' }).click();
  await expect(page.getByText('This issue is archived')).toBeVisible();
  await expect(page.getByLabel('Title')).toBeDisabled();
  await page.goto(`/c/${slug}/issues`);
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await page.locator('form.filters input[name="archived"]').check();
  await page.locator('form.filters').getByRole('button', { name: 'Apply' }).click();
  await expect(page.locator(`tr[data-key="${key(1)}"]`)).toBeVisible();

  // Restore it, then delete it for good after confirming.
  await page.locator(`tr[data-key="${key(1)}"]`).getByRole('link', { name: key(1) }).click();
  await page.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByLabel('Title')).toBeEnabled();
  await page.getByRole('button', { name: 'Delete issue' }).click();
  await page.getByRole('button', { name: 'Keep it' }).click();
  await page.getByRole('button', { name: 'Delete issue' }).click();
  await page.getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(page).toHaveURL(`/c/${slug}/issues`);
  await expect(page.locator(`tr[data-key="${key(1)}"]`)).toHaveCount(0);
  const gone = await page.request.get(`/api/v1/companies/${company_id}/issues?archived=true`);
  expect((await gone.json()).items).toEqual([]);
});

test('teams and members: invite, change a role, staff a team, rename it, deactivate after confirming', async ({ page }) => {
  const { slug } = await company(page, 'People');

  await page.goto(`/c/${slug}/members`);
  await hydrated(page);
  await page.getByLabel('Email', { exact: true }).fill('mia@e2e.test');
  await page.getByLabel('Name', { exact: true }).fill('Mia Member');
  await page.getByLabel('Role', { exact: true }).selectOption('member');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText('Invitation sent to mia@e2e.test')).toBeVisible();
  const mia = page.locator('tr[data-email="mia@e2e.test"]');
  await expect(mia).toContainText('invited');
  await expect(page.locator('[data-limit="users"]')).toContainText('2 of 5 users on the Basic plan');
  await mia.getByLabel('Role of Mia Member').selectOption('viewer');
  const saved = page.waitForResponse((response) => response.url().includes('/fn/') && response.ok());
  await mia.getByRole('button', { name: 'Save' }).click();
  await saved;
  await page.reload();
  await expect(page.locator('tr[data-email="mia@e2e.test"]').getByLabel('Role of Mia Member')).toHaveValue('viewer');

  await nav(page, 'Teams').click();
  await expect(page.locator('[data-team="General"]')).toContainText('Olive Owner');
  await page.getByLabel('New team').fill('Platform');
  await page.getByRole('button', { name: 'Create team' }).click();
  const platform = page.locator('[data-team="Platform"]');
  await expect(platform).toContainText('No members yet.');
  await platform.getByLabel('Add to Platform').selectOption({ label: 'Mia Member' });
  await platform.getByRole('button', { name: 'Add member' }).click();
  await expect(platform.locator('.members')).toContainText('Mia Member');
  await platform.getByRole('button', { name: 'Remove Mia Member from Platform' }).click();
  await expect(platform).toContainText('No members yet.');
  await platform.getByLabel('Name').fill('Core Platform');
  await platform.getByRole('button', { name: 'Rename' }).click();
  await expect(page.locator('[data-team="Core Platform"]')).toBeVisible();

  await nav(page, 'Members').click();
  const row = page.locator('tr[data-email="mia@e2e.test"]');
  await row.getByRole('button', { name: 'Deactivate' }).click();
  await row.getByRole('button', { name: 'Keep' }).click();
  await expect(row).toContainText('invited');
  await row.getByRole('button', { name: 'Deactivate' }).click();
  await row.getByRole('button', { name: 'Yes, deactivate' }).click();
  await expect(row).toContainText('deactivated');
});
