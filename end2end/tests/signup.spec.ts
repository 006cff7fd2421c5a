import { test, expect, hydrated } from './fixtures';
import { randomUUID } from 'node:crypto';

const root = { email: 'root@e2e.test', password: 'e2e root passphrase' };

// The refused password is a 400 from the server, which the browser logs.
test.use({ expectedBrowserErrors: [/status of 400/] });

test('a visitor walks the wizard, fixes a mistake, goes back, and lands logged in in a ready workspace', async ({ page, browser }) => {
  const id = randomUUID().slice(0, 8);
  const company = `Wizard Works ${id}`;
  const email = `founder-${id}@e2e.test`;

  await page.goto('/');
  await hydrated(page);
  await page.getByRole('link', { name: 'Create your workspace' }).click();
  await expect(page).toHaveURL('/signup');
  await expect(page.locator('.steps [aria-current="step"]')).toContainText('Company');

  // Step 1: the address follows the name, and its availability is checked as one types.
  await page.getByLabel('Company name').fill(company);
  await expect(page.getByLabel('Address')).toHaveValue(`wizard-works-${id}`);
  await expect(page.getByText(`/c/wizard-works-${id} is available.`)).toBeVisible();
  await page.getByLabel('Company name').press('Enter');

  // Step 2: a password the policy refuses gets its message beside the field.
  await expect(page.locator('.steps [aria-current="step"]')).toContainText('Admin');
  await page.getByLabel('Your name').fill('Fran Founder');
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password').fill('short');
  await expect(page.locator('#password-hint')).toContainText('Too short');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.locator('.wizard-step .error').filter({ hasText: /characters/ })).toBeVisible();

  // Back keeps what was typed.
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByLabel('Company name')).toHaveValue(company);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByLabel('Work email')).toHaveValue(email);
  await page.getByLabel('Password').fill('a long enough passphrase');
  await expect(page.locator('#password-hint')).toContainText('Strong');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 3: the plans, read from the tiers table.
  await expect(page.locator('[data-plan="Premium"]')).toContainText('$50');
  await page.getByLabel('Choose Premium').check();
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 4: review, with sample data, and create.
  await expect(page.locator('.review')).toContainText(company);
  await expect(page.locator('.review')).toContainText('Premium');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page).toHaveURL(`/c/wizard-works-${id}`);
  await expect(page.locator('h1')).toContainText(company);
  await expect(page.locator('.app-header')).toContainText('Fran Founder');

  // The getting-started panel ticks off as things are done.
  const panel = page.locator('.getting-started');
  await expect(panel.locator('li[data-done="true"]')).toHaveCount(0);
  await panel.getByRole('link', { name: 'Create a team' }).click();
  await page.getByLabel('New team').fill('Platform');
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page.locator('[data-team="Platform"]')).toBeVisible();
  await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Overview' }).click();
  await expect(panel.locator('li[data-done="true"]')).toHaveCount(1);
  await expect(panel.locator('li[data-done="true"]')).toContainText('Create a team');

  // The sample issues are there.
  await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Issues', exact: true }).click();
  await expect(page.locator('tbody tr')).toHaveCount(12);

  // The welcome mail waits in the outbox, without the password.
  const operator = await browser.newContext();
  const rootPage = await operator.newPage();
  expect((await rootPage.request.post('/api/v1/auth/login', { data: root })).status()).toBe(200);
  await rootPage.goto('/admin/outbox');
  const mail = rootPage.locator('.mail').filter({ hasText: email });
  await expect(mail).toContainText(`Welcome to Tenantry: ${company} is ready`);
  await expect(mail).not.toContainText('a long enough passphrase');
  await operator.close();
});
