// The household diary: sign-in, batches, a batch's diary and its entry forms. Every entry is saved on the phone first
// (IndexedDB), then synced (sync.js). Screens are drawn from what the phone has cached, refreshed from the server.
import { t, has, getLang, setLang, formatDate, formatNumber, pendingText, validationText } from './i18n.js';
import { api, NetworkError, problemCode } from './api.js';
import * as db from './db.js';
import * as sync from './sync.js';

const $ = (id) => document.getElementById(id);
const main = $('main');
const enc = encodeURIComponent;
const batchHref = (id) => '#/b/' + enc(id);
const offlineNow = () => navigator.onLine === false;
let me = readIdentity();
let screenToken = 0;
let notice = '';

// ---------- helpers ----------

/** h('p.note', attrs, ...children): an element with classes after the dots; on* attributes are listeners. */
function h(tag, attrs, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name);
  if (classes.length) el.className = classes.join(' ');
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'value') el.value = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const c of children.flat(9)) if (c != null && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

const dateIn = (instant) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(instant);
const today = () => dateIn(new Date());

function addDays(iso, days) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const isoSeconds = (date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** When an activity happened: now if it is dated today, else noon Việt Nam time of its day. */
const occurredAt = (date) => isoSeconds(date === today() ? new Date() : new Date(`${date}T12:00:00+07:00`));

const norm = (s) => (s || '').normalize('NFC').trim();
const cap = (s) => (s ? s.charAt(0).toLocaleUpperCase('vi') + s.slice(1) : '');
const batchTitle = (b) => cap(b.crop) + (b.variety ? ` — ${b.variety}` : '');
const statusOf = (b) => String(b?.status || '').toLowerCase();
const statusLabel = (s) => (has('status.' + s) ? t('status.' + s) : s);
const joined = (...parts) => parts.filter(Boolean).join(' · ');

function toast(text) {
  const el = $('toast');
  el.textContent = text;
  el.classList.add('show');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => el.classList.remove('show'), 3500);
}

/** An in-page question (a modal <dialog>): resolves true for yes. The safe answer has the focus. */
function confirmDialog(text, yes, no) {
  const dialog = $('confirm');
  $('confirm-text').textContent = text;
  $('confirm-yes').textContent = yes;
  $('confirm-no').textContent = no;
  return new Promise((resolve) => {
    const done = (answer) => {
      $('confirm-yes').onclick = $('confirm-no').onclick = dialog.oncancel = null;
      if (dialog.open) dialog.close();
      resolve(answer);
    };
    $('confirm-yes').onclick = () => done(true);
    $('confirm-no').onclick = () => done(false);
    dialog.oncancel = (e) => { e.preventDefault(); done(false); };
    dialog.showModal();
    $('confirm-no').focus();
  });
}

function readIdentity() {
  try {
    return JSON.parse(localStorage.getItem('agri.identity'));
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

/** A labelled form field with its hint and the place of its error, tied together for screen readers. */
function field(name, label, control, hint) {
  control.id = 'f-' + name;
  control.name = name;
  control.setAttribute('aria-describedby', (hint ? `f-${name}-hint ` : '') + `f-${name}-error`);
  return h('div.field', { 'data-field': name },
    h('label', { for: control.id }, label),
    hint && h('p.hint', { id: `f-${name}-hint` }, hint),
    control,
    h('p.error', { id: `f-${name}-error`, hidden: true }));
}

function fieldError(form, name, message) {
  const wrap = form.querySelector(`[data-field="${name}"]`);
  if (!wrap) return false;
  const error = wrap.querySelector('.error');
  error.textContent = message;
  error.hidden = !message;
  const control = wrap.querySelector('input, select, textarea');
  if (message) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
  return true;
}

function formAlert(form, text) {
  let alert = form.querySelector('.alert');
  if (!alert) form.prepend(alert = h('p.alert', { role: 'alert' }));
  alert.textContent = text;
  alert.hidden = !text;
}

function clearErrors(form) {
  for (const wrap of form.querySelectorAll('[data-field]')) fieldError(form, wrap.dataset.field, '');
  formAlert(form, '');
}

const focusFirstError = (form) => form.querySelector('[aria-invalid]')?.focus();
const input = (attrs) => h('input', { type: 'text', autocomplete: 'off', ...attrs });
const select = (values, selected, label = (v) => v) =>
  h('select', {}, values.map((v) => h('option', { value: v, selected: v === selected }, label(v))));
const dateInput = (value) => h('input', { type: 'date', value: value || today(), max: addDays(today(), 1), required: true });

/** A field date: present, valid, at most tomorrow (the server allows one day ahead). */
function dateError(value) {
  if (!value) return t('required');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value < '1900') return t('badDate');
  return value > addDays(today(), 1) ? t('future') : '';
}

function positive(text) {
  const n = Number(String(text || '').replace(',', '.'));
  return n > 0 && Number.isFinite(n) ? n : null;
}

// ---------- header: language, household, sync ----------

function renderHeader() {
  document.documentElement.lang = getLang();
  document.title = t('appName');
  $('brand').textContent = me?.householdName || t('appName');
  $('lang').textContent = t('switchLang');
  $('lang').lang = getLang() === 'vi' ? 'en' : 'vi';
  document.querySelector('.skip').textContent = t('skip');
  $('sync').hidden = !me;
  renderSync();
}

function renderSync() {
  const { status, pending, rejected } = sync.state;
  const offline = offlineNow() || status === 'offline';
  document.body.classList.toggle('is-offline', offlineNow());
  $('pending-count').textContent = pendingText(pending + rejected);
  const state = $('sync-state');
  state.textContent = status === 'syncing' ? t('syncing') : offline ? t('offline') : status === 'failed' ? t('syncFailed') : '';
  state.className = 'sync-state ' + (status === 'syncing' ? 'busy' : 'warn');
  $('rejected-note').hidden = !rejected;
  $('rejected-note').textContent = rejected ? t('rejectedN', { n: rejected }) : '';
  const button = $('sync-now');
  button.textContent = t('syncNow');
  button.disabled = status === 'syncing';
}

$('lang').addEventListener('click', () => {
  setLang(getLang() === 'vi' ? 'en' : 'vi');
  renderHeader();
  render();
});

$('sync-now').addEventListener('click', () => (offlineNow() ? toast(t('offline')) : sync.syncNow()));

sync.configure({
  identity: () => me,
  changed: renderSync,
  sessionLost: () => sessionLost(),
  synced: () => (['batches', 'batch'].includes(parseRoute().name) ? render() : refreshBatches().catch(() => {})),
});

addEventListener('online', () => {
  renderSync();
  sync.syncNow();
});
addEventListener('offline', renderSync);
// While entries wait: every minute, and whenever the app comes back to the screen.
const syncIfWaiting = () => me && sync.state.pending && sync.syncNow();
setInterval(syncIfWaiting, 60_000);
document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && syncIfWaiting());

// ---------- session ----------

/** Who the server says we are: 'ok', 'signed-out', 'not-household', or 'offline'/'unreachable' (no answer). */
async function loadSession() {
  let answer;
  try {
    answer = await api('GET', '/api/v1/sessions/current');
  } catch (e) {
    if (e instanceof NetworkError) return me ? 'offline' : 'unreachable';
    throw e;
  }
  const who = answer.body;
  if (answer.status === 200 && who) {
    if (String(who.role).toLowerCase() !== 'household' || !who.householdId) {
      await api('DELETE', '/api/v1/sessions/current').catch(() => {});
      saveIdentity(null);
      return 'not-household';
    }
    saveIdentity(who);
    return 'ok';
  }
  if (answer.status === 401 || answer.status === 403) {
    saveIdentity(null);
    return 'signed-out';
  }
  return me ? 'offline' : 'unreachable';
}

/** Signs in with {signInCode} or {key}: '' when signed in, else what to tell the household. */
async function signIn(body, refused) {
  let answer;
  try {
    answer = await api('POST', '/api/v1/sessions', body);
  } catch (e) {
    if (e instanceof NetworkError) return t('needNetworkSignIn');
    throw e;
  }
  if ([400, 401, 404].includes(answer.status)) return refused;
  if (!answer.ok) return t('serverError');
  const state = await loadSession();
  return state === 'ok' ? '' : state === 'not-household' ? t('notHousehold') : state === 'signed-out' ? refused : t('needNetworkSignIn');
}

async function afterSignIn() {
  notice = '';
  signInScreen.code = '';
  await sync.refreshCounts();
  renderHeader();
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
  if (waiting && !(await confirmDialog(t('signOutPending', { n: waiting }), t('signOut'), t('stay')))) return;
  let answer;
  try {
    answer = await api('DELETE', '/api/v1/sessions/current');
  } catch (e) {
    if (e instanceof NetworkError) return toast(t('signOutOffline'));
    throw e;
  }
  if (!answer.ok && answer.status !== 401) return toast(t('serverError'));
  // The household's cached views go; its unsynced entries stay on the phone for its next sign-in.
  for (const entry of await db.entries(me.householdId)) if (entry.status === 'synced') await db.deleteEntry(entry.id);
  await db.kvClear(me.householdId + ':');
  saveIdentity(null);
  notice = t('signedOut');
  history.replaceState(null, '', '/app/');
  renderHeader();
  render();
}

const codeInHash = () => /(?:^#|&)code=([^&]+)/.exec(location.hash)?.[1];

/** The sign-in card's QR code opens /app/#code=…: sign in with it, then take it out of the address. */
async function signInFromHash() {
  const code = decodeURIComponent(codeInHash()).trim().toUpperCase();
  history.replaceState(null, '', '/app/');
  signInScreen.code = code;
  ++screenToken;
  main.replaceChildren(h('p.busy', {}, t('signingIn')));
  const error = await signIn({ signInCode: code }, t('codeRefused'));
  if (!error) return afterSignIn();
  // The code did not work: an earlier session of this phone (if any) goes on, else the form says why.
  if (error !== t('needNetworkSignIn')) await loadSession();
  if (me) toast(error);
  else notice = error;
  await sync.refreshCounts();
  renderHeader();
  render();
}

// ---------- routing: #/  #/new  #/b/{id}  #/b/{id}/add/{form}  #/b/{id}/edit/{entry} ----------

function parseRoute() {
  if (!me) return { name: 'signIn' };
  const [first, batchId, action, arg] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (first === 'new') return { name: 'newBatch' };
  if (first !== 'b' || !batchId) return { name: 'batches' };
  if (action === 'add' && arg) return { name: 'record', batchId, form: arg };
  if (action === 'edit' && arg) return { name: 'record', batchId, entryId: Number(arg) };
  return { name: 'batch', batchId };
}

async function render() {
  const token = ++screenToken;
  const route = parseRoute();
  const screens = { signIn: signInScreen, batches: batchesScreen, newBatch: newBatchScreen, batch: batchScreen, record: recordScreen };
  try {
    const view = await screens[route.name](route, () => token === screenToken);
    if (token !== screenToken || !view) return;
    main.replaceChildren(view);
    if (render.focus) main.querySelector('h1').focus();
  } catch (e) {
    console.error(e);
    if (token === screenToken) main.replaceChildren(h('p.alert', { role: 'alert' }, String(e?.message)));
  }
}

addEventListener('hashchange', () => {
  if (codeInHash()) return signInFromHash();
  render.focus = true;
  render();
});

const heading = (text) => h('h1', { tabindex: '-1' }, text);
const back = (href) => h('a.back', { href }, '‹ ', t('back'));
const screen = (...children) => h('section', {}, ...children);

// ---------- sign-in ----------

function signInScreen() {
  const status = h('p.alert', { role: 'alert', hidden: !notice }, notice);
  status.classList.toggle('info', notice === t('signedOut'));
  const busy = h('p.busy', { 'aria-live': 'polite' });
  const form = (name, label, control, hint, button, buttonClass, body, refused) => {
    const el = h('form', {
      novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        const value = control.value.trim();
        fieldError(el, name, value ? '' : t('required'));
        if (!value) return;
        for (const b of el.querySelectorAll('button')) b.disabled = true;
        busy.textContent = t('signingIn');
        const error = await signIn(body(value), refused);
        busy.textContent = '';
        for (const b of el.querySelectorAll('button')) b.disabled = false;
        if (!error) return afterSignIn();
        status.textContent = error;
        status.hidden = false;
        status.classList.remove('info');
      },
    }, field(name, label, control, hint), h('button.' + buttonClass, { type: 'submit' }, button));
    return el;
  };
  const code = input({ autocomplete: 'one-time-code', autocapitalize: 'characters', spellcheck: 'false', value: signInScreen.code });
  const apiKey = input({ type: 'password', spellcheck: 'false' });
  return screen(
    heading(t('signIn')),
    h('p', {}, t('signInIntro')),
    status, busy,
    h('div.card', {}, h('h2', {}, t('enterCode')),
      form('code', t('codeLabel'), code, t('codeHint'), t('signIn'), 'primary', (v) => ({ signInCode: v.toUpperCase() }), t('codeRefused'))),
    h('details.card', {}, h('summary', {}, t('enterKey')),
      form('key', t('keyLabel'), apiKey, t('keyHint'), t('signInWithKey'), 'secondary', (v) => ({ key: v }), t('keyRefused'))));
}

// ---------- the server's answers, cached ----------

/** GET path, kept under `name` for offline use: {data, offline} (data may be the cached copy), or {gone} after a 401. */
async function loadCached(name, path, isCurrent) {
  const cached = await db.kvGet(key(name));
  try {
    const answer = await api('GET', path);
    if (answer.status === 200) {
      await db.kvSet(key(name), answer.body);
      return { data: answer.body };
    }
    if (answer.status === 401) {
      if (isCurrent()) sessionLost();
      return { gone: true };
    }
    if (answer.status === 404) return { missing: true };
  } catch (e) {
    if (!(e instanceof NetworkError)) throw e;
  }
  return { data: cached, offline: true };
}

const batchesPath = () => `/api/v1/households/${me.householdId}/batches`;

async function refreshBatches() {
  if (!me || offlineNow()) return;
  const answer = await api('GET', batchesPath());
  if (answer.status === 200) await db.kvSet(key('batches'), answer.body);
}

const cachedBatch = async (id) => (await db.kvGet(key('batches')))?.items?.find((b) => b.id === id) || null;

/**
 * Keeps the inputs catalogue on the phone, so spraying can be recorded in a field without signal. Once it and the
 * service worker's copy of the app are in place, <html data-offline-ready="true"> says the phone may go offline.
 */
async function prefetch() {
  if (!me || offlineNow()) return;
  const kinds = await Promise.all(['pesticide', 'fertilizer'].map((kind) =>
    loadCached('inputs:' + kind, `/api/v1/inputs?kind=${kind}`, () => false).catch(() => ({ offline: true }))));
  if (kinds.some((k) => k.offline || !k.data)) return;
  if ('serviceWorker' in navigator) await navigator.serviceWorker.ready;
  document.documentElement.dataset.offlineReady = 'true';
}

const catalogue = async (kind, isCurrent) => (await loadCached('inputs:' + kind, `/api/v1/inputs?kind=${kind}`, isCurrent)).data?.items || [];

// ---------- batches ----------

const harvestNote = (b) => b.harvestAllowedFrom && h('p.phi', {}, t('harvestFrom', { date: formatDate(b.harvestAllowedFrom, true) }));

async function batchesScreen(route, isCurrent) {
  const [{ data, offline, gone }, entries] = await Promise.all([loadCached('batches', batchesPath(), isCurrent), db.entries(me.householdId)]);
  if (gone) return null;
  const items = data?.items || [];
  const waiting = (id) => entries.filter((e) => e.batchId === id && e.status !== 'synced').length;
  return screen(
    heading(t('myBatches')),
    offline && h('p.note', {}, t('offlineData')),
    h('a.button.primary', { href: '#/new' }, '+ ', t('newBatch')),
    items.length ? h('ul.cards', {}, items.map((b) => h('li', {},
      h('a.card.batch', { href: batchHref(b.id), 'data-testid': 'batch', 'data-batch-id': b.id },
        h('h2', {}, batchTitle(b)),
        h('p.muted', {}, joined(b.growingAreaName, b.season)),
        h('p', {}, h(`span.badge.s-${statusOf(b)}`, {}, statusLabel(statusOf(b))),
          b.harvestedKg ? h('span.muted', {}, ' ', t('harvested', { kg: formatNumber(b.harvestedKg) })) : null),
        harvestNote(b),
        waiting(b.id) ? h('p.unsynced', {}, pendingText(waiting(b.id))) : null))))
      : h('p.empty', {}, t('noBatches')),
    h('div.footer', {}, h('button.secondary', { type: 'button', 'data-testid': 'sign-out', onclick: signOut }, t('signOut'))));
}

// ---------- start a batch (online only) ----------

async function newBatchScreen(route, isCurrent) {
  const { data, gone } = await loadCached('areas', `/api/v1/households/${me.householdId}/growing-areas`, isCurrent);
  if (gone) return null;
  const areas = data?.items || [];
  if (!areas.length) return screen(back('#/'), heading(t('newBatch')), h('p.empty', {}, offlineNow() ? t('needNetworkBatch') : t('noAreas')));
  const area = select(['', ...areas.map((a) => a.id)], areas.length === 1 ? areas[0].id : '',
    (id) => (id ? joined(...['name', 'areaCode'].map((k) => areas.find((a) => a.id === id)[k])) : t('chooseArea')));
  const chosen = () => areas.find((a) => a.id === area.value);
  const crop = input({ maxlength: '100', value: chosen()?.crop });
  const variety = input({ maxlength: '100' });
  const season = input({ maxlength: '50', value: t('seasonDefault', { year: today().slice(0, 4) }) });
  area.addEventListener('change', () => (crop.value = chosen()?.crop || crop.value));
  const form = h('form.card', { novalidate: true, onsubmit: (e) => { e.preventDefault(); submit(); } },
    h('p.alert.offline-only', {}, t('needNetworkBatch')),
    field('growingAreaId', t('growingArea'), area),
    field('crop', t('crop'), crop),
    field('variety', t('variety'), variety),
    field('season', t('season'), season),
    h('div.row', {},
      h('button.primary.needs-network', { type: 'submit' }, t('start')),
      h('a.button.secondary', { href: '#/' }, t('cancel'))));

  async function submit() {
    clearErrors(form);
    const missing = [['growingAreaId', area.value], ['crop', norm(crop.value)]].filter(([name, value]) => !value && fieldError(form, name, t('required')));
    if (missing.length) return focusFirstError(form);
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const answer = await api('POST', '/api/v1/batches',
        { growingAreaId: area.value, crop: norm(crop.value), variety: norm(variety.value) || undefined, season: norm(season.value) || undefined });
      const batch = answer.body;
      if (answer.status === 201 && batch?.id) {
        await refreshBatches().catch(() => {});
        const list = (await db.kvGet(key('batches'))) || { items: [] };
        if (!list.items.some((b) => b.id === batch.id)) {
          list.items.unshift({ ...batch, growingAreaName: chosen()?.name });
          await db.kvSet(key('batches'), list);
        }
        location.hash = batchHref(batch.id);
      } else if (answer.status === 400 && batch?.errors) {
        for (const [name, messages] of Object.entries(batch.errors)) {
          const text = messages.map(validationText).join(' ');
          if (!fieldError(form, name, text)) formAlert(form, text);
        }
        focusFirstError(form);
      } else if (answer.status === 401) {
        sessionLost();
      } else {
        formAlert(form, batch?.detail || batch?.title || t('serverError'));
      }
    } catch (e) {
      if (!(e instanceof NetworkError)) throw e;
      formAlert(form, t('needNetworkBatch'));
    } finally {
      button.disabled = false;
    }
  }
  return screen(back('#/'), heading(t('newBatch')), form);
}

