import { test, expect, hydrated } from './fixtures';

// Chromium logs the page's own 404 as a console error; nothing else may appear.
test.use({ expectedBrowserErrors: [/the server responded with a status of 404/] });

test('an unknown page answers 404 with a way back', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'This page does not exist' })).toBeVisible();
  await hydrated(page);
  await page.getByRole('link', { name: 'Back to the start' }).click();
  await expect(page).toHaveURL('/');
  await expect(page.locator('.plan-card')).toHaveCount(3);
});
