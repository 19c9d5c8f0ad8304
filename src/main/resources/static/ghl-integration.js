'use strict';
// The seed's Settings → GHL Integration page: plain JavaScript over the operator API, no build step.
// The operator token stays in sessionStorage of this tab only.

const $ = (id) => document.getElementById(id);
const state = { token: sessionStorage.getItem('operatorToken'), webhookKey: null, broadcasts: [] };

async function api(method, path, body) {
  const headers = { Authorization: 'Bearer ' + state.token };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = { detail: text }; }
  if (!response.ok) {
    const message = (data && (data.detail || data.message || data.error)) || response.statusText;
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return data;
}

function say(message, kind) {
  const line = $('status-line');
  line.textContent = message || '';
  line.className = kind || '';
}

function cell(row, value) {
  const td = document.createElement('td');
  td.textContent = value === null || value === undefined ? '' : String(value);
  row.appendChild(td);
  return td;
}

function showTab(name) {
  document.querySelectorAll('nav button').forEach((b) => b.setAttribute('aria-selected', String(b.dataset.tab === name)));
  document.querySelectorAll('.panel').forEach((p) => { p.hidden = p.id !== 'panel-' + name; });
  say('');
  ({ webhook: loadWebhook, credentials: loadCredentials, fields: () => {}, sync: loadUpdates })[name]();
}

async function signIn(token) {
  state.token = token;
  try {
    await api('GET', '/api/ghl/settings');
  } catch (e) {
    sessionStorage.removeItem('operatorToken');
    state.token = null;
    $('sign-in-error').textContent = 'Sign-in failed: ' + e.message;
    return;
  }
  sessionStorage.setItem('operatorToken', token);
  $('sign-in').hidden = true;
  $('app').hidden = false;
  $('account-bar').hidden = false;
  showTab('webhook');
}

// --- Webhook tab
async function loadWebhook() {
  $('trigger-url').textContent = location.origin + '/functions/v1/ghl-webhook-trigger';
  try {
    const settings = await api('GET', '/api/ghl/settings');
    $('webhook-key-prefix').textContent = settings.webhook_key_prefix ? settings.webhook_key_prefix + '…' : 'none';
    $('webhook-key-created').textContent = settings.webhook_key_created_at ? '(created ' + settings.webhook_key_created_at + ')' : '';
    const page = await api('GET', '/api/broadcasts?size=200');
    state.broadcasts = page.items;
    const select = $('broadcast-select');
    select.innerHTML = '';
    for (const b of page.items) {
      const option = document.createElement('option');
      option.value = b.id;
      option.textContent = b.name + ' (' + b.status + ')';
      select.appendChild(option);
    }
    renderWorkflowBody();
    await loadActivity();
  } catch (e) { say(e.message, 'error'); }
}

function renderWorkflowBody() {
  const body = {
    action: 'add_to_broadcast',
    webhook_key: state.webhookKey || 'YOUR_WEBHOOK_KEY',
    broadcast_id: $('broadcast-select').value || 'YOUR_BROADCAST_UUID',
    phone: '{{contact.phone}}',
    name: '{{contact.first_name}} {{contact.last_name}}',
    ghl_contact_id: '{{contact.id}}',
    email: '{{contact.email}}',
  };
  $('workflow-body').textContent = JSON.stringify(body, null, 2);
}

async function generateKey() {
  if (!confirm('Generate a new webhook key? The current key keeps working for 24 hours (app.trigger.key-rotation-overlap), then stops.')) return;
  try {
    const key = await api('POST', '/api/ghl/webhook-key');
    state.webhookKey = key.webhook_key;
    $('webhook-key-value').textContent = key.webhook_key;
    $('new-key').hidden = false;
    $('test-key').value = key.webhook_key;
    $('webhook-key-prefix').textContent = key.prefix + '…';
    renderWorkflowBody();
    say('New webhook key generated. Update your GHL workflows.', 'ok');
  } catch (e) { say(e.message, 'error'); }
}

async function copy(text) {
  try { await navigator.clipboard.writeText(text); say('Copied.', 'ok'); } catch (e) { say('Select the text and copy it by hand.', 'warning'); }
}

async function testWebhook() {
  const key = $('test-key').value.trim();
  const result = $('test-result');
  const response = await fetch('/functions/v1/ghl-webhook-trigger', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ action: 'test', webhook_key: key }),
  });
  const data = await response.json().catch(() => ({}));
  result.textContent = response.ok ? 'OK: ' + data.message + ' (account ' + data.account + ')'
    : 'Failed (' + response.status + '): ' + (data.message || data.error || response.statusText);
  result.className = response.ok ? 'ok' : 'error';
  await loadActivity();
}

async function loadActivity() {
  const data = await api('GET', '/api/ghl/webhook-activity?limit=50');
  const tbody = $('activity-table').querySelector('tbody');
  tbody.innerHTML = '';
  for (const a of data.items) {
    const row = document.createElement('tr');
    if (!a.success) row.className = 'failure';
    [a.created_at, a.action, a.http_status, a.result, a.phone, a.message].forEach((v) => cell(row, v));
    tbody.appendChild(row);
  }
}

