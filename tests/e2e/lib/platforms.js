// How a user works each fixture platform (tests/e2e/site/): open the composer, get to
// where photos go in, add photos by each way the platform offers, go on to the caption,
// type, publish. Selectors pierce LinkedIn's open shadow root (Playwright's CSS does).
import { dropFiles, pasteFiles, filePayload } from './input.js';

/**
 * Click where the control is, with the real mouse, as a user does. The pages re-render
 * their buttons all the time, so the node under the mouse may be a newer one than the
 * node that was found (Playwright's own click would wait for the node to hold still).
 */
async function mouseClick(page, locator) {
  for (let attempt = 0; ; attempt++) {
    await locator.waitFor();
    const box = await locator.boundingBox().catch(() => null); // null: replaced while we looked
    if (box) return page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    if (attempt === 20) throw new Error('the control kept disappearing');
  }
}
const click = (selector) => (page) => mouseClick(page, page.locator(selector).first());
const clickText = (scope, text) => (page) => mouseClick(page, page.locator(scope).getByText(text, { exact: true }).first());

async function steps(page, ...actions) {
  for (const action of actions) await action(page);
}

/** Every platform page of issue 9, with the ways a photo enters that the platform offers. */
export const PAGES = [
  {
    key: 'instagram', label: 'Instagram', host: 'www.instagram.com', path: '/', entries: ['file', 'drop'], textOnly: false,
    opener: 'a[href="/create/select/"]',
    toAttach: click('a[href="/create/select/"]'),
    fileInput: 'div[role="dialog"] form[enctype="multipart/form-data"] input[type="file"]',
    dropTarget: 'div[role="dialog"]',
    toCaption: (page) => steps(page, clickText('div[role="dialog"]', 'Volgende'), clickText('div[role="dialog"]', 'Volgende')),
    editor: 'div[role="dialog"] div[role="textbox"][contenteditable="true"]',
    publish: clickText('div[role="dialog"]', 'Delen'),
  },
  {
    key: 'facebook', label: 'Facebook (profiel)', host: 'www.facebook.com', path: '/', entries: ['file', 'drop', 'paste'], textOnly: true,
    opener: 'div[role="region"] div[role="button"]',
    toAttach: click('div[role="region"] div[role="button"]'),
    fileInput: 'div[role="dialog"] input[type="file"]',
    dropTarget: 'div[role="dialog"]',
    pasteTarget: 'div[role="dialog"] [data-lexical-editor="true"]',
    editor: 'div[role="dialog"] [data-lexical-editor="true"]',
    publish: click('div[role="dialog"] div[role="button"][aria-label="Posten"]'),
  },
  {
    key: 'facebook-page', label: 'Facebook (Pagina)', host: 'www.facebook.com', path: '/page', entries: ['file', 'drop', 'paste'], textOnly: true,
    opener: 'div[role="region"] div[role="button"]',
    toAttach: click('div[role="region"] div[role="button"]'),
    fileInput: 'div[role="dialog"] input[type="file"]',
    dropTarget: 'div[role="dialog"]',
    pasteTarget: 'div[role="dialog"] [data-lexical-editor="true"]',
    editor: 'div[role="dialog"] [data-lexical-editor="true"]',
    // The editor is gone at the final click: Volgende → Berichtinstellingen → Posten.
    publish: (page) => steps(page, click('div[role="dialog"] div[role="button"][aria-label="Volgende"]'),
      (p) => p.waitForSelector('div[role="dialog"] h2:text-is("Berichtinstellingen")'),
      click('div[role="dialog"] div[role="button"][aria-label="Posten"]')),
  },
  {
    key: 'business', label: 'Meta Business Suite', host: 'business.facebook.com', path: '/latest/composer', entries: ['file', 'drop'], textOnly: true,
    opener: 'nav a[href="/latest/composer"]',
    toAttach: async () => {},
    fileInput: '[role="main"] input[type="file"]',
    dropTarget: '[role="main"] .dropzone',
    editor: '[role="main"] [data-lexical-editor="true"]',
    publish: click('[role="main"] div[role="button"][aria-label="Publiceren"]'),
  },
  {
    key: 'x', label: 'X (tijdlijn)', host: 'x.com', path: '/home', entries: ['file', 'drop', 'paste'], textOnly: true,
    opener: '[data-testid="SideNav_NewTweet_Button"]',
    toAttach: async () => {},
    fileInput: '[data-testid="primaryColumn"] [data-testid="fileInput"]',
    dropTarget: '[data-testid="primaryColumn"] .composer',
    pasteTarget: '[data-testid="primaryColumn"] [data-testid="tweetTextarea_0"]',
    editor: '[data-testid="primaryColumn"] [data-testid="tweetTextarea_0"]',
    publish: click('[data-testid="tweetButtonInline"]'),
  },
  {
    key: 'x-thread', label: 'X (draad)', host: 'x.com', path: '/compose/post', entries: ['file', 'drop', 'paste'], textOnly: true, thread: true,
    opener: '[data-testid="SideNav_NewTweet_Button"]',
    toAttach: async () => {},
    fileInput: 'div[role="dialog"] [data-testid="fileInput"]',
    dropTarget: 'div[role="dialog"] .composer',
    pasteTarget: 'div[role="dialog"] [data-testid="tweetTextarea_0"]',
    editor: 'div[role="dialog"] [data-testid="tweetTextarea_0"]',
    addPost: click('div[role="dialog"] [data-testid="addButton"]'),
    threadEditor: (n) => `div[role="dialog"] [data-testid="tweetTextarea_${n}"]`,
    publish: click('[data-testid="tweetButton"]'),
  },
  {
    key: 'linkedin', label: 'LinkedIn', host: 'www.linkedin.com', path: '/feed', entries: ['file', 'drop'], textOnly: true,
    opener: '.share-box-feed-entry__trigger',
    toAttach: (page) => steps(page, click('.share-box-feed-entry__trigger'), click('.share-box-v2__modal button[aria-label="Media toevoegen"]')),
    fileInput: '#media-editor-file-selector__file-input',
    dropTarget: '.media-editor-file-selector__drop-area',
    toCaption: click('.share-box-v2__modal button.share-box-footer__primary-btn'),
    toText: click('.share-box-feed-entry__trigger'),
    editor: '.share-box-v2__modal .ql-editor',
    publish: click('button.share-actions__primary-action'),
  },
];

