// Small DOM helpers and the pieces several pages share (thumbnails, member links, tables, group select).
// Everything is built with textContent, never innerHTML, so member names cannot inject markup.

import { getJson, memberHref, subjectThumbUrl } from './api.js';

/** h('td', {class: 'num', dataset: {testid: 'x'}}, 'text', child) → element. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (name.startsWith('on')) {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      el.className = value;
    } else if (name in el && typeof value !== 'string') {
      el[name] = value; // properties such as value, checked, multiple
    } else {
      el.setAttribute(name, value === true ? '' : value);
    }
  }
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

// Numbers: counts as plain digits, distances and cosines with 3 decimals, "–" when unknown.
export const DASH = '–';
export const count = (n) => (n === null || n === undefined ? DASH : String(n));
export const dec3 = (x) => (x === null || x === undefined ? DASH : Number(x).toFixed(3));
export function when(instant) {
  return instant ? new Date(instant).toLocaleString() : DASH;
}

/** A round thumbnail; a missing image becomes the name's initial instead of a broken icon. */
export function thumb(src, name, size = 'small') {
  const img = h('img', { class: `thumb ${size}`, src, alt: name || '', loading: 'lazy', title: name || '' });
  img.addEventListener('error', () => {
    img.replaceWith(h('span', { class: `thumb ${size} missing`, title: name || '' }, (name || '?').charAt(0).toUpperCase()));
  }, { once: true });
  return img;
}

export function memberLink(name) {
  return h('a', { href: memberHref(name), class: 'member-link', dataset: { testid: 'member-link' } }, name);
}

/** Thumbnail + linked name + group, for a Subject or Ranked from the API. */
export function subjectCell(subject) {
  return h('div', { class: 'who' },
    thumb(subjectThumbUrl(subject), subject.member),
    h('div', {},
      memberLink(subject.member),
      subject.group ? h('div', { class: 'muted small' }, subject.group) : null));
}

/** The same for a bare member name (pair lists, people). */
export function memberCell(name, group) {
  return subjectCell({ member: name, group, faceId: null });
}

/** A table with a header row; rows are appended by the caller. */
export function table(testid, headers) {
  const body = h('tbody');
  const el = h('table', { class: 'data', dataset: { testid } },
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { class: t.startsWith('#') || /distance|cosine/i.test(t) ? 'num' : '' }, t)))),
    body);
  return { el, body };
}

export function numCell(text) {
  return h('td', { class: 'num' }, text);
}

export function emptyState(text, link) {
  return h('div', { class: 'empty', dataset: { testid: 'empty' } }, text,
    link ? h('a', { href: link.href }, link.text) : null);
}

/** An inline error where the data would have been: pages never fail silently. */
export function errorBox(error, context = 'Could not load') {
  return h('div', { class: 'error', role: 'alert', dataset: { testid: 'error' } }, `${context}: ${error.message}`);
}

/** Loading placeholder for a section. */
export function loading() {
  return h('div', { class: 'loading muted' }, 'Loading…');
}

/** A <select> of the groups, "everyone" first; fills itself from /api/groups. */
export function groupSelect(testid, selected, onChange) {
  const select = h('select', { dataset: { testid }, onchange: () => onChange(select.value) },
    h('option', { value: '' }, 'everyone'));
  getJson('/api/groups').then((groups) => {
    for (const g of groups) {
      select.append(h('option', { value: g.name }, `${g.name} (${g.members})`));
    }
    select.value = selected || '';
  }).catch((e) => {
    select.after(h('span', { class: 'error inline' }, `groups: ${e.message}`));
  });
  select.value = selected || '';
  return select;
}

/** A <select> of member names (pair lists, distance-to), filled from /api/members. */
export function fillMemberSelect(select, members, placeholder, exclude) {
  select.replaceChildren(h('option', { value: '' }, placeholder));
  for (const m of members) {
    if (m.name !== exclude) {
      select.append(h('option', { value: m.name }, m.group ? `${m.name} (${m.group})` : m.name));
    }
  }
}

/** A page heading with an optional line under it. */
export function pageTitle(text, sub) {
  return h('div', { class: 'page-head' },
    h('h1', { dataset: { testid: 'page-title' } }, text),
    sub ? h('p', { class: 'muted' }, sub) : null);
}

/** A drop zone around a file input: drag files onto it or click to choose. */
export function dropZone(input, text, onFiles) {
  const zone = h('label', { class: 'drop' }, h('span', {}, text), input);
  const stop = (e) => {
    e.preventDefault();
    e.stopPropagation();
  };
  zone.addEventListener('dragover', (e) => {
    stop(e);
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    stop(e);
    zone.classList.remove('over');
    const files = [...(e.dataTransfer?.files || [])];
    if (files.length) {
      onFiles(files);
    }
  });
  input.addEventListener('change', () => {
    const files = [...input.files];
    if (files.length) {
      onFiles(files);
    }
    input.value = ''; // the same file can be chosen again
  });
  return zone;
}

/**
 * An image with boxes drawn over it. Boxes are in pixels of the image the server decoded; positions are
 * percentages of that size, so they follow the image however the layout scales it.
 */
export function photoWithBoxes(src, boxes, size) {
  const img = h('img', { src, alt: '', loading: 'lazy' });
  const frame = h('div', { class: 'photo-frame' }, img);
  const place = (w, hgt) => {
    for (const b of boxes) {
      frame.append(h('div', {
        class: `face-box ${b.className || ''}`,
        dataset: { testid: 'face-box' },
        title: b.label || '',
        style: `left:${(100 * b.box.x) / w}%;top:${(100 * b.box.y) / hgt}%;`
          + `width:${(100 * b.box.width) / w}%;height:${(100 * b.box.height) / hgt}%`,
      }, b.tag ? h('span', { class: 'face-tag' }, b.tag) : null));
    }
  };
  if (size) {
    place(size.width, size.height);
  } else {
    // the original size is known once the image has loaded
    img.addEventListener('load', () => place(img.naturalWidth, img.naturalHeight), { once: true });
  }
  img.addEventListener('error', () => frame.replaceChildren(h('div', { class: 'error' }, 'The photo could not be loaded.')), { once: true });
  return frame;
}

// The hash is the address: '#/map?group=red' → page 'map' with params group=red.
/** '#/members/ann%20b?x=1' → {path: ['members', 'ann b'], params: URLSearchParams('x=1')}. */
export function parseHash(hash = location.hash) {
  const [path, q = ''] = hash.replace(/^#\/?/, '').split('?');
  const segments = path.split('/').filter(Boolean).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s; // a hand-typed '%' stays as it is
    }
  });
  return { path: segments, params: new URLSearchParams(q) };
}

/** Updates the query of the current hash without re-rendering (filters remember themselves on reload). */
export function replaceParams(values) {
  const { path, params } = parseHash();
  for (const [name, value] of Object.entries(values)) {
    if (value === '' || value === null || value === undefined) {
      params.delete(name);
    } else {
      params.set(name, value);
    }
  }
  const q = params.toString();
  history.replaceState(null, '', `#/${path.map(encodeURIComponent).join('/')}${q ? `?${q}` : ''}`);
}