// ---------- a batch's diary ----------

const entryDate = (s) => s.plantedOn || s.appliedOn || s.harvestedOn || (s.occurredAt ? dateIn(new Date(s.occurredAt)) : '');

function stepTitle(s) {
  if (s.type === 'planting' || s.type === 'harvest') return t('type.' + s.type);
  if (s.type === 'input') return t('kind.' + (s.kind || 'other'));
  return has('act.' + s.kind) ? t('act.' + s.kind) : t('act.other');
}

function stepDetails(s) {
  const pesticide = s.kind === 'pesticide' && s.preHarvestIntervalDays != null;
  return joined(
    s.type === 'planting' && s.seedSource && t('seed', { v: s.seedSource }),
    s.type === 'input' && [s.productName, s.activeIngredient && `(${s.activeIngredient})`].filter(Boolean).join(' '),
    s.type === 'input' && s.dose != null && `${formatNumber(s.dose)} ${s.unit || ''}`,
    pesticide && t('phiShort', {
      n: s.preHarvestIntervalDays,
      date: formatDate(s.safeHarvestFrom || addDays(s.appliedOn || s.date, s.preHarvestIntervalDays)),
    }),
    s.type === 'harvest' && s.quantityKg != null && `${formatNumber(s.quantityKg)} kg`,
    s.notes);
}

