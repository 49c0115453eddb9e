// The status page: one EventSource (/api/stream) feeds everything; nothing here reloads the page.
// Every value that came from the network is set with textContent, never as HTML: file names are the phones' words.
'use strict';

const MAX_LOG = 2000;      // as many as the box keeps
const SHOWN_LOG = 400;     // rows drawn at once; the filter narrows the rest
const state = { phones: [], phonesAt: Date.now(), log: [], kinds: new Set(), help: null, csrf: null, admin: false, status: null, bundles: null };

const $ = (id) => document.getElementById(id);

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function pct(part, whole) {
  return whole > 0 ? Math.max(0, Math.min(100, Math.floor(part * 100 / whole))) : 0;
}

function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), r = s % 60;
  return (h ? h + ':' + String(m).padStart(2, '0') : m) + ':' + String(r).padStart(2, '0');
}

// ---- the box ----

function renderBox() {
  const st = state.status, b = state.bundles;
  if (!st) return;
  $('box-address').textContent = (st.address || '?') + ' on ' + (st.interface || '?') + ' — this page: ' + location.host;
  const dhcp = st.dhcp;
  const d = $('box-dhcp');
  d.textContent = '';
  if (dhcp) {
    d.append(el('span', dhcp.serving ? 'yes' : 'no', dhcp.serving ? 'serving' : 'refused'), ' — ' + dhcp.reason);
  } else {
    d.textContent = 'starting';
  }
  const s = $('box-stick');
  s.textContent = '';
  s.append(el('span', st.stickPresent ? 'yes' : 'no', st.stickPresent ? 'present' : 'none'), ' (' + st.usb + ')');
  // Whether the box can write its database: when it cannot, phones are still served, from memory.
  const store = st.storage, r = $('box-storage');
  r.textContent = '';
  if (store) {
    r.append(el('span', store.writable ? 'yes' : 'no', store.writable ? 'saved' : 'NOT SAVED'),
      store.writable ? '' : ' — ' + store.reason + (store.waiting ? ' (' + store.waiting + ' change(s) waiting)' : ''));
    if (store.setAside) r.append(' — an unusable database was set aside as ' + store.setAside);
  }
  const body = $('targets').tBodies[0];
  body.textContent = '';
  for (const t of st.targets || []) {
    const tr = el('tr');
    tr.append(el('td', null, t.model), el('td', null, t.load || '—'),
      el('td', t.complete ? 'yes' : 'no', t.complete ? 'complete' : 'NOT READY'), el('td', 'muted', t.why));
    body.append(tr);
  }
  if (!(st.targets || []).length) {
    const tr = el('tr');
    const td = el('td', 'muted', st.stickPresent ? 'no load for any model on the stick' : 'insert the stick');
    td.colSpan = 4;
    tr.append(td);
    body.append(tr);
  }
  const problems = $('problems');
  problems.textContent = '';
  for (const p of st.problems || []) problems.append(el('li', null, p));
  const list = $('bundles').querySelector('ul');
  list.textContent = '';
  for (const bundle of (b && b.bundles) || []) {
    const li = el('li');
    li.append(el('strong', null, bundle.source), ': ');
    if (bundle.refused) li.append(el('span', 'no', 'REFUSED: ' + bundle.refused));
    else li.append('ok' + (bundle.loads && bundle.loads.length ? ', loads: ' + bundle.loads.join(', ') : ''));
    for (const w of bundle.warnings || []) li.append(el('div', 'warn', w));
    list.append(li);
  }
  $('bundles').querySelector('summary').textContent = 'Bundles on the stick (' + ((b && b.bundles) || []).length + ')';
  renderToday();
  renderTargetForm();
}

// The day's summary, counted by the box (by its own clock): each phone seen today once, by where it stands.
function renderToday() {
  const t = state.status && state.status.today, p = $('today');
  if (!t) return;
  p.textContent = '';
  p.append(el('strong', null, 'Today (' + t.date + '):'), ' ',
    el('span', t.done ? 'yes' : 'muted', t.done + ' done'), ' · ', el('span', t.working ? 'busy' : 'muted', t.working + ' working'),
    ' · ', el('span', t.failed ? 'no' : 'muted', t.failed + ' failed'));
  p.dataset.done = t.done;
  p.dataset.working = t.working;
  p.dataset.failed = t.failed;
}

// ---- phones ----

