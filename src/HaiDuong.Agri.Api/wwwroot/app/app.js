// The household diary: sign-in, batches, the batch diary and its entry forms. Every entry is saved on the phone first
// (IndexedDB), then synced (sync.js). Screens are drawn from what the phone has cached, then refreshed from the server.
import { t, getLang, setLang, formatDate, formatNumber, pendingText, validationText, has } from './i18n.js';
import { api, NetworkError, problemCode } from './api.js';
import * as db from './db.js';
import * as sync from './sync.js';

const ZONE = 'Asia/Ho_Chi_Minh';
const main = document.getElementById('main');
let me = readIdentity();
let screenToken = 0;
let notice = '';

// ---------- small helpers ----------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'value') el.value = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child != null && child !== false) el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());

function addDays(iso, days) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const isoSeconds = (date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The moment of an activity: now when it is today's, else noon Việt Nam time of that day. */
const occurredAt = (date) => isoSeconds(date === today() ? new Date() : new Date(`${date}T12:00:00+07:00`));

const localDateOf = (instant) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(instant));

const uuid = () => (crypto.randomUUID ? crypto.randomUUID()
  : ([1e7] + -1e3 + -4e3 + -8e3 + -1e11).replace(/[018]/g, (c) => (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16)));

const norm = (s) => (s || '').normalize('NFC').trim();

const cap = (s) => (s ? s.charAt(0).toLocaleUpperCase('vi') + s.slice(1) : '');

const batchTitle = (b) => cap(b.crop) + (b.variety ? ` — ${b.variety}` : '');

function toast(text) {
  const el = document.getElementById('toast');
  el.textContent = text;
  el.classList.add('show');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => el.classList.remove('show'), 3500);
}

function confirmDialog(text, yes, no) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = text;
  const yesButton = document.getElementById('confirm-yes');
  const noButton = document.getElementById('confirm-no');
  yesButton.textContent = yes;
  noButton.textContent = no;
  return new Promise((resolve) => {
    const done = (answer) => {
      yesButton.onclick = noButton.onclick = dialog.oncancel = null;
      if (dialog.open) dialog.close();
      resolve(answer);
    };
    yesButton.onclick = () => done(true);
    noButton.onclick = () => done(false);
    dialog.oncancel = (e) => { e.preventDefault(); done(false); };
    dialog.showModal();
    noButton.focus();
  });
}

function readIdentity() {
  try {
    return JSON.parse(localStorage.getItem('agri.identity')) || null;
  } catch {
    return null;
  }
}

function saveIdentity(identity) {
  me = identity;
  if (identity) localStorage.setItem('agri.identity', JSON.stringify(identity));
  else localStorage.removeItem('agri.identity');
}

const key = (name) => `${me.householdId}:${name}`;

/** A form field: label, control, hint and the place for its error, wired for screen readers. */
function field(name, label, control, hint) {
  control.id ||= 'f-' + name;
  control.name ||= name;
  const describedBy = [`${control.id}-error`];
  if (hint) describedBy.unshift(`${control.id}-hint`);
  control.setAttribute('aria-describedby', describedBy.join(' '));
  return h('div', { class: 'field', 'data-field': name },
    h('label', { for: control.id }, label),
    hint && h('p', { class: 'hint', id: `${control.id}-hint` }, hint),
    control,
    h('p', { class: 'error', id: `${control.id}-error`, hidden: true }));
}

function showFieldError(form, name, message) {
  const wrap = form.querySelector(`[data-field="${name}"]`);
  if (!wrap) return false;
  const error = wrap.querySelector('.error');
  const control = wrap.querySelector('input, select, textarea');
  error.textContent = message;
  error.hidden = !message;
  if (message) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
  return true;
}

function clearErrors(form) {
  for (const wrap of form.querySelectorAll('[data-field]')) showFieldError(form, wrap.dataset.field, '');
  const alert = form.querySelector('.form-alert');
  if (alert) alert.hidden = true;
}

function formAlert(form, text) {
  let alert = form.querySelector('.form-alert');
  if (!alert) {
    alert = h('p', { class: 'alert form-alert', role: 'alert' });
    form.prepend(alert);
  }
  alert.textContent = text;
  alert.hidden = false;
}

function focusFirstError(form) {
  const bad = form.querySelector('[aria-invalid="true"]');
  if (bad) bad.focus();
}

const options = (pairs, selected) => pairs.map(([value, label]) => h('option', { value, selected: value === selected }, label));

function dateInput(value) {
  return h('input', { type: 'date', value: value || today(), max: addDays(today(), 1), required: true });
}

/** Our own check of a date: present, valid, and not later than tomorrow (the server allows one day ahead). */
function dateError(value) {
  if (!value) return t('required');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value < '1900-01-01') return t('badDate');
  return value > addDays(today(), 1) ? t('future') : '';
}

function positiveNumber(text) {
  const n = Number(String(text || '').replace(',', '.'));
  return Number.isFinite(n) && n > 0 ? n : null;
}

