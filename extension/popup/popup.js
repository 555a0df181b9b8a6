// Popup: is the service there and paired, and what were the last verdicts.
'use strict';

const DECISIONS = { allow: 'toegestaan', warn: 'waarschuwing', block: 'tegengehouden', unchecked: 'zonder controle geplaatst', unchecked_images: 'tegengehouden: foto niet gecontroleerd' };
const PLATFORMS = { instagram: 'Instagram', facebook: 'Facebook', x: 'X', linkedin: 'LinkedIn', generic: 'andere site' };

function showStatus(answer) {
  const status = document.getElementById('status');
  if (answer && answer.ok) {
    status.className = 'ok';
    const school = answer.health.school ? ` met ${answer.health.school}` : '';
    status.textContent = `Verbonden${school} (versie ${answer.health.version || '?'}).`;
  } else {
    status.className = 'bad';
    status.textContent = `Niet verbonden: ${answer ? answer.error.message : 'geen antwoord.'}`;
  }
}

async function showHistory() {
  const { history = [] } = await chrome.storage.local.get('history');
  const list = document.getElementById('history');
  if (!history.length) {
    list.replaceChildren(Object.assign(document.createElement('li'), { textContent: 'Nog geen controles.' }));
    return;
  }
  list.replaceChildren(...history.slice(0, 10).map((entry) => {
    const item = document.createElement('li');
    const when = new Date(entry.time).toLocaleString('nl-NL', { dateStyle: 'short', timeStyle: 'short' });
    const decision = document.createElement('span');
    decision.className = entry.decision;
    decision.textContent = DECISIONS[entry.decision] || entry.decision;
    item.append(`${when} · ${PLATFORMS[entry.platform] || entry.platform} · `, decision, entry.override ? ' (met reden)' : '');
    return item;
  }));
}

chrome.runtime.sendMessage({ type: 'health' }, showStatus);
showHistory();
document.getElementById('options').addEventListener('click', (event) => {
  event.preventDefault();
  chrome.runtime.openOptionsPage();
});