function familyOf(model) {
  if (!state.help) return null;
  return state.help.families.find((f) => f.models.includes(model)) || state.help.families[state.help.families.length - 1];
}

/** The states of a phone that runs its target load (the bench step, then done). */
const ON_TARGET = ['ON_TARGET', 'REGISTERED', 'DONE'];
// States with a reason and advice: failed, or stuck where the phone cannot get on by itself.
const STUCK = ['FAILED', 'NO_FILES', 'CONFIG_IGNORED'];

function resetHelp(phone) {
  const f = familyOf(phone.model);
  const box = el('details', 'reset');
  const stuck = STUCK.includes(phone.state) || phone.idleSeconds > 90 && !ON_TARGET.includes(phone.state);
  box.open = stuck;
  box.append(el('summary', null, stuck ? 'Stuck? Factory reset it' : 'Not starting? Factory reset it'));
  if (f) {
    box.append(el('p', null, (phone.model ? 'Cisco ' + phone.model + ' (' + f.family + ')' : 'Model not known yet (' + f.family + ')') + ': ' + f.reset + '.'));
    if (f.erase) {
      const p = el('p', null, 'To also erase the trust list and settings, press ');
      p.append(el('span', 'keys', f.erase), ' instead.');
      box.append(p);
    }
    if (f.trustList) box.append(el('p', null, 'Trust list only: ' + f.trustList + '.'));
    if (f.alternateTftp) box.append(el('p', null, 'Asks this box for no file? ' + f.alternateTftp + '.'));
    box.append(el('p', 'muted', state.help.loops));
  }
  return box;
}

function bar(cls, name, part, whole) {
  const row = el('div', 'bar ' + cls);
  const p = el('progress');
  p.max = 100;
  p.value = pct(part, whole);
  row.append(el('span', 'name', name), p, el('span', 'pct', pct(part, whole) + '%'));
  return row;
}

function phoneCard(phone) {
  const card = el('article', 'phone s-' + phone.state);
  card.dataset.mac = phone.mac;
  card.dataset.state = phone.state;
  const top = el('div', 'top');
  const mac = el('span', 'mac', phone.mac);
  mac.title = 'show this phone\'s events';
  mac.addEventListener('click', () => { $('filter-mac').value = phone.mac; renderLog(); $('log').scrollIntoView(); });
  top.append(mac, el('span', 'label', phone.label), el('span', null, phone.model ? 'Cisco ' + phone.model : 'model not known yet'),
    el('span', 'state', stateText(phone)), el('span', 'muted', phone.ip || ''));
  // What its own page says it is: the inventory's serial number and hardware revision.
  if (phone.serialNumber) {
    top.append(el('span', 'serial', 'S/N ' + phone.serialNumber + (phone.hardwareRevision ? ', hw rev ' + phone.hardwareRevision : '')));
  }
  card.append(top);
  const loads = el('div', 'loads');
  loads.append((phone.currentLoad || 'load not known yet') + ' → ' + (phone.targetLoad || 'no target on the stick'));
  if (phone.nextStep && phone.targetLoad && phone.nextStep.toLowerCase() !== phone.targetLoad.toLowerCase()) {
    loads.append(el('span', 'muted', ' (via ' + phone.nextStep + ')'));
  }
  if (phone.missing) loads.append(el('div', 'no', 'Missing on the stick: ' + phone.missing));
  card.append(loads);
  const pr = phone.progress;
  if (pr && (phone.state === 'DOWNLOADING' || phone.state === 'REBOOTING')) {
    if (pr.file) card.append(bar('file', pr.file, pr.fileBytes, pr.fileTotal));
    card.append(bar('whole', 'whole flash: ' + pr.load, pr.loadBytes, pr.loadTotal));
  }
  if (phone.elapsedSeconds !== null && phone.elapsedSeconds !== undefined) {
    const t = el('div', 'muted elapsed');
    t.dataset.base = phone.elapsedSeconds;
    card.append(t);
  }
  if (STUCK.includes(phone.state)) {
    card.append(el('p', 'failure', (phone.state === 'FAILED' ? 'Failed: ' : 'Stuck: ') + (phone.failure || 'unknown reason')));
    if (phone.advice) card.append(el('p', 'advice', 'What to do: ' + phone.advice));
  }
  if (phone.steps && phone.steps.length) card.append(el('div', 'muted', 'Done so far: ' + phone.steps.join(', ')));
  const notStarted = ['DISCOVERED', 'LEASED', 'CONFIG_FETCHED'].includes(phone.state);
  if (notStarted || STUCK.includes(phone.state) || phone.idleSeconds > 90 && !ON_TARGET.includes(phone.state)) card.append(resetHelp(phone));
  return card;
}

