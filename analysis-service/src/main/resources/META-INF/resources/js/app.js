// The shell: hash routing to one module per page, the API-key field, and live refresh of the open page.

import { apiKey, clearMessages, forgetKeyMessages, setApiKey } from './api.js';
import { startLive } from './live.js';
import { h, parseHash } from './ui.js';
import * as overview from './pages/overview.js';
import * as map from './pages/map.js';
import * as member from './pages/member.js';
import * as pairlists from './pages/pairlists.js';
import * as search from './pages/search.js';
import * as upload from './pages/upload.js';
import * as people from './pages/people.js';

// First path segment of the hash → page module and its nav entry (data-route).
const ROUTES = {
  '': overview,
  map,
  members: member,
  'pair-lists': pairlists,
  search,
  upload,
  people,
};

const pageRoot = document.getElementById('page');
let current = null; // {refresh?, dispose?} of the page on screen

function route() {
  const where = parseHash();
  const name = where.path[0] || '';
  const page = ROUTES[name];
  current?.dispose?.();
  current = null;
  clearMessages();
  for (const link of document.querySelectorAll('.nav a')) {
    const active = link.dataset.route === name;
    link.classList.toggle('active', active);
    link.toggleAttribute('aria-current', active);
  }
  // a fresh element per visit: answers that arrive after the user moved on land in a detached node
  const root = h('section', { class: 'page', dataset: { testid: `page-${name || 'overview'}` } });
  pageRoot.replaceChildren(root);
  if (!page) {
    root.append(h('h1', {}, 'Page not found'), h('p', {}, 'Nothing lives at this address. ', h('a', { href: '#/' }, 'Back to the overview')));
    document.title = 'lookalike';
    return;
  }
  current = page.render(root, where) || null;
  const heading = root.querySelector('h1');
  document.title = heading ? `${heading.textContent} · lookalike` : 'lookalike';
  window.scrollTo(0, 0);
}

function setupApiKey() {
  const field = document.getElementById('api-key');
  field.value = apiKey();
  field.addEventListener('input', () => {
    setApiKey(field.value.trim());
    field.classList.remove('needs-key');
    forgetKeyMessages();
  });
}

function setupLive() {
  const indicator = document.getElementById('live');
  const labels = { live: 'live', connecting: 'connecting', offline: 'offline' };
  startLive(
    () => current?.refresh?.(),
    (state) => {
      indicator.dataset.state = state;
      indicator.textContent = labels[state];
    });
}

setupApiKey();
setupLive();
window.addEventListener('hashchange', route);
route();
