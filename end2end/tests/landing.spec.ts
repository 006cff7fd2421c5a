import { test, expect, hydrated } from './fixtures';

test('the landing page explains Tenantry and shows the three plans', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle('Tenantry');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Issue tracking');
  await expect(page.getByRole('link', { name: 'Create your workspace' })).toHaveAttribute('href', '/signup');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Log in' })).toHaveAttribute('href', '/login');
  const cards = page.locator('.plan-card');
  await expect(cards).toHaveCount(3);
  await expect(page.locator('[data-plan="Basic"] .amount')).toHaveText('$10');
  await expect(page.locator('[data-plan="Premium"] .amount')).toHaveText('$50');
  await expect(page.locator('[data-plan="Platinum"] .amount')).toHaveText('$200');
});

test('hydration works: the theme toggle switches and remembers the theme', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  const html = page.locator('html');
  const before = await html.getAttribute('data-theme');
  expect(['light', 'dark']).toContain(before);
  const after = before === 'dark' ? 'light' : 'dark';
  await page.getByRole('button', { name: 'Switch between light and dark theme' }).click();
  await expect(html).toHaveAttribute('data-theme', after);
  await expect(page.locator('button.theme-toggle')).toContainText(after === 'dark' ? 'Dark' : 'Light');
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', after);
  await hydrated(page);
});

test('the page is readable on a phone: nothing overflows sideways', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');
  await hydrated(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('static assets are hashed, precompressed and cached for good; the page is not cached', async ({ page }) => {
  const assets: { url: string; cache: string; encoding: string }[] = [];
  page.on('response', async (response) => {
    if (response.url().includes('/pkg/')) {
      const headers = await response.allHeaders();
      assets.push({ url: response.url(), cache: headers['cache-control'] ?? '', encoding: headers['content-encoding'] ?? '' });
    }
  });
  const response = await page.goto('/');
  expect(response?.headers()['cache-control']).toBe('no-store');
  await hydrated(page);
  const wasm = assets.find((asset) => asset.url.endsWith('.wasm'));
  expect(wasm, 'the WASM was fetched').toBeTruthy();
  expect(wasm!.url).toMatch(/\/pkg\/tenantry\.[\w-]+\.wasm$/);
  expect(wasm!.cache).toContain('immutable');
  expect(wasm!.encoding).toBe('br');
});
