// People: unlabelled faces grouped into probable persons, each with the member it is nearest to.
// Naming a person labels all of its faces at once (POST /api/people/assign), so it joins the analysis.

import { faceThumbUrl, getJson, memberThumbUrl, sendJson, showError, showMessage } from '../api.js';
import { dec3, emptyState, errorBox, h, loading, memberLink, pageTitle, thumb } from '../ui.js';

const SHOWN_FACES = 12; // per person; the rest are counted

export function render(root) {
  const summary = h('p', { class: 'muted', dataset: { testid: 'people-summary' } });
  const list = h('div', { class: 'people', dataset: { testid: 'people' } }, loading());
  root.append(
    pageTitle('People', 'Faces nobody has named yet, grouped into probable persons. Name one to add its faces to a member.'),
    summary, list);

  // what the user has typed survives a live refresh, keyed by the person's first face
  const typed = new Map();

  async function load() {
    try {
      const answer = await getJson('/api/people/suggested');
      summary.textContent = `${answer.peopleFound} probable ${answer.peopleFound === 1 ? 'person' : 'people'} among `
        + `${answer.facesConsidered} unlabelled faces (same person below distance ${dec3(answer.threshold)}, `
        + `cosine above ${dec3(answer.cosineThreshold)})`;
      if (!answer.people.length) {
        list.replaceChildren(answer.facesConsidered
          ? emptyState('No probable persons among the unlabelled faces.')
          : emptyState('No unlabelled faces — every face has a name. Unlabelled ones come from ', { href: '#/upload', text: 'group photos' }));
        return;
      }
      list.replaceChildren(...answer.people.map(personCard));
    } catch (e) {
      summary.textContent = '';
      list.replaceChildren(errorBox(e));
    }
  }

  function personCard(person) {
    const key = person.faces[0]?.faceId;
    const near = person.nearestMember;
    const groups = [...new Set(person.faces.map((f) => f.group).filter(Boolean))];
    // a likely match pre-fills the name; otherwise the user decides
    const before = typed.get(key) || {
      member: near?.sameLikely ? near.member : '',
      group: near?.sameLikely ? near.group || '' : groups.length === 1 ? groups[0] : '',
    };
    const name = h('input', { type: 'text', value: before.member, placeholder: 'name', dataset: { testid: 'person-name' } });
    const group = h('input', { type: 'text', value: before.group, placeholder: 'group (optional)', dataset: { testid: 'person-group' } });
    const remember = () => typed.set(key, { member: name.value, group: group.value });
    name.addEventListener('input', remember);
    group.addEventListener('input', remember);
    const assign = h('button', { type: 'submit', dataset: { testid: 'person-assign' } }, 'Assign');

    async function submit(event) {
      event.preventDefault();
      const member = name.value.trim();
      if (!member) {
        return showError('Type the name this person should get.');
      }
      assign.disabled = true;
      try {
        const answer = await sendJson('POST', '/api/people/assign',
          { member, group: group.value.trim() || null, faceIds: person.faces.map((f) => f.faceId) });
        showMessage(`Assigned ${answer.assigned} face${answer.assigned === 1 ? '' : 's'} to ${member}.`);
        typed.delete(key);
        await load();
      } catch (e) {
        assign.disabled = false;
        showError(e, 'Could not assign');
      }
    }

    const faces = person.faces.slice(0, SHOWN_FACES).map((f) => thumb(faceThumbUrl(f.faceId), `face ${f.faceId}`, 'medium'));
    const more = person.faces.length - SHOWN_FACES;
    return h('section', { class: 'card person', dataset: { testid: 'person' } },
      h('div', { class: 'card-head' },
        h('h2', {}, `${person.faceCount} face${person.faceCount === 1 ? '' : 's'}`),
        groups.length ? h('span', { class: 'muted small' }, groups.join(', ')) : null),
      h('div', { class: 'face-strip', dataset: { testid: 'person-faces' } }, faces, more > 0 ? h('span', { class: 'muted' }, `+${more} more`) : null),
      near
        ? h('div', { class: 'who nearest', dataset: { testid: 'person-nearest' } },
          thumb(memberThumbUrl(near.member), near.member),
          h('div', {},
            h('span', { class: 'muted small' }, 'nearest member '), memberLink(near.member),
            h('div', { class: 'small' }, `distance ${dec3(near.distance)} · cosine ${dec3(near.cosine)}`,
              near.sameLikely ? h('span', { class: 'badge' }, 'probably the same person') : null)))
        : h('p', { class: 'muted small' }, 'Looks like no member yet.'),
      h('form', { class: 'assign', onsubmit: submit }, name, group, assign));
  }

  /** A live refresh rebuilds the cards: wait while the user is typing a name, so the field keeps its focus. */
  function refresh() {
    if (list.contains(document.activeElement) && document.activeElement.tagName === 'INPUT') {
      setTimeout(refresh, 3000);
      return;
    }
    load();
  }

  load();
  return { refresh };
}
