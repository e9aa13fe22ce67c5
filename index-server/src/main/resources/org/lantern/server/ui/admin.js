// Admin (admin role only): participants, roles, keys (a new key is shown once), suspension, and
// the audit log's head and verification. The server refuses every call here to a non-admin; the
// page says so up front instead of showing forms that would fail.
import { api } from './api.js';
import { el, fill, announce, errorBox, labelled } from './dom.js';

const ROLES = ['reader', 'contributor', 'admin'];

export async function adminPage(root, ctx) {
  root.append(el('h1', {}, 'Admin'));
  if (!ctx.me.roles.includes('admin')) {
    root.append(el('p', { class: 'error', role: 'alert', id: 'admin-refused' },
      `Admin pages need the admin role; ${ctx.me.id} has: ${ctx.me.roles.join(', ') || 'no role'}.`));
    return;
  }
  const keyBox = el('div', { id: 'new-key', 'aria-live': 'assertive' });
  const table = el('div', { id: 'participants' });
  const audit = el('div', { id: 'audit' });
  root.append(
    el('section', { class: 'card', 'aria-labelledby': 'p-title' }, el('h2', { id: 'p-title' }, 'Participants'), keyBox, table, addForm(() => loadParticipants(table, keyBox, ctx))),
    el('section', { class: 'card', 'aria-labelledby': 'a-title' }, el('h2', { id: 'a-title' }, 'Audit log'), audit));
  await Promise.all([loadParticipants(table, keyBox, ctx), auditSection(audit)]);
}

async function loadParticipants(box, keyBox, ctx) {
  let list;
  try {
    list = (await api('GET', '/v1/admin/participants')).participants;
  } catch (e) {
    fill(box, errorBox(e));
    return;
  }
  const reload = () => loadParticipants(box, keyBox, ctx);
  const act = (label, fn) => el('button', { type: 'button', class: 'small', on: { click: async () => {
    try { await fn(); await reload(); } catch (e) { fill(keyBox, errorBox(e)); }
  } } }, label);
  fill(box, el('div', { class: 'scroll' }, el('table', { class: 'matches', id: 'participants-table' },
    el('caption', {}, `${list.length} participants`),
    el('thead', {}, el('tr', {}, ['Id', 'Name', 'Roles', 'State', 'Keys', 'Actions'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, list.map((p) => el('tr', { 'data-id': p.id },
      el('td', {}, p.id),
      el('td', {}, p.name),
      el('td', {}, p.roles.join(', ') || '—'),
      el('td', {}, p.suspended ? 'suspended' : 'active'),
      el('td', {}, el('ul', { class: 'keys' }, p.keys.map((k) => el('li', {},
        `${k.key_id} ${k.active ? 'active' : 'revoked'} `,
        k.active ? act(`Revoke key ${k.key_id}`, () => api('DELETE', `/v1/admin/participants/${encodeURIComponent(p.id)}/keys/${encodeURIComponent(k.key_id)}`)) : null)))),
      el('td', { class: 'actions' },
        el('button', { type: 'button', class: 'small', on: { click: () => createKey(p.id, keyBox) } }, `New key for ${p.id}`),
        p.id === ctx.me.id ? null
          : p.suspended
            ? act(`Reactivate ${p.id}`, () => api('POST', `/v1/admin/participants/${encodeURIComponent(p.id)}/reactivate`))
            : act(`Suspend ${p.id}`, () => api('POST', `/v1/admin/participants/${encodeURIComponent(p.id)}/suspend`)))))))));
}

async function createKey(id, keyBox) {
  try {
    const k = await api('POST', `/v1/admin/participants/${encodeURIComponent(id)}/keys`);
    const secret = el('output', { class: 'hex secret', id: 'new-key-value' }, k.key);
    fill(keyBox, el('div', { class: 'notice', role: 'alert' },
      el('p', {}, `New key ${k.key_id} for ${k.participant}. `, el('strong', {}, 'It is shown once: copy it now; only its hash is kept.')),
      secret,
      el('button', { type: 'button', class: 'small', on: { click: () => fill(keyBox) } }, 'I have copied it — hide')));
    announce(`New key for ${id} shown once`);
  } catch (e) {
    fill(keyBox, errorBox(e));
  }
}

function addForm(done) {
  const id = el('input', { type: 'text', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}', autocomplete: 'off' });
  const name = el('input', { type: 'text', autocomplete: 'off' });
  const roles = el('fieldset', { class: 'checks' }, el('legend', {}, 'Roles'),
    ROLES.map((r) => el('label', {}, el('input', { type: 'checkbox', value: r, checked: r !== 'admin' }), ` ${r}`)));
  const status = el('div', { role: 'status' });
  const form = el('form', { class: 'stack', id: 'add-participant', 'aria-label': 'Add a participant' },
    el('h3', {}, 'Add a participant'),
    labelled('new-id', 'Id', id, '1-64 of letters, digits, dot, underscore, hyphen.'),
    labelled('new-name', 'Display name', name),
    roles,
    el('button', { type: 'submit' }, 'Add participant'),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const p = await api('POST', '/v1/admin/participants', {
        id: id.value.trim(), name: name.value.trim() || id.value.trim(),
        roles: [...roles.querySelectorAll('input:checked')].map((c) => c.value),
      });
      fill(status, `Added ${p.id}. Create a key for it in the table.`);
      id.value = '';
      name.value = '';
      await done();
    } catch (e) {
      fill(status, errorBox(e));
    }
  });
  return form;
}

async function auditSection(box) {
  const head = el('div', { id: 'audit-head' });
  const verify = el('div', { id: 'audit-verify', 'aria-live': 'polite' });
  const button = el('button', { type: 'button', id: 'audit-verify-button' }, 'Verify the whole chain now');
  button.addEventListener('click', async () => {
    fill(verify, el('p', { class: 'busy' }, 'Verifying…'));
    try {
      const r = await api('GET', '/v1/audit/verify');
      fill(verify, el('dl', { class: 'facts' },
        el('dt', {}, 'Result'), el('dd', { id: 'audit-intact', class: r.intact ? 'ok' : 'bad' }, r.intact ? 'intact' : `BROKEN at entry ${r.first_bad_sequence}: ${r.reason}`),
        el('dt', {}, 'Entries checked'), el('dd', {}, String(r.entries_checked)),
        el('dt', {}, 'Head hash'), el('dd', { class: 'hex' }, r.head_hash || '—')));
    } catch (e) {
      fill(verify, errorBox(e));
    }
  });
  fill(box, el('h3', {}, 'Head'), head, el('h3', {}, 'Verification'), button, verify);
  try {
    const h = await api('GET', '/v1/audit/head');
    fill(head, el('dl', { class: 'facts' }, Object.entries(h).map(([k, v]) => [el('dt', {}, k), el('dd', { class: 'hex' }, typeof v === 'object' ? JSON.stringify(v) : String(v))])),
      el('p', { class: 'hint' }, 'Keep this head somewhere the exchange cannot change: verification fails if anything up to it is later missing or altered.'));
  } catch (e) {
    fill(head, e.status === 404 || e.status === 405
      ? el('p', { class: 'hint', id: 'audit-head-missing' }, 'This server has no audit head route (GET /v1/audit/head). The verification below reports the head hash it reached.')
      : errorBox(e));
  }
}
