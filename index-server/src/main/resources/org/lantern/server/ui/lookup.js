// Look up: a hash (type told from its shape where that is unambiguous), an image (hashed by the
// server and discarded), a URL, free text (keyword hits marked in the text), an e-mail or username.
import { api, query } from './api.js';
import { el, fill, announce, errorBox, labelled, signalLink, ageCell, opinionText } from './dom.js';
import { detectHash, HASH_TYPES, PERCEPTUAL, BITS, DEFAULT_DISTANCE } from './hashes.js';

const KINDS = [
  ['hash', 'Hash'],
  ['image', 'Image'],
  ['url', 'URL'],
  ['text', 'Text'],
  ['account', 'E-mail or username'],
];

export function lookupPage(root) {
  const results = el('section', { class: 'results', 'aria-labelledby': 'results-title', 'aria-live': 'polite' });
  const forms = {
    hash: hashForm(results),
    image: imageForm(results),
    url: urlForm(results),
    text: textForm(results),
    account: accountForm(results),
  };
  const chooser = el('fieldset', { class: 'kinds' },
    el('legend', {}, 'What to look up'),
    KINDS.map(([kind, label], i) => el('label', { class: 'kind' },
      el('input', {
        type: 'radio', name: 'kind', value: kind, id: `kind-${kind}`, checked: i === 0,
        on: { change: () => show(kind) },
      }),
      ` ${label}`)));
  function show(kind) {
    for (const [k, form] of Object.entries(forms)) form.hidden = k !== kind;
    fill(results);
  }
  show('hash');
  root.append(
    el('h1', {}, 'Look up'),
    el('p', {}, 'Find what other members shared about a hash, an image, a URL, text, or an account. ',
      'Thresholds apply to this lookup only.'),
    chooser,
    ...Object.values(forms),
    results);
}

function distanceField(id, type) {
  const input = el('input', { type: 'number', min: 0, max: BITS[type] || 256, inputmode: 'numeric', placeholder: String(DEFAULT_DISTANCE[type] || '') });
  return labelled(id, 'Max distance (bits)', input, 'Blank: the server default for the type. Smaller is stricter.');
}

function limitField(id) {
  const input = el('input', { type: 'number', min: 1, max: 1000, value: 100, inputmode: 'numeric' });
  return labelled(id, 'Most matches', input);
}

function numberOrNull(form, id) {
  const v = form.querySelector(`#${id}`).value.trim();
  return v === '' ? null : Number(v);
}