// ---------- header: language, household, sync ----------

function renderHeader() {
  document.documentElement.lang = getLang();
  document.title = t('appName');
  document.getElementById('brand').textContent = t('appName');
  const lang = document.getElementById('lang');
  lang.textContent = t('switchLang');
  lang.lang = getLang() === 'vi' ? 'en' : 'vi';
  document.querySelector('.skip').textContent = getLang() === 'vi' ? 'Chuyển đến nội dung' : 'Skip to content';
  const who = document.getElementById('who');
  who.hidden = !me;
  who.textContent = me ? me.householdName || '' : '';
  document.getElementById('sync').hidden = !me;
  renderSync();
}

function renderSync() {
  const { status, pending, rejected } = sync.state;
  const offline = navigator.onLine === false;
  document.body.classList.toggle('is-offline', offline);
  document.getElementById('pending-count').textContent = pendingText(pending + rejected);
  const state = document.getElementById('sync-state');
  state.textContent = status === 'syncing' ? t('syncing') : offline || status === 'offline' ? t('offline') : status === 'failed' ? t('syncFailed') : '';
  state.className = status === 'syncing' ? 'busy' : offline || status !== 'idle' ? 'warn' : '';
  const note = document.getElementById('rejected-note');
  note.hidden = rejected === 0;
  note.textContent = rejected ? t('rejectedN', { n: rejected }) : '';
  const button = document.getElementById('sync-now');
  button.textContent = t('syncNow');
  button.disabled = status === 'syncing';
  button.setAttribute('aria-busy', String(status === 'syncing'));
}

document.getElementById('lang').addEventListener('click', () => {
  setLang(getLang() === 'vi' ? 'en' : 'vi');
  renderHeader();
  render();
});

document.getElementById('sync-now').addEventListener('click', async () => {
  if (navigator.onLine === false) {
    toast(t('offline'));
    renderSync();
    return;
  }
  await sync.syncNow();
});

sync.configure({
  identity: () => me,
  changed: renderSync,
  sessionLost: () => sessionLost(),
  synced: () => {
    const route = parseRoute();
    if (route.name === 'batches' || route.name === 'batch') render();
    else refreshBatches().catch(() => {});
  },
  batchChanged: (batch) => updateCachedBatch(batch).catch(() => {}),
});

window.addEventListener('online', () => {
  renderSync();
  sync.syncNow();
});
window.addEventListener('offline', renderSync);
setInterval(() => {
  if (me && sync.state.pending > 0) sync.syncNow();
}, 60_000);

// ---------- session ----------

/** Asks the server who we are: 'ok', 'signed-out', or 'offline' (no answer: go on with the identity cached). */
async function loadSession() {
  let answer;
  try {
    answer = await api('GET', '/api/v1/sessions/current');
  } catch (e) {
    if (e instanceof NetworkError) return me ? 'offline' : 'unreachable';
    throw e;
  }
  if (answer.status === 200 && answer.body) {
    if (String(answer.body.role).toLowerCase() !== 'household' || !answer.body.householdId) {
      await api('DELETE', '/api/v1/sessions/current').catch(() => {});
      saveIdentity(null);
      return 'not-household';
    }
    saveIdentity(answer.body);
    return 'ok';
  }
  if (answer.status === 401 || answer.status === 403) {
    saveIdentity(null);
    return 'signed-out';
  }
  return me ? 'offline' : 'unreachable';
}

async function signIn(body, refusedText) {
  let answer;
  try {
    answer = await api('POST', '/api/v1/sessions', body);
  } catch (e) {
    if (e instanceof NetworkError) return t('needNetworkSignIn');
    throw e;
  }
  if (answer.status === 401 || answer.status === 400 || answer.status === 404) return refusedText;
  if (!answer.ok) return t('serverError');
  const state = await loadSession();
  if (state === 'ok') return '';
  if (state === 'not-household') return t('notHousehold');
  return state === 'signed-out' ? refusedText : t('needNetworkSignIn');
}

async function afterSignIn() {
  notice = '';
  renderHeader();
  await sync.refreshCounts();
  location.hash = '#/';
  render();
  sync.syncNow();
  prefetch();
}

function sessionLost() {
  saveIdentity(null);
  notice = t('sessionGone');
  renderHeader();
  render();
}

async function signOut() {
  const waiting = sync.state.pending + sync.state.rejected;
  if (waiting > 0 && !(await confirmDialog(t('signOutPending', { n: waiting }), t('signOut'), t('stay')))) return;
  let answer;
  try {
    answer = await api('DELETE', '/api/v1/sessions/current');
  } catch (e) {
    if (e instanceof NetworkError) {
      toast(t('signOutOffline'));
      return;
    }
    throw e;
  }
  if (!answer.ok && answer.status !== 401) {
    toast(t('serverError'));
    return;
  }
  // The household's cached views go; its unsynced entries stay on the phone for the next sign-in.
  const household = me.householdId;
  for (const entry of await db.entries(household)) {
    if (entry.status === 'synced') await db.deleteEntry(entry.id);
  }
  await db.kvClear(household + ':');
  saveIdentity(null);
  notice = t('signedOut');
  history.replaceState(null, '', '/app/');
  renderHeader();
  render();
}

