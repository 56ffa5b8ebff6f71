// "Who do I look like?": a photo in, every face in it boxed and numbered, and each face's nearest members.
// Nothing is stored; the photo goes to POST /api/search and the preview stays in the browser.

import { postForm, showError, subjectThumbUrl } from '../api.js';
import {
  dec3, dropZone, emptyState, errorBox, groupSelect, h, memberLink, numCell, pageTitle, photoWithBoxes, table, thumb,
} from '../ui.js';

const MATCHES = 5;

export function render(root) {
  let group = '';
  let searchId = 0; // only the latest search may write its answer
  let preview = null; // object URL of the photo on screen

  const input = h('input', { type: 'file', accept: 'image/jpeg,image/png,image/webp', dataset: { testid: 'search-input' } });
  const result = h('div', { class: 'search-result', dataset: { testid: 'search-result' } });

  root.append(
    pageTitle('Who do I look like?', 'Drop a photo: every face in it is compared with the members. Nothing is stored.'),
    h('div', { class: 'toolbar' },
      h('label', {}, 'Compare with ', groupSelect('search-group', group, (g) => {
        group = g;
      }))),
    h('div', { dataset: { testid: 'search-drop' } }, dropZone(input, 'Drop a photo here, or click to choose one', (files) => search(files[0]))),
    result);

  async function search(file) {
    const id = ++searchId;
    if (preview) {
      URL.revokeObjectURL(preview);
    }
    preview = URL.createObjectURL(file);
    result.replaceChildren(h('div', { class: 'searching muted', dataset: { testid: 'search-busy' } }, `Looking at ${file.name}…`));
    const form = new FormData();
    form.append('image', file, file.name);
    let answer;
    try {
      answer = await postForm('/api/search', form, { k: MATCHES, group });
    } catch (e) {
      if (id === searchId) {
        result.replaceChildren(errorBox(e, 'Search failed'));
        if (e.status === 401) {
          showError(e);
        }
      }
      return;
    }
    if (id !== searchId) {
      return;
    }
    const size = answer.width && answer.height ? { width: answer.width, height: answer.height } : null;
    const boxes = answer.faces.map((f, i) => ({ box: f.box, tag: String(i + 1), label: `face ${i + 1}` }));
    const faces = h('div', { class: 'faces' });
    result.replaceChildren(
      h('div', { class: 'grid search-layout' },
        h('div', { class: 'card' }, photoWithBoxes(preview, boxes, size),
          h('p', { class: 'muted small', dataset: { testid: 'search-summary' } },
            `${answer.faces.length} face${answer.faces.length === 1 ? '' : 's'} found · model ${answer.modelId}`)),
        faces));
    if (!answer.faces.length) {
      faces.append(emptyState('No face found in this photo. Try one where faces are larger and turned to the camera.'));
      return;
    }
    const image = await loaded(preview);
    answer.faces.forEach((face, i) => faces.append(faceCard(face, i + 1, image, size)));
  }

  return {
    dispose() {
      if (preview) {
        URL.revokeObjectURL(preview);
      }
    },
  };
}

function faceCard(face, number, image, size) {
  const { el, body } = table('search-matches', ['#', 'Member', 'Distance', 'Cosine', '']);
  for (const m of face.matches) {
    body.append(h('tr', { dataset: { testid: 'match-row' } },
      numCell(m.rank),
      h('td', {}, h('div', { class: 'who' }, thumb(subjectThumbUrl(m), m.member), h('div', {}, memberLink(m.member),
        m.group ? h('div', { class: 'muted small' }, m.group) : null))),
      numCell(dec3(m.distance)),
      numCell(dec3(m.cosine)),
      h('td', {}, m.sameLikely ? h('span', { class: 'badge', dataset: { testid: 'same-likely' } }, 'probably the same person') : null)));
  }
  return h('section', { class: 'card face-card', dataset: { testid: 'search-face' } },
    h('div', { class: 'card-head' },
      crop(image, face.box, size),
      h('h2', {}, `Face ${number}`),
      h('span', { class: 'muted small' }, `detection ${dec3(face.score)} · quality ${dec3(face.quality)}`)),
    face.matches.length ? h('div', { class: 'table-slot' }, el) : emptyState('No members to compare with yet.'));
}

/** The face cut out of the local photo, so each result shows whose face it is. */
function crop(image, box, size) {
  const canvas = h('canvas', { class: 'thumb medium', width: 96, height: 96 });
  if (!image) {
    return canvas;
  }
  // the server's pixel size may differ from the browser's (e.g. EXIF rotation): scale between them
  const sx = size ? image.naturalWidth / size.width : 1;
  const sy = size ? image.naturalHeight / size.height : 1;
  const side = Math.max(box.width * sx, box.height * sy);
  const cx = (box.x + box.width / 2) * sx;
  const cy = (box.y + box.height / 2) * sy;
  canvas.getContext('2d').drawImage(image, cx - side / 2, cy - side / 2, side, side, 0, 0, 96, 96);
  return canvas;
}

function loaded(src) {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => resolve(null);
    img.src = src;
  });
}