async function run(results, label, fn) {
  fill(results, el('p', { class: 'busy' }, `Looking up ${label}…`));
  try {
    await fn();
  } catch (e) {
    fill(results, errorBox(e));
    announce(`Lookup failed: ${e.message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Hash

function hashForm(results) {
  const value = el('input', { type: 'text', spellcheck: 'false', autocomplete: 'off', required: true });
  const detected = el('span', { class: 'hint', id: 'hash-detected', 'aria-live': 'polite' });
  const type = el('select', {}, el('option', { value: '' }, 'Auto-detect'), HASH_TYPES.map((t) => el('option', { value: t }, t)));
  const form = el('form', { class: 'stack lookup-form', id: 'form-hash', 'aria-label': 'Look up a hash' },
    labelled('hash-value', 'Hash (hexadecimal)', value),
    detected,
    labelled('hash-type', 'Type', type),
    distanceField('hash-distance', 'pdq'),
    limitField('hash-limit'),
    el('button', { type: 'submit' }, 'Look up hash'));
  value.addEventListener('input', () => {
    const d = detectHash(value.value);
    detected.textContent = d.problem && value.value.trim() ? d.problem
      : d.type ? `Looks like ${d.type}.`
        : d.candidates.length > 1 ? `Could be ${d.candidates.join(' or ')}: choose the type.` : '';
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const d = detectHash(value.value);
    let chosen = type.value;
    if (!chosen) {
      if (d.problem) { fill(results, errorBox({ message: d.problem, field: 'hash' })); value.focus(); return; }
      if (!d.type) {
        fill(results, errorBox({ message: `${value.value.trim().length} hex digits could be ${d.candidates.join(' or ')}: choose the type.`, field: 'type' }));
        type.focus();
        return;
      }
      chosen = d.type;
    }
    const body = { type: chosen, hashes: [value.value.trim()], limit: numberOrNull(form, 'hash-limit') || 100 };
    const distance = numberOrNull(form, 'hash-distance');
    if (PERCEPTUAL.has(chosen) && distance !== null) body.max_distance = distance;
    run(results, 'hash', async () => {
      const answer = await api('POST', '/v1/match/hashes', body);
      const r = answer.results[0];
      showMatches(results, `${chosen} ${r.canonical}`, r.matches, answer.note, r.suppressed, false);
    });
  });
  return form;
}

// ---------------------------------------------------------------------------------------------
// Image

function imageForm(results) {
  const file = el('input', { type: 'file', accept: 'image/*', class: 'file-input' });
  const dihedral = el('input', { type: 'checkbox', id: 'image-dihedral', checked: true });
  const dropText = el('span', {}, 'Drop an image here, or choose one');
  const drop = el('label', { class: 'drop', for: 'image-file', id: 'image-drop' }, dropText);
  const form = el('form', { class: 'stack lookup-form', id: 'form-image', 'aria-label': 'Look up an image' },
    el('p', { class: 'privacy', id: 'image-privacy' },
      'The image goes only to this server, which hashes it in memory and discards it: it is never stored. ',
      'Only the hash is looked up.'),
    drop,
    labelled('image-file', 'Image file', file),
    el('div', { class: 'field check' }, dihedral,
      el('label', { for: 'image-dihedral' }, 'Also match its rotations and mirrors (the 8 variants, PDQ)')),
    distanceField('image-distance', 'pdq'),
    el('button', { type: 'submit' }, 'Look up image'));
  let chosen = null;
  const choose = (f) => {
    chosen = f;
    dropText.textContent = f ? `Chosen: ${f.name} (${Math.ceil(f.size / 1024)} KB)` : 'Drop an image here, or choose one';
  };
  file.addEventListener('change', () => choose(file.files[0] || null));
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer.files.length) choose(e.dataTransfer.files[0]);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!chosen) { fill(results, errorBox({ message: 'Choose or drop an image first.', field: 'image' })); file.focus(); return; }
    const params = { type: 'pdq', dihedral: dihedral.checked, max_distance: numberOrNull(form, 'image-distance') };
    run(results, 'image', async () => {
      const answer = await api('POST', `/v1/match/image${query(params)}`, chosen);
      const facts = el('section', { class: 'image-hash', 'aria-labelledby': 'image-hash-title' },
        el('h2', { id: 'image-hash-title' }, 'The image\'s hash'),
        el('dl', { class: 'facts' },
          el('dt', {}, 'PDQ'), el('dd', { class: 'hex', id: 'image-pdq' }, answer.hash),
          answer.quality !== undefined ? [el('dt', {}, 'Quality'),
            el('dd', { id: 'image-quality' }, `${answer.quality} / 100${answer.quality < 50 ? ' (low: matches are less reliable)' : ''}`)] : null));
      if (answer.dihedral_hashes) {
        facts.append(el('table', { class: 'variants' },
          el('caption', {}, 'The 8 variants (rotations and mirrors)'),
          el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Variant'), el('th', { scope: 'col' }, 'PDQ'))),
          el('tbody', {}, answer.dihedral_hashes.map((v) => el('tr', {}, el('td', {}, v.transform), el('td', { class: 'hex' }, v.hash))))));
      }
      showMatches(results, `image (PDQ ${answer.hash.slice(0, 16)}…)`, answer.matches, answer.note, answer.suppressed, !!answer.dihedral_hashes);
      results.prepend(facts);
    });
  });
  return form;
}

// ---------------------------------------------------------------------------------------------
// URL, text, accounts

function urlForm(results) {
  const value = el('input', { type: 'text', spellcheck: 'false', autocomplete: 'off', required: true, inputmode: 'url' });
  const form = el('form', { class: 'stack lookup-form', id: 'form-url', 'aria-label': 'Look up a URL' },
    labelled('url-value', 'URL', value, 'Matches the exact URL, then shared path prefixes, then the host.'),
    limitField('url-limit'),
    el('button', { type: 'submit' }, 'Look up URL'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(results, 'URL', async () => {
      const answer = await api('POST', '/v1/match/urls', { urls: [value.value.trim()], limit: numberOrNull(form, 'url-limit') || 100 });
      const r = answer.results[0];
      showMatches(results, r.canonical, r.matches, answer.note, r.suppressed, false);
    });
  });
  return form;
}

function textForm(results) {
  const value = el('textarea', { rows: 6, required: true, spellcheck: 'false' });
  const form = el('form', { class: 'stack lookup-form', id: 'form-text', 'aria-label': 'Scan text for keywords' },
    labelled('text-value', 'Text', value, 'Scanned for shared keywords; the hits are marked in the text.'),
    el('button', { type: 'submit' }, 'Scan text'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = value.value;
    run(results, 'text', async () => {
      const answer = await api('POST', '/v1/match/text', { text });
      showTextHits(results, text, answer);
    });
  });
  return form;
}

function accountForm(results) {
  const value = el('input', { type: 'text', spellcheck: 'false', autocomplete: 'off', required: true });
  const type = el('select', {}, el('option', { value: '' }, 'Auto (e-mail if it has an @)'),
    el('option', { value: 'email' }, 'E-mail'), el('option', { value: 'username' }, 'Username'));
  const form = el('form', { class: 'stack lookup-form', id: 'form-account', 'aria-label': 'Look up an account' },
    labelled('account-value', 'E-mail or username', value, 'Compared by a keyed hash: the server never stores it in clear.'),
    labelled('account-type', 'Type', type),
    limitField('account-limit'),
    el('button', { type: 'submit' }, 'Look up account'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const v = value.value.trim();
    const t = type.value || (v.includes('@') ? 'email' : 'username');
    run(results, 'account', async () => {
      const answer = await api('POST', '/v1/match/accounts',
        { accounts: [{ type: t, value: v }], limit: numberOrNull(form, 'account-limit') || 100 });
      const r = answer.results[0];
      showMatches(results, `${t} (compared by its keyed hash)`, r.matches, answer.note, r.suppressed, false);
    });
  });
  return form;
}

// ---------------------------------------------------------------------------------------------
// Results

function leadNote(note) {
  return el('p', { class: 'lead-note inline', role: 'note' }, note || 'A match is a lead for investigation, not evidence.');
}

function showMatches(results, what, matches, note, suppressed, withTransform) {
  const rows = matches.map((m) => el('tr', {},
    el('td', {}, signalLink(m.id)),
    el('td', {}, m.kind),
    el('td', { class: 'num' }, m.distance === undefined ? '—' : String(m.distance)),
    el('td', {}, m.type),
    el('td', { class: 'value' }, m.hash || m.value),
    withTransform ? el('td', {}, m.transform || '') : null,
    el('td', {}, (m.categories || []).join(', ') || '—'),
    el('td', {}, m.contributor),
    el('td', {}, ageCell(m.created)),
    el('td', {}, opinionText(m.opinion, m.opinions))));
  const table = el('div', { class: 'scroll' }, el('table', { class: 'matches', id: 'matches' },
    el('caption', {}, `${matches.length} match${matches.length === 1 ? '' : 'es'} for ${what}`),
    el('thead', {}, el('tr', {},
      ['Signal', 'Kind', 'Distance', 'Type', 'Value', withTransform ? 'Variant' : null, 'Categories', 'Contributor', 'Age', 'Opinions']
        .filter(Boolean).map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows)));
  fill(results,
    el('h2', { id: 'results-title' }, 'Results'),
    leadNote(note),
    matches.length ? table : el('p', { class: 'none', id: 'no-matches' }, `No match for ${what}.`),
    suppressed ? el('p', { class: 'hint' }, `${suppressed} match(es) left out by your allow-list.`) : null);
  announce(`${matches.length} match${matches.length === 1 ? '' : 'es'}`);
}

function showTextHits(results, text, answer) {
  // Marks [start, end) of each hit (UTF-16 offsets, as the server's Java strings count them);
  // overlapping hits merge into one mark.
  const spans = answer.hits.map((h) => [h.start, h.end]).sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const [s, e] of spans) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  const marked = el('p', { class: 'scanned', id: 'scanned-text' });
  let at = 0;
  for (const [s, e] of merged) {
    marked.append(text.slice(at, s), el('mark', {}, text.slice(s, e)));
    at = e;
  }
  marked.append(text.slice(at));
  const rows = answer.hits.map((h) => el('tr', {},
    el('td', {}, signalLink(h.id)),
    el('td', { class: 'value' }, h.keyword),
    el('td', { class: 'num' }, `${h.start}–${h.end}`),
    el('td', {}, (h.categories || []).join(', ') || '—'),
    el('td', {}, h.contributor),
    el('td', {}, ageCell(h.created))));
  fill(results,
    el('h2', { id: 'results-title' }, 'Results'),
    leadNote(answer.note),
    el('h3', {}, 'The text, with keyword hits marked'),
    marked,
    answer.hits.length
      ? el('div', { class: 'scroll' }, el('table', { class: 'matches', id: 'matches' },
        el('caption', {}, `${answer.hits.length} keyword hit${answer.hits.length === 1 ? '' : 's'}`),
        el('thead', {}, el('tr', {}, ['Signal', 'Keyword', 'Where', 'Categories', 'Contributor', 'Age'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, rows)))
      : el('p', { class: 'none', id: 'no-matches' }, 'No shared keyword in this text.'),
    answer.suppressed ? el('p', { class: 'hint' }, `${answer.suppressed} hit(s) left out by your allow-list.`) : null);
  announce(`${answer.hits.length} keyword hits`);
}