// ---------- routing ----------

function parseRoute() {
  if (!me) return { name: 'sign-in' };
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'new') return { name: 'new-batch' };
  if (parts[0] === 'b' && parts[1]) {
    if (parts[2] === 'add' && parts[3]) return { name: 'record', batchId: parts[1], form: parts[3] };
    if (parts[2] === 'edit' && parts[3]) return { name: 'record', batchId: parts[1], entryId: Number(parts[3]) };
    return { name: 'batch', batchId: parts[1] };
  }
  return { name: 'batches' };
}

async function render() {
  const token = ++screenToken;
  const route = parseRoute();
  const screens = { 'sign-in': signInScreen, batches: batchesScreen, 'new-batch': newBatchScreen, batch: batchScreen, record: recordScreen };
  try {
    const view = await screens[route.name](route, () => token === screenToken);
    if (token !== screenToken || !view) return;
    main.replaceChildren(view);
    if (render.focus) main.querySelector('h1')?.focus();
  } catch (e) {
    console.error(e);
    if (token === screenToken) main.replaceChildren(h('p', { class: 'alert', role: 'alert' }, String(e && e.message)));
  }
}

window.addEventListener('hashchange', () => {
  if (codeInHash()) return signInFromHash();
  render.focus = true;
  render();
});

const heading = (text) => h('h1', { tabindex: '-1' }, text);
const backLink = (href) => h('a', { class: 'back', href }, '‹ ', t('back'));

// ---------- sign-in ----------

function signInScreen() {
  const status = h('p', { class: 'alert', role: 'alert', hidden: !notice }, notice);
  const busy = h('p', { class: 'busy', 'aria-live': 'polite' });
  const run = async (form, body, refused) => {
    for (const b of form.querySelectorAll('button')) b.disabled = true;
    busy.textContent = t('signingIn');
    status.hidden = true;
    const error = await signIn(body, refused);
    busy.textContent = '';
    for (const b of form.querySelectorAll('button')) b.disabled = false;
    if (!error) return afterSignIn();
    status.textContent = error;
    status.hidden = false;
    status.classList.toggle('info', false);
  };
  const code = h('input', { type: 'text', autocomplete: 'one-time-code', autocapitalize: 'characters', spellcheck: 'false', required: true, value: signInScreen.code || '' });
  const codeForm = h('form', {
    class: 'card', novalidate: true,
    onsubmit: (e) => {
      e.preventDefault();
      const value = code.value.trim().toUpperCase();
      if (!value) return showFieldError(codeForm, 'code', t('required'));
      showFieldError(codeForm, 'code', '');
      run(codeForm, { signInCode: value }, t('codeRefused'));
    },
  },
  h('h2', {}, t('enterCode')),
  field('code', t('codeLabel'), code, t('codeHint')),
  h('button', { type: 'submit', class: 'primary' }, t('signIn')));
  const apiKey = h('input', { type: 'password', autocomplete: 'off', spellcheck: 'false', required: true });
  const keyForm = h('form', {
    novalidate: true,
    onsubmit: (e) => {
      e.preventDefault();
      const value = apiKey.value.trim();
      if (!value) return showFieldError(keyForm, 'key', t('required'));
      showFieldError(keyForm, 'key', '');
      run(keyForm, { key: value }, t('keyRefused'));
    },
  },
  field('key', t('keyLabel'), apiKey, t('keyHint')),
  h('button', { type: 'submit', class: 'secondary' }, t('signInWithKey')));
  if (notice === t('signedOut')) status.classList.add('info');
  return h('section', { class: 'signin' },
    heading(t('signIn')),
    h('p', {}, t('signInIntro')),
    status, busy, codeForm,
    h('details', { class: 'card' }, h('summary', {}, t('enterKey')), keyForm));
}

// ---------- batches ----------

async function loadCached(name, path, isCurrent) {
  const cached = await db.kvGet(key(name));
  let fresh = null;
  let offline = false;
  try {
    const answer = await api('GET', path);
    if (answer.status === 200) {
      fresh = answer.body;
      await db.kvSet(key(name), fresh);
    } else if (answer.status === 401) {
      if (isCurrent()) sessionLost();
      return { data: null, gone: true };
    } else if (answer.status === 404) {
      return { data: null, missing: true };
    } else {
      offline = true;
    }
  } catch (e) {
    if (!(e instanceof NetworkError)) throw e;
    offline = true;
  }
  return { data: fresh ?? cached ?? null, offline };
}

async function refreshBatches() {
  if (!me) return;
  const answer = await api('GET', `/api/v1/households/${me.householdId}/batches`);
  if (answer.status === 200) await db.kvSet(key('batches'), answer.body);
}

