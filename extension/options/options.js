// Options page. It writes settings to storage.local; the token comes only from the
// background's pairing call and this page never reads it (only whether it exists).
'use strict';

const PLATFORMS = { instagram: 'Instagram', facebook: 'Facebook / Meta Business Suite', x: 'X', linkedin: 'LinkedIn' };
const $ = (id) => document.getElementById(id);

function ask(message) {
  return new Promise((resolve) => chrome.runtime.sendMessage(message, (answer) => resolve(answer || { ok: false, error: { message: 'Geen antwoord van de achtergrond.' } })));
}

let genericSites = [];

function renderAccounts(accounts) {
  const table = $('accounts');
  table.replaceChildren();
  for (const [key, label] of Object.entries(PLATFORMS)) {
    const row = table.insertRow();
    row.insertCell().textContent = label;
    const select = document.createElement('select');
    select.id = `account-${key}`;
    select.innerHTML = '<option value="school">account van de school</option><option value="personal">persoonlijk account</option>';
    select.value = accounts[key] || 'school';
    row.insertCell().append(select);
  }
}

function renderSites() {
  const list = $('sites');
  list.replaceChildren(...genericSites.map((site, index) => {
    const item = document.createElement('li');
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = 'Verwijderen';
    remove.addEventListener('click', () => { genericSites.splice(index, 1); renderSites(); });
    item.append(`${site.origin} (${site.channel}) `, remove);
    return item;
  }));
}

async function load() {
  const stored = await chrome.storage.local.get(['serviceUrl', 'accounts', 'whenUnreachable', 'genericSites', 'token']);
  $('serviceUrl').value = stored.serviceUrl || 'http://127.0.0.1:5151';
  renderAccounts(stored.accounts || {});
  const mode = stored.whenUnreachable || 'warn';
  document.querySelector(`input[name="whenUnreachable"][value="${mode}"]`).checked = true;
  genericSites = stored.genericSites || [];
  renderSites();
  $('pairStatus').textContent = stored.token ? 'Gekoppeld.' : 'Nog niet gekoppeld.';
}

/**
 * The local service (plain http on 127.0.0.1 only: nothing else can listen there) or the
 * school's server over https. Anything else would send photos and the token in the clear.
 */
function validServiceUrl(value) {
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' && url.hostname) return url.origin;
    return url.protocol === 'http:' && url.hostname === '127.0.0.1' ? url.origin : null;
  } catch (error) {
    return null;
  }
}

/** A school server needs the browser's permission for its host; asked in the click's user gesture. */
function allowService(serviceUrl) {
  if (new URL(serviceUrl).protocol === 'http:') return Promise.resolve(true); // 127.0.0.1: in the manifest
  const origins = [`${serviceUrl}/*`];
  // Outside a user gesture (after adding a site) the request fails: then what was granted counts.
  return chrome.permissions.request({ origins }).catch(() => chrome.permissions.contains({ origins }));
}

async function save() {
  const serviceUrl = validServiceUrl($('serviceUrl').value.trim());
  if (!serviceUrl) {
    $('saveStatus').textContent = 'Het adres moet https://… zijn (de server van je school) of http://127.0.0.1:poort (deze computer).';
    return false;
  }
  if (!(await allowService(serviceUrl))) {
    $('saveStatus').textContent = `Zonder toestemming voor ${serviceUrl} kan Poortwachter de server niet bereiken.`;
    return false;
  }
  const accounts = Object.fromEntries(Object.keys(PLATFORMS).map((key) => [key, $(`account-${key}`).value]));
  const whenUnreachable = document.querySelector('input[name="whenUnreachable"]:checked').value;
  await chrome.storage.local.set({ serviceUrl, accounts, whenUnreachable, genericSites });
  await ask({ type: 'syncGenericSites' });
  $('saveStatus').textContent = 'Opgeslagen.';
  return true;
}

async function pairNow() {
  const code = $('code').value.replace(/[\s-]+/g, '');
  // 6 digits from this computer's service; 16 letters and digits from a school server's account page.
  if (!/^(\d{6}|[0-9A-Fa-f]{16})$/.test(code)) {
    $('pairStatus').textContent = 'De koppelcode bestaat uit 6 cijfers (deze computer) of 16 tekens (schoolserver).';
    return;
  }
  if (!(await save())) return; // pair with the address that is on screen
  $('pairStatus').textContent = 'Bezig met koppelen…';
  const answer = await ask({ type: 'pair', code, name: $('name').value.trim() || 'Browser' });
  $('pairStatus').textContent = answer.ok ? 'Gekoppeld.' : `Koppelen mislukt: ${answer.error.message}`;
  if (answer.ok) $('code').value = '';
}

async function addSite() {
  let origin;
  try {
    origin = new URL($('siteOrigin').value.trim()).origin;
  } catch (error) {
    $('saveStatus').textContent = 'Geen geldig adres.';
    return;
  }
  // Must run in the click's user gesture: the browser asks the user for this site.
  const granted = await chrome.permissions.request({ origins: [`${origin}/*`] });
  if (!granted) {
    $('saveStatus').textContent = 'Zonder toestemming voor die site kan Poortwachter daar niet meekijken.';
    return;
  }
  genericSites = genericSites.filter((s) => s.origin !== origin).concat({ origin, channel: $('siteChannel').value });
  renderSites();
  await save();
}

$('save').addEventListener('click', save);
$('pair').addEventListener('click', pairNow);
$('addSite').addEventListener('click', addSite);
load();
