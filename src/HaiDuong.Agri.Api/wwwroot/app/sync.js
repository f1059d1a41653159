// Sends the outbox to the server: one sync at a time (a Web Lock across tabs, a promise within one), every pending
// entry of a batch in one steps:bulk in the order entered. An entry leaves `pending` only on the server's word:
// applied or duplicate → synced; rejected → kept, with the server's problem. A lost answer leaves entries pending, and
// the next sync sends the same clientStepIds, which the server answers as duplicates: nothing is recorded twice.
import { api, NetworkError } from './api.js';
import * as db from './db.js';

const RETRY_SECONDS = [5, 15, 30, 60];

export const state = { status: 'idle', pending: 0, rejected: 0 };

let hooks = { identity: () => null, changed: () => {}, sessionLost: () => {} };
let running = null;
let again = false;
let failures = 0;
let retryTimer = 0;

export function configure(value) {
  hooks = { ...hooks, ...value };
}

function set(status) {
  state.status = status;
  hooks.changed();
}

/** Recounts the outbox of the signed-in household (also after saves and discards). */
export async function refreshCounts() {
  const who = hooks.identity();
  const all = who ? await db.entries(who.householdId) : [];
  state.pending = all.filter((e) => e.status === 'pending').length;
  state.rejected = all.filter((e) => e.status === 'rejected').length;
  hooks.changed();
}

function retryLater() {
  clearTimeout(retryTimer);
  const seconds = RETRY_SECONDS[Math.min(failures, RETRY_SECONDS.length - 1)];
  failures++;
  retryTimer = setTimeout(() => syncNow(), seconds * 1000);
}

/** Starts a sync, or joins the one running (and runs once more after it, for entries saved meanwhile). */
export function syncNow() {
  if (running) {
    again = true;
    return running;
  }
  clearTimeout(retryTimer);
  running = (async () => {
    try {
      const exclusive = navigator.locks ? (f) => navigator.locks.request('agri-sync', f) : (f) => f();
      await exclusive(runOnce);
    } catch (e) {
      console.error('sync failed', e);
      set('failed');
      retryLater();
    } finally {
      running = null;
      await refreshCounts().catch(() => {});
      if (again) {
        again = false;
        syncNow();
      }
    }
  })();
  return running;
}

async function runOnce() {
  const who = hooks.identity();
  if (!who) return;
  const pending = (await db.entries(who.householdId)).filter((e) => e.status === 'pending');
  if (pending.length === 0) {
    failures = 0;
    set(navigator.onLine === false ? 'offline' : 'idle');
    return;
  }
  if (navigator.onLine === false) {
    set('offline');
    return;
  }
  set('syncing');
  const byBatch = new Map();
  for (const entry of pending) {
    if (!byBatch.has(entry.batchId)) byBatch.set(entry.batchId, []);
    byBatch.get(entry.batchId).push(entry);
  }
  for (const [batchId, list] of byBatch) {
    let answer;
    try {
      answer = await api('POST', `/api/v1/batches/${encodeURIComponent(batchId)}/steps:bulk`, { steps: list.map((e) => e.step) });
    } catch (e) {
      if (!(e instanceof NetworkError)) throw e;
      set(navigator.onLine === false ? 'offline' : 'failed');
      retryLater();
      return;
    }
    if (answer.status === 200 && answer.body && Array.isArray(answer.body.results)) {
      await applyResults(list, answer.body);
    } else if (answer.status === 401 || answer.status === 403) {
      set('idle');
      hooks.sessionLost();
      return;
    } else if (answer.status === 404) {
      const problem = { type: 'urn:haiduong-agri:problem:not-found', title: (answer.body && answer.body.title) || 'Not found' };
      await db.updateEntries(list.map((e) => ({ id: e.id, status: 'rejected', problem })));
    } else if (answer.status === 400 || answer.status === 422) {
      await rejectWhole(list, answer.body || {});
    } else {
      // 409 / 412 / 429 / 5xx: nothing was stored for certain; the same request later is safe.
      set('failed');
      retryLater();
      return;
    }
  }
  failures = 0;
  set('idle');
  hooks.synced?.();
}

async function applyResults(list, body) {
  const changes = [];
  for (const result of body.results) {
    const entry = list[result.index];
    if (!entry || (result.clientStepId && result.clientStepId !== entry.step.clientStepId)) continue;
    if (result.status === 'applied' || result.status === 'duplicate') {
      changes.push({ id: entry.id, status: 'synced', stepId: result.stepId, problem: null });
    } else if (result.status === 'rejected') {
      changes.push({ id: entry.id, status: 'rejected', problem: result.problem || {} });
    }
  }
  await db.updateEntries(changes);
}

/** A 400 for the whole request: each step's own errors (steps[i].field) go to that entry; the rest to all. */
async function rejectWhole(list, problem) {
  const errors = problem.errors || {};
  const changes = list.map((entry, i) => {
    const own = {};
    for (const [key, messages] of Object.entries(errors)) {
      const m = /^steps\[(\d+)\]\.?(.*)$/.exec(key);
      if (!m || Number(m[1]) === i) own[m ? m[2] || 'step' : key] = messages;
    }
    return { id: entry.id, status: 'rejected', problem: { ...problem, errors: own } };
  });
  await db.updateEntries(changes);
}