async function updateCachedBatch(batch) {
  const list = await db.kvGet(key('batches'));
  const item = list?.items?.find((b) => b.id === batch.id);
  if (!item) return;
  Object.assign(item, {
    status: String(batch.status || item.status).toLowerCase(),
    plantedOn: batch.plantedOn ?? item.plantedOn,
    safeHarvestFrom: batch.safeHarvestFrom ?? item.safeHarvestFrom,
    harvestAllowedFrom: batch.safeHarvestFrom && batch.safeHarvestFrom > today() ? batch.safeHarvestFrom : null,
    harvestedKg: batch.harvestedKg ?? item.harvestedKg,
    version: batch.version ?? item.version,
  });
  await db.kvSet(key('batches'), list);
}

async function cachedBatch(batchId) {
  const list = await db.kvGet(key('batches'));
  return list?.items?.find((b) => b.id === batchId) || null;
}

const statusOf = (batch) => String(batch?.status || '').toLowerCase();

const statusLabel = (status) => (has('status.' + status) ? t('status.' + status) : status || '');

function harvestNote(batch) {
  return batch.harvestAllowedFrom ? h('p', { class: 'phi' }, t('harvestFrom', { date: formatDate(batch.harvestAllowedFrom, true) })) : null;
}

async function batchesScreen(route, isCurrent) {
  const [{ data, offline, gone }, all] = await Promise.all([
    loadCached('batches', `/api/v1/households/${me.householdId}/batches`, isCurrent),
    db.entries(me.householdId),
  ]);
  if (gone) return null;
  const items = data?.items || [];
  const waiting = (id) => all.filter((e) => e.batchId === id && e.status !== 'synced').length;
  const list = h('ul', { class: 'cards' }, items.map((b) => {
    const n = waiting(b.id);
    return h('li', {},
      h('a', { class: 'card batch', href: `#/b/${encodeURIComponent(b.id)}`, 'data-testid': 'batch', 'data-batch-id': b.id },
        h('h2', {}, batchTitle(b)),
        h('p', { class: 'muted' }, [b.growingAreaName, b.season].filter(Boolean).join(' · ')),
        h('p', {}, h('span', { class: `badge s-${statusOf(b)}` }, statusLabel(statusOf(b))),
          b.harvestedKg ? h('span', { class: 'muted' }, ' ', t('harvested', { kg: formatNumber(b.harvestedKg) })) : null),
        harvestNote(b),
        n ? h('p', { class: 'unsynced' }, pendingText(n)) : null));
  }));
  return h('section', {},
    heading(t('myBatches')),
    offline ? h('p', { class: 'note' }, t('offlineData')) : null,
    h('a', { class: 'button primary', href: '#/new' }, '+ ', t('newBatch')),
    items.length ? list : h('p', { class: 'empty' }, t('noBatches')),
    h('div', { class: 'footer' },
      h('button', { type: 'button', class: 'secondary', 'data-testid': 'sign-out', onclick: () => signOut() }, t('signOut'))));
}

// ---------- start a batch ----------

async function newBatchScreen(route, isCurrent) {
  const { data, gone } = await loadCached('areas', `/api/v1/households/${me.householdId}/growing-areas`, isCurrent);
  if (gone) return null;
  const areas = data?.items || [];
  const area = h('select', { required: true }, h('option', { value: '' }, t('chooseArea')),
    areas.map((a) => h('option', { value: a.id }, [a.name, a.areaCode].filter(Boolean).join(' · '))));
  const crop = h('input', { type: 'text', required: true, autocomplete: 'off', maxlength: '100' });
  const variety = h('input', { type: 'text', autocomplete: 'off', maxlength: '100' });
  const season = h('input', { type: 'text', autocomplete: 'off', maxlength: '50', value: t('seasonDefault', { year: today().slice(0, 4) }) });
  area.addEventListener('change', () => {
    const chosen = areas.find((a) => a.id === area.value);
    if (chosen) crop.value = chosen.crop || '';
  });
  if (areas.length === 1) {
    area.value = areas[0].id;
    crop.value = areas[0].crop || '';
  }
  const form = h('form', { class: 'card', novalidate: true, onsubmit: (e) => { e.preventDefault(); submit(); } },
    h('p', { class: 'alert offline-only' }, t('needNetworkBatch')),
    field('growingAreaId', t('growingArea'), area),
    field('crop', t('crop'), crop),
    field('variety', t('variety'), variety),
    field('season', t('season'), season),
    h('div', { class: 'row' },
      h('button', { type: 'submit', class: 'primary needs-network' }, t('start')),
      h('a', { class: 'button secondary', href: '#/' }, t('cancel'))));
  async function submit() {
    clearErrors(form);
    let bad = false;
    if (!area.value) bad = showFieldError(form, 'growingAreaId', t('required'));
    if (!norm(crop.value)) bad = showFieldError(form, 'crop', t('required'));
    if (bad) return focusFirstError(form);
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const answer = await api('POST', '/api/v1/batches', {
        growingAreaId: area.value, crop: norm(crop.value), variety: norm(variety.value) || undefined, season: norm(season.value) || undefined,
      });
      if (answer.status === 201 && answer.body?.id) {
        await refreshBatches().catch(() => {});
        const list = (await db.kvGet(key('batches'))) || { items: [] };
        if (!list.items.some((b) => b.id === answer.body.id)) {
          const chosen = areas.find((a) => a.id === area.value);
          list.items.unshift({ ...answer.body, status: String(answer.body.status || 'started').toLowerCase(), growingAreaName: chosen?.name });
          await db.kvSet(key('batches'), list);
        }
        location.hash = `#/b/${encodeURIComponent(answer.body.id)}`;
      } else if (answer.status === 400 && answer.body?.errors) {
        for (const [name, messages] of Object.entries(answer.body.errors)) {
          if (!showFieldError(form, name, messages.map(validationText).join(' '))) formAlert(form, messages.map(validationText).join(' '));
        }
        focusFirstError(form);
      } else if (answer.status === 401) {
        sessionLost();
      } else {
        formAlert(form, answer.body?.detail || answer.body?.title || t('serverError'));
      }
    } catch (e) {
      if (!(e instanceof NetworkError)) throw e;
      formAlert(form, t('needNetworkBatch'));
    } finally {
      button.disabled = false;
    }
  }
  return h('section', {}, backLink('#/'), heading(t('newBatch')), areas.length ? form : h('p', { class: 'empty' }, navigator.onLine === false ? t('needNetworkBatch') : t('noAreas')));
}