/** Every (page, entry) pair: the rows of the README's table. */
export const PAGE_ENTRIES = PAGES.flatMap((p) => p.entries.map((entry) => ({ def: p, entry })));

export async function openPage(world, def) {
  const page = await world.browser.context.newPage();
  await page.goto(`https://${def.host}${def.path}`);
  await page.waitForFunction(() => document.body.dataset.attachments !== undefined);
  return page;
}

/** Add photos the way `entry` says (file, drop, paste), from where the platform takes them. */
export async function attach(page, def, entry, files) {
  if (entry === 'file') await page.setInputFiles(def.fileInput, files);
  else if (entry === 'drop') await dropFiles(page, def.dropTarget, files);
  else await pasteFiles(page, def.pasteTarget, files);
}

/** The number of photos the page holds (its own state, which is what it would publish). */
export async function attachments(page) {
  return Number(await page.evaluate(() => document.body.dataset.attachments));
}

export async function waitForAttachments(page, n, timeout = 60000) {
  await page.waitForFunction((n) => document.body.dataset.attachments === String(n), n, { timeout });
}

export async function typeCaption(page, def, text) {
  await page.locator(def.editor).first().click();
  await page.keyboard.type(text);
}

/** Publish what is in the composer with a caption; resolves with the post the fixture site received. */
export async function publishWith(world, page, def, caption, timeout = 60000) {
  if (def.toCaption) await def.toCaption(page);
  await typeCaption(page, def, caption);
  const count = world.sites.published.length;
  await def.publish(page);
  return world.sites.waitForPost(count + 1, timeout);
}

/** Photos a page takes through a way the extension does not know (tests/e2e/site/lib.js). */
export async function attachUnseen(page, file) {
  await page.evaluate(({ name, data }) => window.postMessage({ fixtureUnseenFile: { name, base64: data } }, '*'), filePayload(file));
}
