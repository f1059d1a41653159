// IndexedDB on the phone: `entries` is the outbox of diary entries (kept in the order entered, each with its
// clientStepId and status pending | rejected | synced); `kv` caches what the server said (batches, areas, inputs, timelines).

let opened;

function open() {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open('agri-household', 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('entries', { keyPath: 'id', autoIncrement: true }).createIndex('household', 'householdId');
      db.createObjectStore('kv', { keyPath: 'k' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opened;
}

async function run(stores, mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(stores, mode);
    let result;
    Promise.resolve(work(tx, (r) => (result = r))).catch(reject);
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

const req = (request) => new Promise((resolve, reject) => {
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});

export const addEntry = (entry) =>
  run('entries', 'readwrite', async (tx, done) => done(await req(tx.objectStore('entries').add(entry))));

export const putEntry = (entry) => run('entries', 'readwrite', (tx) => { tx.objectStore('entries').put(entry); });

export const getEntry = (id) => run('entries', 'readonly', async (tx, done) => done(await req(tx.objectStore('entries').get(id))));

export const deleteEntry = (id) => run('entries', 'readwrite', (tx) => { tx.objectStore('entries').delete(id); });

/** Saves the corrected entry (new id, new clientStepId) and removes the refused one, in one transaction. */
export const replaceEntry = (oldId, entry) =>
  run('entries', 'readwrite', async (tx, done) => {
    const store = tx.objectStore('entries');
    store.delete(oldId);
    done(await req(store.add(entry)));
  });

/** Every entry of the household, in the order entered. */
export const entries = (householdId) =>
  run('entries', 'readonly', async (tx, done) => {
    const all = await req(tx.objectStore('entries').index('household').getAll(householdId));
    done(all.sort((a, b) => a.id - b.id));
  });

/** Applies changes to entries already stored (by id), skipping any removed meanwhile. */
export const updateEntries = (changes) =>
  run('entries', 'readwrite', async (tx) => {
    const store = tx.objectStore('entries');
    for (const change of changes) {
      const current = await req(store.get(change.id));
      if (current) store.put({ ...current, ...change });
    }
  });

export const kvGet = (k) => run('kv', 'readonly', async (tx, done) => done((await req(tx.objectStore('kv').get(k)))?.v));

export const kvSet = (k, v) => run('kv', 'readwrite', (tx) => { tx.objectStore('kv').put({ k, v }); });

/** Forgets every cached answer whose key starts with `prefix` (a household's data after sign-out). */
export const kvClear = (prefix) =>
  run('kv', 'readwrite', (tx) => { tx.objectStore('kv').delete(IDBKeyRange.bound(prefix, prefix + '\uffff')); });
