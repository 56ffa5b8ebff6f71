// One member: their photos with the labelled faces boxed, who they look like, and the distance to anyone.

import { getJson, memberThumbUrl, photoUrl } from '../api.js';
import {
  count, dec3, emptyState, errorBox, fillMemberSelect, h, loading, numCell, pageTitle, photoWithBoxes, subjectCell,
  table, thumb, when,
} from '../ui.js';

const LOOKALIKES = 10;

export function render(root, { path }) {
  const name = path[1];
  if (!name) {
    location.hash = '#/';
    return null;
  }
  const head = h('div', { class: 'member-head', dataset: { testid: 'member-head' } }, loading());
  const photos = h('div', { class: 'photos', dataset: { testid: 'member-photos' } });
  const lookalikes = h('div', { class: 'table-slot' }, loading());
  const distanceTo = h('select', { dataset: { testid: 'distance-to' }, onchange: () => showDistance() });
  const distance = h('div', { class: 'pair-distance', dataset: { testid: 'pair-distance' } });

  // everything below the head, hidden when there is no such member (one clear error, not four)
  const rest = h('div', {},
    h('div', { class: 'grid two' },
      h('section', { class: 'card' }, h('h2', {}, 'Looks most like'), lookalikes),
      h('section', { class: 'card' }, h('h2', {}, 'Distance to…'),
        h('label', {}, 'Member ', distanceTo), distance)),
    h('section', { class: 'card' }, h('h2', {}, 'Photos'), photos));
  root.append(pageTitle(name), head, rest);

  async function loadDetail() {
    try {
      const m = await getJson(`/api/members/${encodeURIComponent(name)}`);
      head.replaceChildren(
        thumb(memberThumbUrl(m.name), m.name, 'large'),
        h('dl', { class: 'facts' },
          h('dt', {}, 'Group'), h('dd', {}, m.group ? h('a', { href: `#/map?group=${encodeURIComponent(m.group)}` }, m.group) : '–'),
          h('dt', {}, 'Photos'), h('dd', { dataset: { testid: 'member-photo-count' } }, count(m.photoCount)),
          h('dt', {}, 'Faces'), h('dd', { dataset: { testid: 'member-face-count' } }, count(m.faceCount)),
          h('dt', {}, 'Updated'), h('dd', {}, when(m.updatedAt))));
      rest.hidden = false;
      showPhotos(m.faces);
    } catch (e) {
      rest.hidden = e.status === 404;
      head.replaceChildren(errorBox(e, e.status === 404 ? 'Unknown member' : 'Could not load'));
      photos.replaceChildren();
    }
  }

  /** Each photo once, with every labelled face of this member in it boxed. */
  let shownFaces = null;
  function showPhotos(faces) {
    const key = JSON.stringify(faces.map((f) => [f.faceId, f.box]));
    if (key === shownFaces) {
      return; // a live refresh that changed nothing here: keep the images as they are
    }
    shownFaces = key;
    if (!faces.length) {
      photos.replaceChildren(emptyState('No photos of this member yet — ', { href: '#/upload', text: 'upload photos' }));
      return;
    }
    const byPhoto = new Map();
    for (const f of faces) {
      if (!byPhoto.has(f.photoId)) {
        byPhoto.set(f.photoId, []);
      }
      byPhoto.get(f.photoId).push(f);
    }
    photos.replaceChildren(...[...byPhoto].map(([photoId, inPhoto]) => h('figure', { class: 'member-photo', dataset: { testid: 'member-photo' } },
      h('a', { href: photoUrl(photoId), target: '_blank', rel: 'noopener' },
        photoWithFaces(photoId, inPhoto)),
      h('figcaption', { class: 'muted small' },
        inPhoto.map((f) => `quality ${dec3(f.quality)} · ${dec3(f.distance)} from the mean`).join('; ')))));
  }

  async function loadLookalikes() {
    try {
      const answer = await getJson(`/api/members/${encodeURIComponent(name)}/lookalikes`, { k: LOOKALIKES });
      if (!answer.lookalikes.length) {
        lookalikes.replaceChildren(emptyState('Nobody to compare with yet.'));
        return;
      }
      const { el, body } = table('lookalikes', ['#', 'Member', 'Distance', 'Cosine']);
      for (const r of answer.lookalikes) {
        body.append(h('tr', { dataset: { testid: 'lookalike-row' } },
          numCell(r.rank), h('td', {}, subjectCell(r)), numCell(dec3(r.distance)), numCell(dec3(r.cosine))));
      }
      lookalikes.replaceChildren(el);
    } catch (e) {
      lookalikes.replaceChildren(errorBox(e));
    }
  }

  async function loadMembers() {
    try {
      const chosen = distanceTo.value;
      fillMemberSelect(distanceTo, await getJson('/api/members'), 'choose a member…', name);
      distanceTo.value = chosen;
    } catch (e) {
      distance.replaceChildren(errorBox(e, 'Members'));
    }
  }

  async function showDistance() {
    const other = distanceTo.value;
    if (!other) {
      distance.replaceChildren();
      return;
    }
    try {
      const d = await getJson(`/api/pairs/${encodeURIComponent(name)}/${encodeURIComponent(other)}`);
      if (distanceTo.value !== other) {
        return; // the user chose someone else meanwhile
      }
      distance.replaceChildren(
        h('div', { class: 'pair' }, subjectCell(d.a), h('span', { class: 'vs' }, '↔'), subjectCell(d.b)),
        h('dl', { class: 'facts' },
          h('dt', {}, 'Distance'), h('dd', { dataset: { testid: 'pair-distance-value' } }, dec3(d.distance)),
          h('dt', {}, 'Cosine'), h('dd', { dataset: { testid: 'pair-cosine-value' } }, dec3(d.cosine))));
    } catch (e) {
      distance.replaceChildren(errorBox(e));
    }
  }

  async function refresh() {
    await Promise.all([loadDetail(), loadLookalikes(), loadMembers()]);
    await showDistance();
  }

  refresh();
  return { refresh };
}

/** The original photo with this member's faces boxed (boxes are in the photo's own pixels). */
function photoWithFaces(photoId, faces) {
  return photoWithBoxes(photoUrl(photoId), faces.map((f) => ({ box: f.box, label: `face ${f.faceIndex}` })));
}
