import { test, expect, hydrated } from './fixtures';
import { randomUUID } from 'node:crypto';
import { rootEmail, rootPassword } from '../playwright.config';

const password = 'correct horse battery';

test.describe('the operator console', () => {
  // The suspended owner's next page load is refused with a 403, which the browser logs.
  test.use({ expectedBrowserErrors: [/status of 403/] });

  test('root sees the overview, suspends a company from its page, and its owner sees why on the next click', async ({ page, browser }) => {
    const id = randomUUID().slice(0, 8);
    const name = `Console ${id}`;
    const email = `owner-${id}@e2e.test`;
    const provisioned = await page.request.post('/api/v1/companies/provision', {
      data: { company_name: name, admin_email: email, admin_name: 'Olive Owner', admin_password: password },
    });
    const company = await provisioned.json();
    expect((await page.request.post('/api/v1/auth/login', { data: { email, password } })).status()).toBe(200);
    await page.goto(`/c/${company.slug}/issues`);
    await hydrated(page);

    const operator = await browser.newContext();
    const root = await operator.newPage();
    expect((await root.request.post('/api/v1/auth/login', { data: { email: rootEmail, password: rootPassword } })).status()).toBe(200);
    const total = async () =>
      (await (await root.request.get('/api/v1/analytics/system-overview')).json()).system_overview.total_companies;
    const before = await total();
    await root.goto('/admin');
    await hydrated(root);
    const shown = Number(await root.locator('[data-figure="companies"]').textContent());
    expect(shown).toBeGreaterThanOrEqual(before);
    expect(shown).toBeLessThanOrEqual(await total());
    await expect(root.locator('.chart canvas')).toHaveCount(4);
    await expect(root.locator('.recommendations li[data-kind="revenue"]')).toContainText('Estimated monthly revenue is $');

    await root.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Companies' }).click();
    await root.getByLabel('Search').fill(company.slug);
    await root.getByRole('button', { name: 'Show' }).click();
    const row = root.locator(`tr[data-company="${company.slug}"]`);
    await expect(row).toContainText(email);
    await expect(row).toContainText('1 / 5');
    await row.getByRole('link', { name }).click();
    await expect(root.getByRole('heading', { level: 1 })).toContainText(name);

    await root.getByRole('button', { name: 'Suspend…' }).click();
    const dialog = root.getByRole('dialog', { name: `Suspend ${name}` });
    await dialog.getByLabel('Reason').selectOption('billing');
    await dialog.getByLabel('Explanation shown to its people').fill('The invoice of November is unpaid');
    await dialog.getByRole('button', { name: `Suspend ${name}` }).click();
    await expect(root.locator('[data-status]')).toHaveText('suspended');
    await expect(root.getByRole('status')).toContainText('The invoice of November is unpaid');

    // The owner, still on the issues page, clicks on.
    await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Board' }).click();
    const notice = page.locator('[data-suspended]');
    await expect(notice).toContainText('This workspace is suspended');
    await expect(notice).toContainText('The invoice of November is unpaid');
    await expect(notice).toContainText('reply to the suspension email');

    await root.getByRole('button', { name: 'Reactivate…' }).click();
    await root.getByRole('dialog', { name: `Reactivate ${name}` }).getByRole('button', { name: `Reactivate ${name}` }).click();
    await expect(root.locator('[data-status]')).toHaveText('active');
    await page.goto(`/c/${company.slug}/board`);
    await hydrated(page);
    await expect(page.locator('[data-suspended]')).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await operator.close();
  });

  test('root changes a company\'s tier through the dry run and sets a limit override, each confirmed in a dialog', async ({ page }) => {
    const id = randomUUID().slice(0, 8);
    const name = `Tiered ${id}`;
    const provisioned = await page.request.post('/api/v1/companies/provision', {
      data: { company_name: name, admin_email: `owner-${id}@e2e.test`, admin_name: 'Olive Owner', admin_password: password },
    });
    const company = await provisioned.json();
    expect((await page.request.post('/api/v1/auth/login', { data: { email: rootEmail, password: rootPassword } })).status()).toBe(200);
    await page.goto(`/admin/companies/${company.company_id}`);
    await hydrated(page);
    await expect(page.locator('[data-figure="tier"]')).toHaveText('Basic');

    await page.getByRole('button', { name: 'Change tier…' }).click();
    const tierDialog = page.getByRole('dialog', { name: `Change the tier of ${name}` });
    await tierDialog.getByLabel('New tier').selectOption('Premium');
    await tierDialog.getByRole('button', { name: 'Preview the change' }).click();
    await expect(tierDialog.locator('.plan-preview')).toContainText('$40 more a month');
    await tierDialog.getByRole('button', { name: 'Confirm: move to Premium' }).click();
    await expect(page.locator('[data-figure="tier"]')).toHaveText('Premium');

    await page.getByRole('button', { name: 'Set limits…' }).click();
    const limits = page.getByRole('dialog', { name: `Limits of ${name}` });
    await limits.getByLabel('Users').fill('40');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    await expect(page.locator('.usage-line[data-usage="Users"]')).toContainText('1 of 40');
    await expect(page.locator('table').filter({ hasText: 'company.overrides_changed' })).toBeVisible();

    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Companies' }).click();
    await page.getByLabel('Search').fill(company.slug);
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.locator(`tr[data-company="${company.slug}"]`)).toContainText('1 / 40');
  });
});