/** Why the server refused an entry, in the reader's language (its own words when we have none). */
function reasonText(problem) {
  const code = problemCode(problem);
  const data = { ...problem?.data };
  for (const name of ['appliedOn', 'harvestedOn', 'firstAllowedHarvestOn', 'plantedOn', 'date']) if (data[name]) data[name] = formatDate(data[name]);
  const fields = Object.entries(problem?.errors || {}).map(([name, messages]) => {
    const short = name.replace(/^steps\[\d+\]\.?/, '');
    return `${has('f.' + short) ? t('f.' + short) : short}: ${messages.map(validationText).join(' ')}`;
  });
  if (fields.length) return fields.join(' ');
  return has('p.' + code) ? t('p.' + code, data) : t('p.unknown', { detail: problem?.detail || problem?.title || '' });
}

async function batchScreen(route, isCurrent) {
  const id = route.batchId;
  const [{ data, offline, gone, missing }] = await Promise.all([
    loadCached('timeline:' + id, `/api/v1/batches/${enc(id)}/timeline`, isCurrent),
    refreshBatches().catch(() => {}),
  ]);
  if (gone) return null;
  const batch = await cachedBatch(id);
  const local = (await db.entries(me.householdId)).filter((e) => e.batchId === id);
  const steps = data?.steps || [];
  const onServer = new Set(steps.map((s) => s.clientStepId).filter(Boolean));
  // A synced entry that the server's diary now shows is no longer needed on the phone.
  if (data && !offline) for (const e of local) if (e.status === 'synced' && onServer.has(e.step.clientStepId)) await db.deleteEntry(e.id);
  const mine = new Map(local.map((e) => [e.step.clientStepId, e]));
  const rows = steps.map((s, i) => {
    const entry = mine.get(s.clientStepId);
    return { date: s.date || entryDate(s), order: i, step: s, status: entry && entry.status !== 'synced' ? entry.status : 'synced', entry };
  });
  for (const e of local) if (!onServer.has(e.step.clientStepId)) rows.push({ date: entryDate(e.step), order: 1e6 + e.id, step: e.step, status: e.status, entry: e });
  rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order));

  const status = statusOf(batch);
  const forms = ['planting', 'fertilizer', 'pesticide', 'irrigation', 'activity', 'harvest'].filter((f) => f !== 'planting' || !batch || status === 'started');
  const open = status !== 'closed';
  return screen(
    back('#/'),
    heading(batch ? batchTitle(batch) : t('timeline')),
    batch && [
      h('p.muted', {}, joined(batch.growingAreaName, batch.season)),
      h('p', {}, h(`span.badge.s-${status}`, {}, statusLabel(status))),
      harvestNote(batch)],
    missing && !batch && h('p.alert', {}, t('unknownBatch')),
    open && [h('h2', {}, t('record')), h('div.grid', {}, forms.map((f) => h('a.button.tile', { href: `${batchHref(id)}/add/${f}` }, t('type.' + f))))],
    h('h2', {}, t('timeline')),
    offline && h('p.note', {}, data ? t('offlineData') : t('timelineOffline')),
    rows.length ? h('ol.timeline', {}, rows.map(entryRow)) : h('p.empty', {}, t('noSteps')));
}

