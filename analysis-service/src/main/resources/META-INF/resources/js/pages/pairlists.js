// Pair lists ("CP lists"): hand-picked pairs, ranked by likeness from the current member vectors.

import { getJson, sendJson, showError, showMessage } from '../api.js';
import {
  dec3, emptyState, errorBox, fillMemberSelect, h, loading, memberCell, numCell, pageTitle, table, when,
} from '../ui.js';

export function render(root) {
  let members = [];
  const name = h('input', { type: 'text', placeholder: 'e.g. Fan favourite CPs', dataset: { testid: 'pairlist-name' } });
  const rows = h('div', { class: 'pair-rows', dataset: { testid: 'pairlist-pairs' } });
  const create = h('button', { type: 'submit', dataset: { testid: 'pairlist-create' } }, 'Create list');
  const lists = h('div', { class: 'lists', dataset: { testid: 'pairlists' } }, loading());

  const form = h('form', { class: 'card', dataset: { testid: 'pairlist-form' }, onsubmit: (e) => submit(e) },
    h('h2', {}, 'New pair list'),
    h('label', { class: 'field' }, 'Name ', name),
    rows,
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'secondary', dataset: { testid: 'pairlist-add-pair' }, onclick: () => addRow() }, '+ Add pair'),
      h('span', { class: 'spacer' }),
      create));

  root.append(pageTitle('Pair lists', 'Name the pairs you care about; they are ranked from most to least alike, and re-ranked as photos arrive.'),
    form, lists);

  function addRow(a = '', b = '') {
    const selectA = h('select', { dataset: { testid: 'pair-a' }, 'aria-label': 'First member' });
    const selectB = h('select', { dataset: { testid: 'pair-b' }, 'aria-label': 'Second member' });
    fillMemberSelect(selectA, members, 'member…');
    fillMemberSelect(selectB, members, 'member…');
    selectA.value = a;
    selectB.value = b;
    const row = h('div', { class: 'pair-row', dataset: { testid: 'pairlist-pair-row' } },
      selectA, h('span', { class: 'vs' }, '↔'), selectB,
      h('button', {
        type: 'button', class: 'secondary small', title: 'Remove this pair', dataset: { testid: 'pairlist-remove-pair' },
        onclick: () => {
          row.remove();
          if (!rows.children.length) {
            addRow();
          }
        },
      }, 'Remove'));
    rows.append(row);
  }

  async function submit(event) {
    event.preventDefault();
    const pairs = [...rows.children].map((row) => {
      const [a, b] = row.querySelectorAll('select');
      return { a: a.value, b: b.value };
    }).filter((p) => p.a || p.b);
    if (!name.value.trim()) {
      return showError('Give the list a name.');
    }
    if (!pairs.length || pairs.some((p) => !p.a || !p.b)) {
      return showError('Choose two members in every pair.');
    }
    create.disabled = true;
    try {
      const list = await sendJson('POST', '/api/pair-lists', { name: name.value.trim(), pairs });
      showMessage(`Created "${list.name}" with ${pairs.length} pair${pairs.length === 1 ? '' : 's'}.`);
      name.value = '';
      rows.replaceChildren();
      addRow();
      await loadLists();
    } catch (e) {
      showError(e, 'Could not create the list');
    } finally {
      create.disabled = false;
    }
  }

  async function loadMembers() {
    try {
      members = await getJson('/api/members');
    } catch (e) {
      form.append(errorBox(e, 'Members'));
    }
    // keep what was chosen, with the new names offered
    const chosen = [...rows.children].map((row) => [...row.querySelectorAll('select')].map((s) => s.value));
    rows.replaceChildren();
    (chosen.length ? chosen : [['', '']]).forEach(([a, b]) => addRow(a, b));
    if (!members.length) {
      create.disabled = true;
      rows.append(emptyState('No members yet — ', { href: '#/upload', text: 'upload photos' }));
    } else {
      create.disabled = false;
    }
  }

  async function loadLists() {
    try {
      const all = await getJson('/api/pair-lists');
      if (!all.length) {
        lists.replaceChildren(emptyState('No pair lists yet — create one above.'));
        return;
      }
      const cards = all.map((summary) => listCard(summary));
      lists.replaceChildren(...cards.map((c) => c.el));
      await Promise.all(cards.map((c) => c.load()));
    } catch (e) {
      lists.replaceChildren(errorBox(e));
    }
  }

  function listCard(summary) {
    const ranking = h('div', { class: 'table-slot' }, loading());
    // deleting asks twice, inline (a native confirm() dialog would block the page and its tests)
    const confirmRemove = h('button', {
      type: 'button', class: 'danger small', hidden: true, dataset: { testid: 'pairlist-delete-confirm' },
      onclick: async () => {
        confirmRemove.disabled = true;
        try {
          await sendJson('DELETE', `/api/pair-lists/${summary.id}`);
          showMessage(`Deleted "${summary.name}".`);
          await loadLists();
        } catch (e) {
          confirmRemove.disabled = false;
          showError(e, 'Could not delete the list');
        }
      },
    }, 'Really delete');
    const remove = h('button', {
      type: 'button', class: 'secondary small', dataset: { testid: 'pairlist-delete' },
      onclick: () => {
        const asking = confirmRemove.hidden;
        confirmRemove.hidden = !asking;
        remove.textContent = asking ? 'Keep' : 'Delete';
      },
    }, 'Delete');
    const el = h('section', { class: 'card', dataset: { testid: 'pairlist', id: String(summary.id) } },
      h('div', { class: 'card-head' },
        h('h2', { dataset: { testid: 'pairlist-title' } }, summary.name),
        h('span', { class: 'muted small' }, `${summary.pairCount} pairs · created ${when(summary.createdAt)}`),
        h('span', { class: 'spacer' }),
        remove, confirmRemove),
      ranking);
    async function load() {
      try {
        const answer = await getJson(`/api/pair-lists/${summary.id}/ranking`);
        ranking.replaceChildren(rankingTable(answer.pairs));
      } catch (e) {
        ranking.replaceChildren(errorBox(e));
      }
    }
    return { el, load };
  }

  async function refresh() {
    await loadMembers();
    await loadLists();
  }

  refresh();
  return { refresh };
}

function rankingTable(pairs) {
  const { el, body } = table('pairlist-ranking', ['#', 'Member', 'Member', 'Distance', 'Cosine']);
  for (const p of pairs) {
    const unranked = p.rank === null || p.rank === undefined;
    body.append(h('tr', { dataset: { testid: 'ranking-row' }, class: unranked ? 'unranked' : '' },
      numCell(unranked ? '–' : p.rank),
      h('td', {}, memberCell(p.a, p.groupA)),
      h('td', {}, memberCell(p.b, p.groupB)),
      unranked
        ? h('td', { colspan: 2, class: 'muted small' }, `no face yet: ${(p.missing || []).join(', ') || 'unknown'}`)
        : [numCell(dec3(p.distance)), numCell(dec3(p.cosine))]));
  }
  return el;
}