function stateText(phone) {
  switch (phone.state) {
    case 'DISCOVERED': return 'discovered';
    case 'LEASED': return 'got an address';
    case 'NO_FILES': return 'STUCK — asks this box for no file';
    case 'CONFIG_FETCHED': return 'fetched its config';
    case 'CONFIG_IGNORED': return 'STUCK — ignores its config';
    case 'DOWNLOADING': return 'downloading';
    case 'REBOOTING': return 'rebooting into the new load';
    case 'ON_TARGET': return 'on target — registering with the box: wait for DONE';
    case 'REGISTERED': return 'registered (runs SIP, took its config) — fetching its home config: wait for DONE';
    case 'DONE': return 'DONE — working, home config taken: unplug it';
    case 'FAILED': return 'FAILED';
    default: return phone.state;
  }
}

function renderPhones() {
  const list = $('phones');
  // An open "factory reset" box stays open across updates: remember which ones the user opened.
  const open = new Set([...list.querySelectorAll('article')].filter((a) => a.querySelector('details.reset[open]')).map((a) => a.dataset.mac));
  const old = new Map([...list.children].map((a) => [a.dataset.mac, a]));
  const cards = state.phones.map((p) => {
    const fresh = phoneCard(p);
    if (open.has(p.mac)) { const d = fresh.querySelector('details.reset'); if (d) d.open = true; }
    // A card already shown keeps its node and its line form (what is typed there, the focus); the rest is redrawn.
    const card = old.get(p.mac) || fresh;
    let form = card.querySelector(':scope > details.line');
    if (card !== fresh) {
      card.className = fresh.className;
      card.dataset.state = fresh.dataset.state;
      for (const c of [...card.children]) if (c !== form) c.remove();
      card.prepend(...fresh.children);
    }
    if (state.admin && !form) card.append(lineSection(p.mac));
    if (!state.admin && form) form.remove();
    return card;
  });
  if (cards.length !== list.children.length || cards.some((c, i) => list.children[i] !== c)) list.replaceChildren(...cards);
  $('no-phones').hidden = state.phones.length > 0;
  tickElapsed();
}

// ---- a phone's line, assigned on the page (admins only) ----
// The box keeps it in its data folder's phones.csv; a password is never sent back, only whether one is stored.

const LINE_FIELDS = { line: 'line', extension: 'extension', 'auth name': 'authName', password: 'password',
  'display name': 'displayName', label: 'label', profile: 'profile' };

