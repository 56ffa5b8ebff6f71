// Overview: the counts, and the study's four tables (most / least alike pairs, closest to / farthest from the
// average face), all filtered by one group select and one k.

import { getJson } from '../api.js';
import {
  count, dec3, emptyState, errorBox, groupSelect, h, numCell, pageTitle, replaceParams, subjectCell, table,
} from '../ui.js';

const COUNTS = [
  ['photos', 'Photos'],
  ['faces', 'Faces'],
  ['members', 'Members'],
  ['groups', 'Groups'],
  ['queued', 'Queued'],
  ['rejected', 'Rejected'],
  ['embedded', 'Embedded'],
  ['unlabelledFaces', 'Unlabelled faces'],
];

const TABLES = [
  { testid: 'most-alike', title: 'Most alike pairs', path: '/api/pairs/most-alike', kind: 'pairs' },
  { testid: 'least-alike', title: 'Least alike pairs', path: '/api/pairs/least-alike', kind: 'pairs' },
  { testid: 'closest-average', title: 'Closest to the average face', path: '/api/average-face/closest', kind: 'ranking' },
  { testid: 'farthest-average', title: 'Farthest from the average face', path: '/api/average-face/farthest', kind: 'ranking' },
];

const validK = (text) => /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 100;

export function render(root, { params }) {
  const state = { group: params.get('group') || '', k: validK(params.get('k') || '') ? params.get('k') : '5' };
  const counts = h('div', { class: 'counts', dataset: { testid: 'counts' } });
  const sections = Object.fromEntries(TABLES.map((t) => [t.testid, h('div', { class: 'table-slot' })]));

  const kInput = h('input', {
    type: 'number', min: 1, max: 100, value: state.k, class: 'k', dataset: { testid: 'k-input' },
    'aria-label': 'How many rows',
  });
  const kHint = h('span', { class: 'hint error inline', hidden: true }, 'k is a whole number from 1 to 100');
  // typing applies after a short pause (no need to leave the field); change covers the spinner and Enter
  let typing = null;
  kInput.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(applyK, 400);
  });
  kInput.addEventListener('change', applyK);
  function applyK() {
    clearTimeout(typing);
    const ok = validK(kInput.value.trim());
    kHint.hidden = ok;
    kInput.classList.toggle('invalid', !ok);
    if (ok && String(Number(kInput.value)) !== state.k) {
      state.k = String(Number(kInput.value));
      replaceParams({ k: state.k === '5' ? '' : state.k });
      loadTables();
    }
  }
  const groups = groupSelect('group-select', state.group, (group) => {
    state.group = group;
    replaceParams({ group });
    loadTables();
  });

  root.append(
    pageTitle('Overview', 'Who looks like whom, from the faces alone.'),
    counts,
    h('div', { class: 'toolbar' },
      h('label', {}, 'Group ', groups),
      h('label', {}, 'Rows ', kInput),
      kHint),
    h('div', { class: 'grid two' }, TABLES.map((t) => h('section', { class: 'card' }, h('h2', {}, t.title), sections[t.testid]))));

  let members = null; // from the counts: decides which empty state to show

  async function loadCounts() {
    try {
      const o = await getJson('/api/overview');
      members = o.members;
      counts.replaceChildren(...COUNTS.map(([key, label]) => h('div', { class: 'count' },
        h('div', { class: 'value', dataset: { testid: `count-${key === 'unlabelledFaces' ? 'unlabelled' : key}` } }, count(o[key])),
        h('div', { class: 'label' }, label))));
      if (o.photos === null || o.photos === undefined) {
        counts.append(h('p', { class: 'muted small wide' }, 'Photo numbers are unavailable: ingest-service does not answer.'));
      }
    } catch (e) {
      counts.replaceChildren(errorBox(e, 'Counts'));
    }
  }

  let generation = 0; // a slow answer for old filters must not overwrite a newer one

  async function loadTable(t, gen) {
    const slot = sections[t.testid];
    try {
      const answer = await getJson(t.path, { k: state.k, group: state.group });
      if (gen !== generation) {
        return;
      }
      const rows = t.kind === 'pairs' ? answer.pairs : answer.ranking;
      if (!rows.length) {
        slot.replaceChildren(members === 0
          ? emptyState('No members yet — ', { href: '#/upload', text: 'upload photos' })
          : emptyState(t.kind === 'pairs' ? 'Needs at least two members with faces.' : 'No members with faces here yet.'));
        return;
      }
      slot.replaceChildren(t.kind === 'pairs' ? pairTable(t.testid, rows) : rankingTable(t.testid, rows, answer.averaged));
      if (answer.scan === 'index' && t.testid === 'least-alike') {
        // the index finds the farthest pairs only approximately (the service scans exactly up to a few thousand members)
        slot.append(h('p', { class: 'muted small' }, 'Approximate: found through the vector index, not by comparing every pair.'));
      }
    } catch (e) {
      if (gen === generation) {
        slot.replaceChildren(errorBox(e));
      }
    }
  }

  function loadTables() {
    const gen = ++generation;
    return Promise.all(TABLES.map((t) => loadTable(t, gen)));
  }

  async function refresh() {
    await loadCounts();
    await loadTables();
  }

  refresh();
  return { refresh };
}

function pairTable(testid, pairs) {
  const { el, body } = table(testid, ['#', 'Member', 'Member', 'Distance', 'Cosine']);
  for (const p of pairs) {
    body.append(h('tr', { dataset: { testid: 'pair-row' } },
      numCell(p.rank), h('td', {}, subjectCell(p.a)), h('td', {}, subjectCell(p.b)),
      numCell(dec3(p.distance)), numCell(dec3(p.cosine))));
  }
  return el;
}

function rankingTable(testid, ranking, averaged) {
  const { el, body } = table(testid, ['#', 'Member', 'Distance', 'Cosine']);
  for (const r of ranking) {
    body.append(h('tr', { dataset: { testid: 'rank-row' } },
      numCell(r.rank), h('td', {}, subjectCell(r)), numCell(dec3(r.distance)), numCell(dec3(r.cosine))));
  }
  return h('div', {}, el, averaged ? h('p', { class: 'muted small' }, `Average of ${averaged} vectors.`) : null);
}