function entryRow({ date, step, status, entry }) {
  const id = `e-${entry ? entry.id : step.stepId}`;
  const refused = status === 'rejected';
  return h(`li.entry.${status}`, { 'data-testid': 'entry', 'data-status': status, 'data-client-step-id': step.clientStepId, 'data-type': step.type },
    h('div.entry-head', {}, h('strong', { id }, stepTitle(step)), h(`span.badge.e-${status}`, {}, t('entry.' + status))),
    h('p.date', {}, formatDate(date)),
    h('p', {}, stepDetails(step)),
    refused && [
      h('p.reason', { 'data-testid': 'reason' }, reasonText(entry.problem)),
      h('div.row', {},
        h('a.button.secondary', { href: `${batchHref(entry.batchId)}/edit/${entry.id}`, 'aria-describedby': id }, t('edit')),
        h('button.danger', { type: 'button', 'aria-describedby': id, onclick: () => discard(entry) }, t('discard')))]);
}

async function discard(entry) {
  if (!(await confirmDialog(t('discardAsk'), t('discardYes'), t('keep')))) return;
  await db.deleteEntry(entry.id);
  await sync.refreshCounts();
  toast(t('discarded'));
  render();
}

// ---------- record an entry: saved on the phone first, then synced ----------

const UNITS = { fertilizer: ['kg', 'g', 'lít', 'ml', 'bao'], pesticide: ['ml', 'lít', 'g', 'kg', 'gói', 'bình'] };
const HARVEST_UNITS = { kg: 1, 'tạ': 100, 'tấn': 1000 };
const ACTIVITIES = ['pruning', 'weeding', 'observation', 'other'];

