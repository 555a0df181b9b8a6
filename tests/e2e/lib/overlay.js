// The overlay sits in a closed shadow root (so the platform's page cannot read or press
// it); Playwright's selectors do not enter closed roots, the DevTools protocol does.
// These helpers find overlay elements by their data-pw attribute and use them with the
// real mouse and keyboard.

export async function overlayOf(page) {
  const cdp = await page.context().newCDPSession(page);

  async function shadowRoot() {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const stack = [root];
    while (stack.length) {
      const node = stack.pop();
      if (node.nodeName === 'POORTWACHTER-OVERLAY' && node.shadowRoots && node.shadowRoots.length) return node.shadowRoots[0];
      stack.push(...(node.children || []), ...(node.shadowRoots || []), ...(node.contentDocument ? [node.contentDocument] : []));
    }
    return null;
  }

  async function find(selector) {
    const root = await shadowRoot();
    if (!root) return null;
    try {
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      return nodeId || null;
    } catch (error) {
      return undefined; // the overlay changed while we looked
    }
  }

  async function attribute(selector, name) {
    const nodeId = await find(selector);
    if (!nodeId) return nodeId;
    let attributes;
    try {
      ({ attributes } = await cdp.send('DOM.getAttributes', { nodeId }));
    } catch (error) {
      return undefined; // the overlay re-rendered between the two calls: ask again
    }
    const i = attributes.indexOf(name);
    return i >= 0 ? attributes[i + 1] : null;
  }

  const api = {
    /** The card's data-state (pending, allow, warn, block, unreachable, broken) or null. */
    state: () => attribute('.card', 'data-state'),
    /** All text in the overlay. */
    async text() {
      const nodeId = await find('.card');
      if (!nodeId) return '';
      const { outerHTML } = await cdp.send('DOM.getOuterHTML', { nodeId });
      return outerHTML.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
    },
    async has(selector) { return Boolean(await find(selector)); },
    async disabled(selector) { return (await attribute(selector, 'disabled')) !== null; },
    async click(selector) {
      const nodeId = await find(selector);
      if (!nodeId) throw new Error(`overlay has no ${selector}`);
      await cdp.send('DOM.scrollIntoViewIfNeeded', { nodeId });
      const { model } = await cdp.send('DOM.getBoxModel', { nodeId });
      const [x1, y1, , , x3, y3] = model.border;
      await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
    },
    /** Focus the field and type into it; with replace, what was in it goes first. */
    async type(selector, text, { replace = false } = {}) {
      const nodeId = await find(selector);
      if (!nodeId) throw new Error(`overlay has no ${selector}`);
      await cdp.send('DOM.focus', { nodeId });
      if (replace) {
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Backspace');
      }
      await page.keyboard.type(text);
    },
    /** Wait until the overlay shows one of the states (or is gone, for null). */
    async waitForState(states, timeout = 60000) {
      const wanted = [].concat(states);
      const until = Date.now() + timeout;
      let last;
      while (Date.now() < until) {
        last = await api.state();
        if (last !== undefined && wanted.includes(last)) return last;
        await new Promise((r) => setTimeout(r, 150));
      }
      throw new Error(`overlay state stayed ${last}, wanted ${wanted.join('|')}`);
    },
  };
  return api;
}
