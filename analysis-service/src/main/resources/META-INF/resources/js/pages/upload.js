// Upload: many photos at once, a few in flight at a time, each followed from upload progress to its outcome
// (queued → embedded with N faces, or rejected with a reason). Uploads outlive the page: leave and come back.

import { getJson, photoUrl, showError, uploadForm } from '../api.js';
import { dropZone, h, pageTitle } from '../ui.js';

const PARALLEL = 3;
const POLL_MS = 1000;
const POLL_RETRIES = 10; // network hiccups tolerated while polling one photo

// module state, kept while the user visits other pages
const uploads = []; // {file, member, group, row, progress, status, faces, state}
const waiting = [];
let active = 0;
let fields = { member: '', group: '' };
let onChanged = () => {}; // the summary line of the page on screen

export function render(root) {
  const member = h('input', { type: 'text', value: fields.member, placeholder: 'blank: unlabelled', dataset: { testid: 'upload-member' } });
  const group = h('input', { type: 'text', value: fields.group, placeholder: 'blank: none', dataset: { testid: 'upload-group' } });
  member.addEventListener('input', () => (fields.member = member.value));
  group.addEventListener('input', () => (fields.group = group.value));
  const input = h('input', { type: 'file', multiple: true, accept: 'image/jpeg,image/png,image/webp', dataset: { testid: 'upload-input' } });
  const body = h('tbody');
  const summary = h('p', { class: 'muted', dataset: { testid: 'upload-summary' } });
  const clear = h('button', {
    type: 'button', class: 'secondary small', dataset: { testid: 'upload-clear' },
    onclick: () => {
      for (const u of [...uploads]) {
        if (u.state === 'done') {
          u.row.remove();
          uploads.splice(uploads.indexOf(u), 1);
        }
      }
      update();
    },
  }, 'Clear finished');

  root.append(
    pageTitle('Upload', 'JPEG, PNG or WebP, up to 20 MB each. A photo with a member name labels its largest face.'),
    h('div', { class: 'card' },
      h('div', { class: 'fields' },
        h('label', { class: 'field' }, 'Member ', member),
        h('label', { class: 'field' }, 'Group ', group),
        h('p', { class: 'muted small' }, 'Applied to every file you add next; leave blank for group photos or unknown people.')),
      h('div', { dataset: { testid: 'upload-drop' } },
        dropZone(input, 'Drop photos here, or click to choose', (files) => add(files, member.value.trim(), group.value.trim())))),
    h('div', { class: 'toolbar' }, summary, h('span', { class: 'spacer' }), clear),
    h('div', { class: 'table-slot' }, h('table', { class: 'data uploads', dataset: { testid: 'upload-table' } },
      h('thead', {}, h('tr', {}, ['File', 'Member', 'Group', 'Progress', 'Status', 'Faces / note'].map((t) => h('th', {}, t)))),
      body)));

  body.append(...uploads.map((u) => u.row));
  function update() {
    const by = (s) => uploads.filter((u) => u.outcome === s).length;
    const pending = uploads.filter((u) => u.state !== 'done').length;
    summary.textContent = uploads.length
      ? `${uploads.length} file${uploads.length === 1 ? '' : 's'} · ${by('embedded')} embedded · ${by('rejected')} rejected`
        + ` · ${by('failed')} failed · ${pending} in progress`
      : 'No uploads yet.';
  }
  onChanged = update;
  update();

  function add(files, memberName, groupName) {
    for (const file of files) {
      const u = {
        file, member: memberName, group: groupName, state: 'waiting', outcome: null,
        progress: h('progress', { max: 1, value: 0, dataset: { testid: 'upload-progress' } }),
        status: h('td', { dataset: { testid: 'upload-status' } }, 'waiting'),
        faces: h('td', { class: 'num', dataset: { testid: 'upload-faces' } }),
      };
      u.name = h('td', { dataset: { testid: 'upload-name' }, title: file.name }, file.name);
      u.row = h('tr', { dataset: { testid: 'upload-row' } },
        u.name, h('td', {}, memberName || '–'), h('td', {}, groupName || '–'), h('td', {}, u.progress), u.status, u.faces);
      uploads.push(u);
      body.append(u.row);
      waiting.push(u);
    }
    update();
    pump();
  }

  return {}; // nothing to refresh: each row follows its own photo
}

/** Starts uploads while fewer than PARALLEL are in flight. */
function pump() {
  while (active < PARALLEL && waiting.length) {
    const u = waiting.shift();
    active++;
    send(u).finally(() => {
      active--;
      pump();
    });
  }
}

async function send(u) {
  const form = new FormData();
  form.append('image', u.file, u.file.name);
  if (u.member) {
    form.append('member', u.member);
  }
  if (u.group) {
    form.append('group', u.group);
  }
  u.state = 'uploading';
  u.status.textContent = 'uploading';
  try {
    const { body } = await uploadForm('/api/photos', form, (fraction) => (u.progress.value = fraction));
    u.progress.value = 1;
    u.id = body.id;
    u.name.replaceChildren(h('a', { href: photoUrl(body.id), target: '_blank', rel: 'noopener' }, u.file.name));
    show(u, body);
    if (body.status === 'queued') {
      poll(u, 0);
    }
  } catch (e) {
    fail(u, e);
    if (e.status === 401) {
      showError(e);
    }
  }
}

/** Asks for the photo's status every POLL_MS until it is embedded or rejected. */
function poll(u, failures) {
  setTimeout(async () => {
    try {
      const photo = await getJson(`/api/photos/${encodeURIComponent(u.id)}`);
      show(u, photo);
      if (photo.status === 'queued') {
        poll(u, 0);
      }
    } catch (e) {
      // a 4xx will not get better; a network error or 5xx may
      if ((e.status >= 400 && e.status < 500) || failures + 1 >= POLL_RETRIES) {
        fail(u, e);
      } else {
        poll(u, failures + 1);
      }
    }
  }, POLL_MS);
}

function show(u, photo) {
  if (photo.status === 'embedded') {
    finish(u, 'embedded', 'embedded');
    u.faces.textContent = photo.faceCount === null || photo.faceCount === undefined ? '' : String(photo.faceCount);
  } else if (photo.status === 'rejected') {
    finish(u, 'rejected', `rejected: ${photo.rejectReason}`);
    if (photo.rejectDetail) {
      u.status.title = photo.rejectDetail;
      u.faces.replaceChildren(h('span', { class: 'muted small' }, photo.rejectDetail));
    }
  } else {
    u.status.textContent = photo.status;
    u.status.className = 'status-queued';
  }
}

function fail(u, error) {
  finish(u, 'failed', `failed: ${error.message}`);
}

function finish(u, outcome, text) {
  u.state = 'done';
  u.outcome = outcome;
  u.status.textContent = text;
  u.status.className = `status-${outcome}`;
  onChanged();
}
