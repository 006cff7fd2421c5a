import { test, expect, hydrated } from './fixtures';
import { randomUUID } from 'node:crypto';
import { rootEmail, rootPassword } from '../playwright.config';

const password = 'correct horse battery';

test('an owner invites a member, who sets a password from the outbox link and logs in', async ({ page, browser }) => {
  const id = randomUUID().slice(0, 8);
  const ownerEmail = `owner-${id}@e2e.test`;
  const memberEmail = `member-${id}@e2e.test`;
  // The owner's session lives in this page's context, so its API calls act as them.
  const provisioned = await page.request.post('/api/v1/companies/provision', {
    data: { company_name: `Invite ${id}`, admin_email: ownerEmail, admin_name: 'Owner', admin_password: password },
  });
  expect(provisioned.status()).toBe(201);
  const company = await provisioned.json();
  expect((await page.request.post('/api/v1/auth/login', { data: { email: ownerEmail, password } })).status()).toBe(200);
  const invited = await page.request.post(`/api/v1/companies/${company.company_id}/users`, {
    data: { email: memberEmail, name: `Member ${id}`, role: 'member' },
  });
  expect(invited.status()).toBe(201);

  // The operator reads the mail in the outbox.
  const operator = await browser.newPage();
  await operator.goto('/login');
  await hydrated(operator);
  await operator.getByLabel('Email').fill(rootEmail);
  await operator.getByLabel('Password').fill(rootPassword);
  await operator.getByRole('button', { name: 'Log in' }).click();
  await expect(operator).toHaveURL('/admin');
  await operator.getByRole('link', { name: 'Outbox' }).click();
  const mail = operator.locator(`li.mail[data-to="${memberEmail}"]`);
  await mail.locator('summary').click();
  const body = await mail.locator('.mail-body').innerText();
  const link = body.match(/https?:\/\/\S+\/set-password\?token=\w+/)?.[0];
  expect(link, body).toBeTruthy();
  await operator.close();

  // The member, in a browser of their own, follows the link.
  const member = await (await browser.newContext()).newPage();
  await member.goto(new URL(link!).pathname + new URL(link!).search);
  await hydrated(member);
  await member.getByLabel('New password').fill('members own passphrase');
  await member.getByLabel('Repeat it').fill('members own passphrase');
  await member.getByRole('button', { name: 'Save and log in' }).click();
  await expect(member).toHaveURL(`/c/${company.slug}`);
  await expect(member.getByRole('heading', { level: 1 })).toHaveText(company.company_name);

  const nav = member.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Log out' }).click();
  await expect(nav.getByRole('link', { name: 'Log in' })).toBeVisible();
  await member.goto('/login');
  await hydrated(member);
  await member.getByLabel('Email').fill(memberEmail);
  await member.getByLabel('Password').fill('members own passphrase');
  await member.getByRole('button', { name: 'Log in' }).click();
  await expect(member).toHaveURL(`/c/${company.slug}`);
});