async function recordScreen(route, isCurrent) {
  const editing = route.entryId ? await db.getEntry(route.entryId) : null;
  const form = editing ? editing.form : route.form;
  const batchPage = batchHref(route.batchId);
  if ((route.entryId && editing?.householdId !== me.householdId) || !has('type.' + form)) {
    location.hash = batchPage;
    return null;
  }
  const batch = await cachedBatch(route.batchId);
  const v = editing?.input || {};
  const el = h('form.card', { novalidate: true });
  const c = {};
  const add = (...fields) => {
    const made = fields.map(([name, label, control, hint]) => field(name, label, (c[name] = control), hint));
    el.append(made.length > 1 ? h('div.pair', {}, made) : made[0]);
  };
  const amount = (units) => add(['dose', t('dose'), input({ inputmode: 'decimal', value: v.dose })], ['unit', t('unit'), select(units, v.unit || units[0])]);
  let build;

  if (form === 'planting') {
    add(['date', t('plantedOn'), dateInput(v.date)]);
    add(['seedSource', t('seedSource'), input({ maxlength: '200', value: v.seedSource })]);
    build = (x) => ({ type: 'planting', plantedOn: x.date, seedSource: norm(x.seedSource) || undefined });
  } else if (form === 'fertilizer') {
    const items = await catalogue('fertilizer', isCurrent);
    el.append(h('datalist', { id: 'fertilizers' }, items.map((i) => h('option', { value: i.productName }))));
    add(['productName', t('fertilizerName'), input({ list: 'fertilizers', maxlength: '200', value: v.productName })]);
    amount(UNITS.fertilizer);
    add(['date', t('appliedOnFert'), dateInput(v.date)]);
    build = (x) => ({ type: 'input', kind: 'fertilizer', productName: norm(x.productName), dose: positive(x.dose), unit: x.unit, appliedOn: x.date });
  } else if (form === 'pesticide') {
    // Picking a product of the catalogue fills its active ingredient and pre-harvest interval; "other" is typed by hand.
    const crop = norm(batch?.crop).toLowerCase();
    const fits = (i) => (i.crops || []).some((x) => norm(x).toLowerCase() === crop);
    const items = (await catalogue('pesticide', isCurrent)).sort((a, b) => fits(b) - fits(a));
    const label = (id) => {
      const i = items.find((x) => x.id === id);
      return i ? i.productName + (i.activeIngredient ? ` (${i.activeIngredient})` : '') : t(id ? 'otherPesticide' : 'choosePesticide');
    };
    add(['product', t('pesticide'), select(['', ...items.map((i) => i.id), 'other'], v.product ?? (items.length ? '' : 'other'), label)]);
    add(['productName', t('productName'), input({ maxlength: '200', value: v.productName })]);
    add(['activeIngredient', t('activeIngredient'), input({ maxlength: '200', value: v.activeIngredient })]);
    add(['phi', t('phiDays'), input({ inputmode: 'numeric', value: v.phi })]);
    amount(UNITS.pesticide);
    add(['date', t('appliedOnSpray'), dateInput(v.date)]);
    const info = h('p.phi', { 'aria-live': 'polite', 'data-testid': 'phi-info' });
    el.append(info);
    const nameField = c.productName.parentElement;
    const showInfo = () => {
      const days = c.phi.value.trim();
      info.textContent = /^\d+$/.test(days) && c.date.value ? t('phiInfo', { n: days, date: formatDate(addDays(c.date.value, Number(days))) }) : '';
      nameField.hidden = c.product.value !== 'other';
    };
    c.product.addEventListener('change', () => {
      const chosen = items.find((i) => i.id === c.product.value);
      c.productName.value = chosen ? chosen.productName : '';
      if (chosen) {
        c.activeIngredient.value = chosen.activeIngredient || '';
        c.phi.value = chosen.preHarvestIntervalDays ?? '';
        const unit = chosen.defaultUnit;
        if (unit && ![...c.unit.options].some((o) => o.value === unit)) c.unit.append(h('option', { value: unit }, unit));
        if (unit) c.unit.value = unit;
      }
      showInfo();
    });
    c.phi.addEventListener('input', showInfo);
    c.date.addEventListener('input', showInfo);
    showInfo();
    build = (x) => ({
      type: 'input', kind: 'pesticide', productName: norm(x.productName), activeIngredient: norm(x.activeIngredient) || undefined,
      dose: positive(x.dose), unit: x.unit, appliedOn: x.date, preHarvestIntervalDays: Number(x.phi),
    });
  } else if (form === 'harvest') {
    add(['date', t('harvestedOn'), dateInput(v.date)]);
    add(['quantity', t('quantity'), input({ inputmode: 'decimal', value: v.quantity })], ['qunit', t('unit'), select(Object.keys(HARVEST_UNITS), v.qunit)]);
    build = (x) => ({ type: 'harvest', harvestedOn: x.date, quantityKg: Math.round(positive(x.quantity) * HARVEST_UNITS[x.qunit] * 1000) / 1000 });
  } else {
    if (form === 'activity') add(['kind', t('activityKind'), select(ACTIVITIES, v.kind, (k) => t('act.' + k))]);
    add(['date', t('date'), dateInput(v.date)]);
    add(['notes', t('notes'), h('textarea', { rows: '3', maxlength: '2000' }, v.notes)]);
    build = (x) => ({ type: 'activity', kind: form === 'irrigation' ? 'irrigation' : x.kind, occurredAt: occurredAt(x.date), notes: norm(x.notes) || undefined });
  }

  if (editing?.problem) el.prepend(h('p.reason', {}, reasonText(editing.problem)));
  el.append(h('div.row', {}, h('button.primary', { type: 'submit' }, t('save')), h('a.button.secondary', { href: batchPage }, t('cancel'))));

  el.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(el);
    const x = Object.fromEntries(Object.entries(c).map(([name, control]) => [name, control.value.trim()]));
    const errors = {
      date: dateError(x.date),
      product: form === 'pesticide' && !x.product && t('required'),
      productName: ['fertilizer', 'pesticide'].includes(form) && !norm(x.productName) && t('required'),
      dose: 'dose' in c && !positive(x.dose) && t(x.dose ? 'positive' : 'required'),
      quantity: 'quantity' in c && !positive(x.quantity) && t(x.quantity ? 'positive' : 'required'),
      phi: form === 'pesticide' && !(/^\d+$/.test(x.phi) && x.phi <= 365) && t(x.phi ? 'wholeDays' : 'required'),
    };
    for (const [name, message] of Object.entries(errors)) if (message) fieldError(el, name, message);
    if (Object.values(errors).some(Boolean)) return focusFirstError(el);

    // Saved on the phone first, always, with its own client step id; a corrected entry is a new entry.
    const step = JSON.parse(JSON.stringify({ ...build(x), clientStepId: crypto.randomUUID() }));
    const entry = { householdId: me.householdId, batchId: route.batchId, form, step, input: x, status: 'pending', problem: null, createdAt: isoSeconds(new Date()) };
    await (editing ? db.replaceEntry(editing.id, entry) : db.addEntry(entry));
    await sync.refreshCounts();
    toast(t('savedLocally'));
    location.hash = batchPage;
    sync.syncNow();
  });

  return screen(back(batchPage), heading(t('type.' + form)), batch && h('p.muted', {}, joined(batchTitle(batch), batch.growingAreaName)), el);
}

// ---------- start ----------

async function start() {
  setLang(getLang());
  navigator.serviceWorker?.register('/app/sw.js', { scope: '/app/' }).catch(() => {});
  renderHeader();
  if (codeInHash()) return signInFromHash();
  const state = await loadSession();
  notice = state === 'unreachable' ? t('needNetworkSignIn') : state === 'not-household' ? t('notHousehold') : '';
  await sync.refreshCounts();
  renderHeader();
  await render();
  if (me) sync.syncNow();
  prefetch();
}

start();