// --- Credentials tab
async function loadCredentials() {
  try {
    const s = await api('GET', '/api/ghl/settings');
    $('location-id').value = s.location_id || '';
    $('auth-mode').value = s.auth_mode || 'private_token';
    $('access-token-set').textContent = s.access_token_set ? '(stored)' : '(not set)';
    $('refresh-token-set').textContent = s.refresh_token_set ? '(stored)' : '(not set)';
    $('sync-enabled').checked = !!s.sync_enabled;
    $('sync-status').textContent = s.sync_status || '';
  } catch (e) { say(e.message, 'error'); }
}

async function saveCredentials(event) {
  event.preventDefault();
  const body = {
    location_id: $('location-id').value.trim(),
    auth_mode: $('auth-mode').value,
    sync_enabled: $('sync-enabled').checked,
  };
  if ($('access-token').value.trim()) body.access_token = $('access-token').value.trim();
  if ($('refresh-token').value.trim()) body.refresh_token = $('refresh-token').value.trim();
  try {
    await api('PUT', '/api/ghl/settings', body);
    $('access-token').value = '';
    $('refresh-token').value = '';
    await loadCredentials();
    say('Credentials saved.', 'ok');
  } catch (e) { say(e.message, 'error'); }
}

async function testConnection() {
  const result = $('connection-result');
  try {
    const data = await api('POST', '/api/ghl/test-connection');
    result.textContent = (data.ok === false ? 'Failed: ' : 'OK: ') + (data.message || JSON.stringify(data));
    result.className = data.ok === false ? 'error' : 'ok';
  } catch (e) {
    result.textContent = 'Failed: ' + e.message;
    result.className = 'error';
  }
}

// --- Field Mapping tab
async function setupFields() {
  try {
    const data = await api('POST', '/api/ghl/custom-fields/setup');
    const tbody = $('fields-table').querySelector('tbody');
    tbody.innerHTML = '';
    const rows = (data.fields || []).map((f) => [f.key, f.id, f.created ? 'created' : 'existed']);
    for (const r of rows) {
      const row = document.createElement('tr');
      r.forEach((v) => cell(row, v));
      tbody.appendChild(row);
    }
    say('Broadcast fields are set up.', 'ok');
  } catch (e) { say(e.message, 'error'); }
}

// --- Sync tab
async function loadUpdates() {
  const status = $('sync-filter').value;
  try {
    const page = await api('GET', '/api/ghl/pending-updates?size=200' + (status ? '&status=' + status : ''));
    const tbody = $('updates-table').querySelector('tbody');
    tbody.innerHTML = '';
    for (const u of page.items) {
      const row = document.createElement('tr');
      row.dataset.id = u.id;
      if (u.status === 'failed') row.className = 'failure';
      [u.ghl_contact_id, u.broadcast_name, u.call_outcome, u.status, u.retry_count, u.error_message].forEach((v) => cell(row, v));
      const action = document.createElement('td');
      if (u.status === 'failed') {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'retry-one';
        button.textContent = 'Retry';
        button.addEventListener('click', () => retry({ ids: [u.id] }));
        action.appendChild(button);
      }
      row.appendChild(action);
      tbody.appendChild(row);
    }
    say(page.total + ' update(s) ' + (status || 'in all states') + '.');
  } catch (e) { say(e.message, 'error'); }
}

async function retry(body) {
  try {
    const data = await api('POST', '/api/ghl/pending-updates/retry', body);
    await loadUpdates();
    say('Put back for sending: ' + data.retried, 'ok');
  } catch (e) { say(e.message, 'error'); }
}

// --- wiring
document.querySelectorAll('nav button').forEach((b) => b.addEventListener('click', () => showTab(b.dataset.tab)));
$('sign-in-form').addEventListener('submit', (e) => { e.preventDefault(); signIn($('token-input').value.trim()); });
$('sign-out').addEventListener('click', () => { sessionStorage.removeItem('operatorToken'); location.reload(); });
$('generate-key').addEventListener('click', generateKey);
$('copy-key').addEventListener('click', () => copy($('webhook-key-value').textContent));
$('copy-body').addEventListener('click', () => copy($('workflow-body').textContent));
$('broadcast-select').addEventListener('change', renderWorkflowBody);
$('test-webhook').addEventListener('click', testWebhook);
$('refresh-activity').addEventListener('click', loadActivity);
$('credentials-form').addEventListener('submit', saveCredentials);
$('test-connection').addEventListener('click', testConnection);
$('setup-fields').addEventListener('click', setupFields);
$('sync-filter').addEventListener('change', loadUpdates);
$('refresh-updates').addEventListener('click', loadUpdates);
$('retry-all').addEventListener('click', () => retry({}));
if (state.token) signIn(state.token);
