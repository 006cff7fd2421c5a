import { test, expect, hydrated } from './fixtures';
import { randomUUID } from 'node:crypto';

const password = 'correct horse battery';

/** A company of this test's own, provisioned through the public API. */
async function provision(request: import('@playwright/test').APIRequestContext) {
  const id = randomUUID().slice(0, 8);
  const email = `owner-${id}@e2e.test`;
  const response = await request.post('/api/v1/companies/provision', {
    data: { company_name: `E2E ${id}`, admin_email: email, admin_name: `Owner ${id}`, admin_password: password },
  });
  expect(response.status()).toBe(201);
  const body = await response.json();
  return { email, name: `Owner ${id}`, slug: body.slug as string, companyName: body.company_name as string };
}

// The form answers 401 on purpose; Chromium logs that as a console error.
test.use({ expectedBrowserErrors: [/the server responded with a status of 401/] });

test('an owner logs in, lands in the workspace, and logs out', async ({ page, request }) => {
  const company = await provision(request);
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill(company.email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();

  await expect(page).toHaveURL(`/c/${company.slug}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(company.companyName);
  await expect(page.locator('.status-flow li')).toHaveText(['Open', 'In Progress', 'In Review', 'Closed']);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByText(company.name)).toBeVisible();

  await nav.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL('/');
  await expect(nav.getByRole('link', { name: 'Log in' })).toBeVisible();
  await page.goto(`/c/${company.slug}`);
  await expect(page).toHaveURL('/login');
});

test('a wrong password says so and keeps the email typed', async ({ page, request }) => {
  const company = await provision(request);
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill(company.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
  await expect(page.getByLabel('Email')).toHaveValue(company.email);
  await expect(page).toHaveURL('/login');
});