function lineSection(mac) {
  const d = el('details', 'line');
  d.append(el('summary', null, 'Line (extension, password, profile)'));
  const source = el('p', 'muted source');
  const lines = el('ul', 'lines');
  const f = el('form', 'line-form');
  f.noValidate = true;
  const input = (name, label, type, extra) => {
    const l = el('label', null, label + ' ');
    const i = el('input');
    i.name = name;
    i.type = type || 'text';
    i.autocomplete = 'off';
    Object.assign(i, extra || {});
    l.append(i);
    f.append(l);
    return i;
  };
  const button = input('line', 'Line button', 'number', { min: 1, max: 8, value: '1' });
  input('extension', 'Extension (SIP user)');
  input('authName', 'Auth name', 'text', { placeholder: '= extension' });
  input('password', 'Password', 'password', { autocomplete: 'new-password' });
  input('displayName', 'Display name', 'text', { placeholder: '= extension' });
  input('label', 'Label', 'text', { placeholder: '= extension' });
  const pl = el('label', null, 'Profile (the phone\'s, all lines) ');
  const profile = el('select');
  profile.name = 'profile';
  pl.append(profile);
  f.append(pl);
  const save = el('button', null, 'Save line');
  save.type = 'submit';
  f.append(save);
  const problems = el('ul', 'problems');
  const msg = el('p', 'msg');
  msg.setAttribute('role', 'status');
  const how = el('p', 'muted', 'A saved line is kept on the box (its data folder, not the stick) and used from the phone\'s next'
    + ' config fetch: power-cycle the phone to take it. An empty password keeps the stored one.');
  d.append(source, lines, f, problems, msg, how);

  let view = null;
  const fill = () => {
    const n = Number(button.value) || 1;
    const row = view && view.lines.find((r) => r.button === n);
    for (const k of ['extension', 'authName', 'displayName', 'label']) f.elements[k].value = row ? row[k] : '';
    f.elements.password.value = '';
    f.elements.password.placeholder = row && row.passwordSet ? 'unchanged' : '';
    const p = view && view.lines.length ? view.lines[0].profile : '';
    profile.value = p || 'default';
  };
  const load = async () => {
    const res = await fetch('/api/lines/' + mac, { credentials: 'same-origin', cache: 'no-store' });
    if (!res.ok) { msg.textContent = 'cannot read the lines (' + res.status + ')'; msg.className = 'msg no'; if (res.status === 401) await loadSession(); return; }
    view = await res.json();
    source.textContent = view.source === 'page' ? 'Lines set on this page (the box\'s ' + view.pageFile + ').'
      : view.source === 'stick' ? 'Lines from the stick\'s phones.csv; a line saved here is kept on the box and wins.'
        : 'No line yet: the phone registers a placeholder named after its MAC.';
    if (view.stickAlsoNames) source.append(el('strong', 'warn', ' The stick\'s phones.csv names this phone too: the lines set here win (all of them).'));
    if (profile.options.length !== view.profiles.length) {
      profile.replaceChildren(...view.profiles.map((n) => { const o = el('option', null, n); o.value = n; return o; }));
    }
    lines.replaceChildren(...view.lines.map((r) => {
      const li = el('li', null, 'line ' + r.button + ': ' + r.extension + (r.label ? ' (' + r.label + ')' : '') + (r.passwordSet ? '' : ', no password') + ' ');
      const edit = el('button', null, 'edit');
      edit.type = 'button';
      edit.addEventListener('click', () => { button.value = r.button; fill(); });
      li.append(edit);
      if (view.source === 'page') {
        const del = el('button', null, 'delete');
        del.type = 'button';
        del.addEventListener('click', () => { if (confirm('Delete line ' + r.button + ' of ' + mac + '?')) send({ line: String(r.button), delete: true }); });
        li.append(del);
      }
      return li;
    }));
    fill();
  };
  const send = async (body) => {
    problems.replaceChildren();
    for (const i of f.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
    const res = await postJson('/api/lines/' + mac, body);
    const answer = res.body;
    if (res.ok) {
      msg.textContent = answer.message;
      msg.className = 'msg yes';
      await load();
      return;
    }
    msg.textContent = 'not saved:';
    msg.className = 'msg no';
    for (const p of answer.problems || [answer.error]) {
      problems.append(el('li', null, p));
      const m = /^the form, ([a-z ]+):/.exec(p || '');
      if (m && LINE_FIELDS[m[1]]) f.elements[LINE_FIELDS[m[1]]].setAttribute('aria-invalid', 'true');
    }
    if (res.status === 401) await loadSession();
  };
  button.addEventListener('change', fill);
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    const body = {};
    for (const k of Object.values(LINE_FIELDS)) body[k] = f.elements[k].value;
    if (body.profile === 'default') body.profile = '';
    send(body);
  });
  d.addEventListener('toggle', () => { if (d.open) load().catch(() => {}); });
  return d;
}

function tickElapsed() {
  const since = (Date.now() - state.phonesAt) / 1000;
  for (const t of document.querySelectorAll('.phone .elapsed')) {
    t.textContent = 'Time so far: ' + duration(Number(t.dataset.base) + since);
  }
}

// ---- help ----

function renderHelp() {
  const h = state.help;
  if (!h) return;
  const box = $('help-families');
  box.textContent = '';
  for (const f of h.families) {
    const p = el('p');
    p.append(el('strong', null, f.family + ': '), f.reset + '.');
    if (f.erase) { p.append(' Erase the trust list and settings: '); p.append(el('span', 'keys', f.erase)); p.append('.'); }
    box.append(p);
  }
  $('help-loops').textContent = h.loops;
}

// ---- the log ----

function logMatches(row, mac, kind) {
  if (kind && row.kind !== kind && !row.kind.startsWith(kind + '.')) return false;
  if (!mac) return true;
  const m = mac.replace(/[^0-9a-f]/gi, '').toUpperCase();
  if (!m) return true;
  if (row.mac && row.mac.includes(m)) return true;
  const phone = state.phones.find((p) => p.mac.includes(m));
  if (phone && phone.ip && row.client === phone.ip) return true;
  return (row.text || '').toUpperCase().includes(m);
}