// ---------- the batch diary ----------

function entryDate(step) {
  return step.plantedOn || step.appliedOn || step.harvestedOn || (step.occurredAt ? localDateOf(step.occurredAt) : '');
}

function stepTitle(step) {
  if (step.type === 'planting') return t('type.planting');
  if (step.type === 'harvest') return t('type.harvest');
  if (step.type === 'input') return t('kind.' + (step.kind || 'other'));
  return has('act.' + step.kind) ? t('act.' + step.kind) : t('act.other');
}

function stepDetails(step) {
  const parts = [];
  if (step.type === 'planting' && step.seedSource) parts.push(t('seed', { v: step.seedSource }));
  if (step.type === 'input') {
    parts.push([step.productName, step.activeIngredient && `(${step.activeIngredient})`].filter(Boolean).join(' '));
    if (step.dose != null) parts.push(`${formatNumber(step.dose)} ${step.unit || ''}`.trim());
    if (step.kind === 'pesticide' && step.preHarvestIntervalDays != null) {
      const from = step.safeHarvestFrom || addDays(step.appliedOn || step.date, step.preHarvestIntervalDays);
      parts.push(t('phiShort', { n: step.preHarvestIntervalDays, date: formatDate(from) }));
    }
  }
  if (step.type === 'harvest' && step.quantityKg != null) parts.push(`${formatNumber(step.quantityKg)} kg`);
  if (step.notes) parts.push(step.notes);
  return parts.filter(Boolean).join(' · ');
}

/** Why the server refused an entry, in the reader's language. */
function reasonText(problem) {
  const code = problemCode(problem);
  const data = { ...(problem?.data || {}) };
  for (const name of ['appliedOn', 'harvestedOn', 'firstAllowedHarvestOn', 'plantedOn', 'date']) {
    if (data[name]) data[name] = formatDate(data[name]);
  }
  if (code === 'validation' || (problem?.errors && Object.keys(problem.errors).length)) {
    const lines = Object.entries(problem.errors || {}).map(([name, messages]) => {
      const short = name.replace(/^steps\[\d+\]\.?/, '');
      const label = has('f.' + short) ? t('f.' + short) : short;
      return `${label}: ${messages.map(validationText).join(' ')}`;
    });
    if (lines.length) return lines.join(' ');
  }
  if (code && has('p.' + code)) return t('p.' + code, data);
  return t('p.unknown', { detail: problem?.detail || problem?.title || '' });
}

