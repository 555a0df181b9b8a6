// One world per test file: the demo school's service, the fake platforms, and a
// browser with the extension paired to the service.
import { demoDataDir, startService } from './service.js';
import { startSites } from './sites.js';
import { launchBrowser, pairExtension } from './browser.js';

export async function setUp({ whenUnreachable = 'warn' } = {}) {
  const dataDir = await demoDataDir();
  const service = await startService(dataDir);
  const sites = await startSites();
  const browser = await launchBrowser(sites);
  await pairExtension(browser, service, { whenUnreachable });
  return {
    dataDir, service, sites, browser,
    async tearDown() {
      await browser.close().catch(() => {});
      await sites.close().catch(() => {});
      await service.stop().catch(() => {});
    },
  };
}

/** Open a platform's page and wait until its app has rendered. */
export async function openComposer(world, host) {
  const page = await world.browser.context.newPage();
  await page.goto(`https://${host}/`);
  await page.waitForFunction(() => document.body.dataset.attachments !== undefined);
  return page;
}

/** Nothing got published within ms (the test's "it was not silently posted"). */
export async function assertNothingPublished(world, count, ms = 2000) {
  await new Promise((r) => setTimeout(r, ms));
  if (world.sites.published.length !== count) {
    throw new Error(`expected ${count} published posts, got ${world.sites.published.length}`);
  }
}
