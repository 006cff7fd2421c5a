import { test as base, expect, Page } from '@playwright/test';

type Fixtures = {
  /** Browser errors a test expects (an asked-for 404, say); any other fails it. */
  expectedBrowserErrors: RegExp[];
  browserErrors: string[];
};

/** Every test fails on any error the browser reports: console errors and uncaught exceptions. */
export const test = base.extend<Fixtures>({
  expectedBrowserErrors: [[], { option: true }],
  browserErrors: [
    async ({ page, expectedBrowserErrors }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        const text = message.text();
        if (message.type() === 'error' && !expectedBrowserErrors.some((expected) => expected.test(text))) {
          errors.push(`console: ${text}`);
        }
      });
      page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
      await use(errors);
      expect(errors, 'the browser reported errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Waits until the WASM has hydrated the page (the theme toggle fills in its label then). */
export async function hydrated(page: Page) {
  await expect(page.locator('button.theme-toggle[data-ready="true"]')).toBeVisible();
}