async function batchScreen(route, isCurrent) {
  const [{ data, offline, gone, missing }] = await Promise.all([
    loadCached('timeline:' + route.batchId, `/api/v1/batches/${encodeURIComponent(route.batchId)}/timeline`, isCurrent),
    navigator.onLine === false ? null : refreshBatches().catch(() => {}),
  ]);
  if (gone) return null;
  const batch = await cachedBatch(route.batchId);
  const local = (await db.entries(me.householdId)).filter((e) => e.batchId === route.batchId);
  const serverSteps = data?.steps || [];
  const onServer = new Set(serverSteps.map((s) => s.clientStepId).filter(Boolean));
  // Housekeeping: a synced entry the server's diary now shows is no longer needed on the phone.
  if (data && !offline) {
    for (const e of local) if (e.status === 'synced' && onServer.has(e.step.clientStepId)) await db.deleteEntry(e.id);
  }
  const byClientId = new Map(local.map((e) => [e.step.clientStepId, e]));
  const rows = serverSteps.map((s, i) => {
    const mine = s.clientStepId && byClientId.get(s.clientStepId);
    return { date: s.date || localDateOf(s.occurredAt), order: i, step: s, status: mine && mine.status !== 'synced' ? mine.status : 'synced', entry: mine || null };
  });
  for (const e of local) {
    if (!onServer.has(e.step.clientStepId)) rows.push({ date: entryDate(e.step), order: 1e6 + e.id, step: e.step, status: e.status, entry: e });
  }
  rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order));

  const title = batch ? batchTitle(batch) : t('timeline');
  const status = statusOf(batch);
  const forms = ['planting', 'fertilizer', 'pesticide', 'irrigation', 'activity', 'harvest']
    .filter((f) => f !== 'planting' || !status || status === 'started');
  const closed = status === 'closed';
  return h('section', {},
    backLink('#/'),
    heading(title),
    batch ? h('p', { class: 'muted' }, [batch.growingAreaName, batch.season].filter(Boolean).join(' · ')) : null,
    batch ? h('p', {}, h('span', { class: `badge s-${status}` }, statusLabel(status))) : null,
    batch ? harvestNote(batch) : null,
    missing && !batch ? h('p', { class: 'alert' }, t('unknownBatch')) : null,
    closed ? null : h('h2', {}, t('record')),
    closed ? null : h('div', { class: 'grid' }, forms.map((f) =>
      h('a', { class: `button tile t-${f}`, href: `#/b/${encodeURIComponent(route.batchId)}/add/${f}` }, t('type.' + f)))),
    h('h2', { id: 'timeline' }, t('timeline')),
    offline && !data ? h('p', { class: 'note' }, t('timelineOffline')) : offline ? h('p', { class: 'note' }, t('offlineData')) : null,
    rows.length ? h('ol', { class: 'timeline' }, rows.map(entryRow)) : h('p', { class: 'empty' }, t('noSteps')));
}

function entryRow(row) {
  const id = `e-${row.entry ? row.entry.id : row.step.stepId}`;
  const rejected = row.status === 'rejected';
  return h('li', { class: `entry ${row.status}`, 'data-testid': 'entry', 'data-status': row.status, 'data-client-step-id': row.step.clientStepId || '', 'data-type': row.step.type },
    h('div', { class: 'entry-head' },
      h('strong', { id }, stepTitle(row.step)),
      h('span', { class: 'badge e-' + row.status }, t('entry.' + row.status))),
    h('p', { class: 'date' }, formatDate(row.date)),
    h('p', {}, stepDetails(row.step)),
    rejected ? h('p', { class: 'reason', 'data-testid': 'reason' }, reasonText(row.entry.problem)) : null,
    rejected ? h('div', { class: 'row' },
      h('a', { class: 'button secondary', href: `#/b/${encodeURIComponent(row.entry.batchId)}/edit/${row.entry.id}`, 'aria-describedby': id }, t('edit')),
      h('button', { type: 'button', class: 'danger', 'aria-describedby': id, onclick: () => discard(row.entry) }, t('discard'))) : null);
}

async function discard(entry) {
  if (!(await confirmDialog(t('discardAsk'), t('discardYes'), t('keep')))) return;
  await db.deleteEntry(entry.id);
  await sync.refreshCounts();
  toast(t('discarded'));
  render();
}

// ---------- record an entry ----------

const FERTILIZER_UNITS = ['kg', 'g', 'lít', 'ml', 'bao'];
const PESTICIDE_UNITS = ['ml', 'lít', 'g', 'kg', 'gói', 'bình'];
const HARVEST_UNITS = [['kg', 1], ['tạ', 100], ['tấn', 1000]];
const ACTIVITY_KINDS = ['pruning', 'weeding', 'observation', 'other'];

/**
 * Keeps the inputs catalogue on the phone, so spraying can be recorded in a field without signal; once it and the
 * service worker's copy of the app are in place, <html data-offline-ready="true"> says the phone can go offline.
 */
async function prefetch() {
  if (!me || navigator.onLine === false) return;
  const kinds = await Promise.all(['pesticide', 'fertilizer'].map((kind) =>
    loadCached('inputs:' + kind, `/api/v1/inputs?kind=${kind}`, () => false).catch(() => ({ offline: true }))));
  if (kinds.some((k) => k.offline || !k.data)) return;
  if ('serviceWorker' in navigator) await navigator.serviceWorker.ready;
  document.documentElement.dataset.offlineReady = 'true';
}

async function catalogue(kind, isCurrent) {
  const { data } = await loadCached('inputs:' + kind, `/api/v1/inputs?kind=${kind}`, isCurrent);
  return data?.items || [];
}