function renderLog() {
  const mac = $('filter-mac').value.trim(), kind = $('filter-kind').value;
  const body = $('events').tBodies[0];
  const rows = [];
  let shown = 0;
  for (const r of state.log) {
    if (!logMatches(r, mac, kind)) continue;
    shown++;
    if (rows.length >= SHOWN_LOG) continue;
    const tr = el('tr', 'k-' + r.kind.replace(/\./g, '-'));
    tr.append(el('td', null, (r.at || '').replace('T', ' ').replace(/\.\d+Z$/, 'Z').slice(11)), el('td', null, r.kind), el('td', null, r.text));
    rows.push(tr);
  }
  body.replaceChildren(...rows);
  $('log-count').textContent = shown + ' of ' + state.log.length + ' events' + (shown > SHOWN_LOG ? ', newest ' + SHOWN_LOG + ' shown' : '');
}

function addKinds(rows) {
  let added = false;
  for (const r of rows) {
    for (const k of [r.kind.split('.')[0], r.kind]) {
      if (!state.kinds.has(k)) { state.kinds.add(k); added = true; }
    }
  }
  if (!added) return;
  const sel = $('filter-kind'), current = sel.value;
  const opts = [el('option', null, 'all')];
  opts[0].value = '';
  for (const k of [...state.kinds].sort()) {
    const o = el('option', null, k.includes('.') ? '  ' + k : k + ' (all)');
    o.value = k;
    opts.push(o);
  }
  sel.replaceChildren(...opts);
  sel.value = current;
}

function setLog(rows) {
  state.log = rows.slice(0, MAX_LOG);
  addKinds(state.log);
  renderLog();
}

function prependLog(rows) {
  state.log = rows.concat(state.log).slice(0, MAX_LOG);
  addKinds(rows);
  renderLog();
}

// ---- admin ----

async function post(path, fields) {
  return postBody(path, 'application/x-www-form-urlencoded', new URLSearchParams(fields || {}));
}

async function postJson(path, object) {
  return postBody(path, 'application/json', JSON.stringify(object));
}

// A change: a POST with the session's CSRF token; the answer's JSON, or its status when it has none.
async function postBody(path, type, data) {
  const res = await fetch(path, {
    method: 'POST',
    headers: Object.assign({ 'Content-Type': type }, state.csrf ? { 'X-CSRF-Token': state.csrf } : {}),
    body: data,
    credentials: 'same-origin',
  });
  let body = {};
  try { body = await res.json(); } catch (e) { body = { error: res.status + ' ' + res.statusText }; }
  return { ok: res.ok, status: res.status, body };
}

async function loadSession() {
  const res = await fetch('/api/session', { credentials: 'same-origin', cache: 'no-store' });
  const s = await res.json();
  state.csrf = s.csrf || null;
  if (state.admin !== s.admin) { state.admin = s.admin; renderPhones(); }
  $('admin-nopass').hidden = s.passwordSet;
  $('login').hidden = !s.passwordSet || s.admin;
  $('actions').hidden = !s.admin;
}

function say(result) {
  $('admin-msg').textContent = result.body.message || result.body.error || '';
  $('admin-msg').className = result.ok ? 'yes' : 'no';
}

async function act(path, fields) {
  const result = await post(path, fields);
  say(result);
  if (result.status === 401) await loadSession();
}

function renderTargetForm() {
  const models = $('target-model'), loads = $('target-load');
  const st = state.status, b = state.bundles;
  if (!st || !b) return;
  const current = models.value;
  const names = [...new Set([...(st.targets || []).map((t) => t.model), ...(b.loads || []).flatMap((l) => l.models)])].sort();
  if (names.join() !== [...models.options].map((o) => o.value).join()) {
    models.replaceChildren(...names.map((m) => { const o = el('option', null, m); o.value = m; return o; }));
    if (names.includes(current)) models.value = current;
  }
  const model = models.value;
  const chosen = loads.value;
  const choices = (b.loads || []).filter((l) => l.complete && l.models.includes(model) && !/\.default$/i.test(l.name));
  const opts = [el('option', null, 'the stick\'s choice')];
  opts[0].value = '';
  for (const l of choices) { const o = el('option', null, l.name); o.value = l.name; opts.push(o); }
  if (opts.map((o) => o.value).join() !== [...loads.options].map((o) => o.value).join()) {
    loads.replaceChildren(...opts);
    if (opts.some((o) => o.value === chosen)) loads.value = chosen;
  }
}