async function recordScreen(route, isCurrent) {
  let editing = null;
  let form = route.form;
  if (route.entryId) {
    editing = await db.getEntry(route.entryId);
    if (!editing || editing.householdId !== me.householdId) {
      location.hash = `#/b/${encodeURIComponent(route.batchId)}`;
      return null;
    }
    form = editing.form;
  }
  const batch = await cachedBatch(route.batchId);
  const v = editing?.input || {};
  const el = h('form', { class: 'card', novalidate: true });
  const controls = {};
  const add = (name, label, control, hint) => {
    controls[name] = control;
    el.append(field(name, label, control, hint));
    return control;
  };
  let build;

  if (form === 'planting') {
    add('date', t('plantedOn'), dateInput(v.date));
    add('seedSource', t('seedSource'), h('input', { type: 'text', maxlength: '200', value: v.seedSource }));
    build = (x) => ({ type: 'planting', plantedOn: x.date, seedSource: norm(x.seedSource) || undefined });
  } else if (form === 'fertilizer') {
    const items = await catalogue('fertilizer', isCurrent);
    el.append(h('datalist', { id: 'fertilizers' }, items.map((i) => h('option', { value: i.productName }))));
    add('productName', t('fertilizerName'), h('input', { type: 'text', list: 'fertilizers', maxlength: '200', required: true, value: v.productName }));
    el.append(h('div', { class: 'pair' },
      field('dose', t('dose'), controls.dose = h('input', { type: 'text', inputmode: 'decimal', required: true, value: v.dose })),
      field('unit', t('unit'), controls.unit = h('select', {}, options(FERTILIZER_UNITS.map((u) => [u, u]), v.unit || 'kg')))));
    add('date', t('appliedOnFert'), dateInput(v.date));
    build = (x) => ({
      type: 'input', kind: 'fertilizer', productName: norm(x.productName), dose: positiveNumber(x.dose), unit: x.unit, appliedOn: x.date,
    });
  } else if (form === 'pesticide') {
    const items = await catalogue('pesticide', isCurrent);
    const crop = norm(batch?.crop).toLowerCase();
    const sorted = [...items].sort((a, b) => Number((b.crops || []).some((c) => norm(c).toLowerCase() === crop)) - Number((a.crops || []).some((c) => norm(c).toLowerCase() === crop)));
    const product = add('product', t('pesticide'), h('select', {},
      h('option', { value: '' }, t('choosePesticide')),
      sorted.map((i) => h('option', { value: i.id }, i.productName, i.activeIngredient ? ` (${i.activeIngredient})` : '')),
      h('option', { value: 'other' }, t('otherPesticide'))));
    product.value = v.product || (sorted.length ? '' : 'other');
    const name = h('input', { type: 'text', maxlength: '200', value: v.productName });
    const nameField = field('productName', t('productName'), name);
    controls.productName = name;
    el.append(nameField);
    add('activeIngredient', t('activeIngredient'), h('input', { type: 'text', maxlength: '200', value: v.activeIngredient }));
    add('phi', t('phiDays'), h('input', { type: 'text', inputmode: 'numeric', value: v.phi }));
    el.append(h('div', { class: 'pair' },
      field('dose', t('dose'), controls.dose = h('input', { type: 'text', inputmode: 'decimal', value: v.dose })),
      field('unit', t('unit'), controls.unit = h('select', {}, options(PESTICIDE_UNITS.map((u) => [u, u]), v.unit || 'ml')))));
    add('date', t('appliedOnSpray'), dateInput(v.date));
    const info = h('p', { class: 'phi', 'aria-live': 'polite', 'data-testid': 'phi-info' });
    el.append(info);
    const showInfo = () => {
      const days = /^\d+$/.test(controls.phi.value.trim()) ? Number(controls.phi.value.trim()) : null;
      info.textContent = days != null && controls.date.value ? t('phiInfo', { n: days, date: formatDate(addDays(controls.date.value, days)) }) : '';
    };
    const pick = () => {
      const chosen = items.find((i) => i.id === product.value);
      nameField.hidden = product.value !== 'other';
      if (chosen) {
        name.value = chosen.productName;
        controls.activeIngredient.value = chosen.activeIngredient || '';
        controls.phi.value = chosen.preHarvestIntervalDays ?? '';
        const unit = chosen.defaultUnit;
        if (unit) {
          if (![...controls.unit.options].some((o) => o.value === unit)) controls.unit.append(h('option', { value: unit }, unit));
          controls.unit.value = unit;
        }
      }
      showInfo();
    };
    product.addEventListener('change', () => {
      if (product.value === 'other') name.value = '';
      pick();
    });
    controls.phi.addEventListener('input', showInfo);
    controls.date.addEventListener('input', showInfo);
    nameField.hidden = product.value !== 'other';
    showInfo();
    build = (x) => {
      const chosen = items.find((i) => i.id === x.product);
      return {
        type: 'input', kind: 'pesticide', productName: norm(chosen ? chosen.productName : x.productName),
        activeIngredient: norm(x.activeIngredient) || undefined, dose: positiveNumber(x.dose), unit: x.unit, appliedOn: x.date,
        preHarvestIntervalDays: Number(x.phi),
      };
    };
  } else if (form === 'irrigation' || form === 'activity') {
    if (form === 'activity') add('kind', t('activityKind'), h('select', {}, options(ACTIVITY_KINDS.map((k) => [k, t('act.' + k)]), v.kind || 'pruning')));
    add('date', t('date'), dateInput(v.date));
    add('notes', t('notes'), h('textarea', { rows: '3', maxlength: '2000' }, v.notes || ''));
    build = (x) => ({ type: 'activity', kind: form === 'irrigation' ? 'irrigation' : x.kind, occurredAt: occurredAt(x.date), notes: norm(x.notes) || undefined });
  } else if (form === 'harvest') {
    add('date', t('harvestedOn'), dateInput(v.date));
    el.append(h('div', { class: 'pair' },
      field('quantity', t('quantity'), controls.quantity = h('input', { type: 'text', inputmode: 'decimal', value: v.quantity })),
      field('qunit', t('unit'), controls.qunit = h('select', {}, options(HARVEST_UNITS.map(([u]) => [u, u]), v.qunit || 'kg')))));
    build = (x) => {
      const factor = HARVEST_UNITS.find(([u]) => u === x.qunit)?.[1] || 1;
      const q = positiveNumber(x.quantity);
      return { type: 'harvest', harvestedOn: x.date, quantityKg: q == null ? null : Math.round(q * factor * 1000) / 1000 };
    };
  } else {
    location.hash = `#/b/${encodeURIComponent(route.batchId)}`;
    return null;
  }

  if (editing?.problem) el.prepend(h('p', { class: 'reason' }, reasonText(editing.problem)));
  el.append(h('div', { class: 'row' },
    h('button', { type: 'submit', class: 'primary' }, t('save')),
    h('a', { class: 'button secondary', href: `#/b/${encodeURIComponent(route.batchId)}` }, t('cancel'))));

  el.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(el);
    const x = Object.fromEntries(Object.entries(controls).map(([k, c]) => [k, c.value.trim ? c.value.trim() : c.value]));
    const errors = {};
    const dateProblem = dateError(x.date);
    if (dateProblem) errors.date = dateProblem;
    if ('productName' in controls && !controls.productName.closest('[hidden]') && !norm(x.productName)) errors.productName = t('required');
    if (form === 'pesticide' && !x.product) errors.product = t('required');
    if ('dose' in controls && positiveNumber(x.dose) == null) errors.dose = x.dose ? t('positive') : t('required');
    if ('quantity' in controls && positiveNumber(x.quantity) == null) errors.quantity = x.quantity ? t('positive') : t('required');
    if (form === 'pesticide' && !(/^\d+$/.test(x.phi) && Number(x.phi) <= 365)) errors.phi = x.phi ? t('wholeDays') : t('required');
    for (const [name, message] of Object.entries(errors)) showFieldError(el, name, message);
    if (Object.keys(errors).length) return focusFirstError(el);

    const step = { ...build(x), clientStepId: uuid() };
    for (const k of Object.keys(step)) if (step[k] === undefined) delete step[k];
    const entry = {
      householdId: me.householdId, batchId: route.batchId, form, step, input: x, status: 'pending', problem: null, createdAt: isoSeconds(new Date()),
    };
    if (editing) await db.replaceEntry(editing.id, entry);
    else await db.addEntry(entry);
    await sync.refreshCounts();
    toast(t('savedLocally'));
    location.hash = `#/b/${encodeURIComponent(route.batchId)}`;
    sync.syncNow();
  });

  return h('section', {},
    backLink(`#/b/${encodeURIComponent(route.batchId)}`),
    heading(t('type.' + form)),
    batch ? h('p', { class: 'muted' }, batchTitle(batch), batch.growingAreaName ? ` · ${batch.growingAreaName}` : '') : null,
    el);
}