function wireAdmin() {
  $('login').addEventListener('submit', async (e) => {
    e.preventDefault();
    const result = await post('/api/login', { password: $('password').value });
    $('password').value = '';
    say(result);
    if (result.ok) { state.csrf = result.body.csrf; await loadSession(); }
  });
  $('rescan').addEventListener('click', () => act('/api/rescan'));
  // An export holds passwords, so it is a POST with the CSRF token; the answer is saved as the file it names.
  for (const b of document.querySelectorAll('[data-export]')) {
    b.addEventListener('click', async () => {
      const res = await fetch('/api/export/' + b.dataset.export, {
        method: 'POST', headers: state.csrf ? { 'X-CSRF-Token': state.csrf } : {}, credentials: 'same-origin' });
      if (!res.ok) {
        let body = {};
        try { body = await res.json(); } catch (e) { body = { error: res.status + ' ' + res.statusText }; }
        say({ ok: false, body });
        if (res.status === 401) await loadSession();
        return;
      }
      const name = (/filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '') || [])[1] || 'export.txt';
      const a = el('a');
      a.href = URL.createObjectURL(await res.blob());
      a.download = name;
      a.click();
      URL.revokeObjectURL(a.href);
    });
  }
  $('clear-history').addEventListener('click', () => {
    if (confirm('Clear the history of finished flashes?')) act('/api/history/clear');
  });
  $('target-model').addEventListener('change', renderTargetForm);
  $('target-form').addEventListener('submit', (e) => {
    e.preventDefault();
    act('/api/target', { model: $('target-model').value, load: $('target-load').value });
  });
  $('logout').addEventListener('click', async () => { await act('/api/logout'); state.csrf = null; await loadSession(); });
}

// ---- the live stream ----
// A browser keeps at most 6 connections to one host and each tab's stream holds one of them, so a hidden tab lets its
// stream go and takes a new one when shown (the first frame is the whole log: nothing is missed). A stream the box
// refuses (503: too many pages open) is given up by the browser for good, so the page itself asks again later.
const RETRY_MS = 10000;
let stream = null;
let retry = null;

function connect() {
  if (stream || document.hidden) return;
  clearTimeout(retry);
  retry = null;
  const es = new EventSource('/api/stream');
  stream = es;
  const conn = $('conn');
  es.onopen = () => { conn.textContent = 'live'; conn.className = 'conn on'; };
  es.onerror = () => {
    conn.className = 'conn off';
    if (es.readyState !== EventSource.CLOSED) {
      conn.textContent = 'reconnecting…'; // the browser retries by itself
      return;
    }
    stream = null;
    conn.textContent = 'not live: the box refused the feed (too many pages open?); trying again…';
    retry = setTimeout(connect, RETRY_MS);
  };
  es.addEventListener('events', (e) => setLog(JSON.parse(e.data)));
  es.addEventListener('log', (e) => prependLog(JSON.parse(e.data)));
  es.addEventListener('gap', async () => {
    // The page fell behind the box's log: take the whole log again.
    const res = await fetch('/api/events', { cache: 'no-store' });
    setLog(await res.json());
  });
  es.addEventListener('phones', (e) => {
    state.phones = JSON.parse(e.data);
    state.phonesAt = Date.now();
    renderPhones();
  });
  es.addEventListener('box', (e) => {
    const box = JSON.parse(e.data);
    state.status = box.status;
    state.bundles = box.bundles;
    renderBox();
  });
}

function pause() {
  clearTimeout(retry);
  retry = null;
  if (stream) {
    stream.close();
    stream = null;
  }
  $('conn').textContent = 'paused while the tab is hidden';
  $('conn').className = 'conn off';
}

async function start() {
  wireAdmin();
  $('filter-mac').addEventListener('input', renderLog);
  $('filter-kind').addEventListener('change', renderLog);
  try {
    state.help = await (await fetch('/api/reset-help')).json();
    renderHelp();
  } catch (e) { /* the stream still works; help shows once the page is reloaded */ }
  document.addEventListener('visibilitychange', () => (document.hidden ? pause() : connect()));
  connect();
  loadSession().catch(() => {});
  setInterval(tickElapsed, 1000);
}

document.addEventListener('DOMContentLoaded', start);