// ---------- start ----------

const codeInHash = () => /(?:^#|[#&])code=([^&]+)/.exec(location.hash)?.[1];

/** The sign-in card's QR code opens /app/#code=…: sign in with it, then take it out of the address. */
async function signInFromHash() {
  const value = decodeURIComponent(codeInHash()).trim().toUpperCase();
  history.replaceState(null, '', '/app/');
  signInScreen.code = value;
  ++screenToken;
  main.replaceChildren(h('p', { class: 'busy' }, t('signingIn')));
  const error = await signIn({ signInCode: value }, t('codeRefused'));
  if (!error) {
    signInScreen.code = '';
    return afterSignIn();
  }
  // The code did not work: an earlier session on this phone (if any) goes on; else the form shows why.
  if (error !== t('needNetworkSignIn')) await loadSession();
  if (me) toast(error);
  else notice = error;
  renderHeader();
  await sync.refreshCounts();
  render();
}

async function start() {
  setLang(getLang());
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' }).catch(() => {});
  renderHeader();
  if (codeInHash()) return signInFromHash();
  const state = await loadSession();
  if (state === 'unreachable') notice = t('needNetworkSignIn');
  if (state === 'not-household') notice = t('notHousehold');
  renderHeader();
  await sync.refreshCounts();
  await render();
  if (me) sync.syncNow();
  prefetch();
}

start();
