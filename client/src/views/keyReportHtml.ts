/**
 * The key report as HTML for a webview: verdict banner, key facts, HealthLake's grants with the nine
 * operations checked off, data stores, HealthLake's recent KMS calls, policy findings (links that open the
 * policy at the line), notes. Themed through VS Code's CSS variables; strict CSP, one nonce.
 */
import { HEALTHLAKE_GRANT_OPERATIONS, type KeyInspection } from '../../../server/src/inspect/index';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** A message whose `code spans` (as rules write them) become <code>. */
const message = (s: string): string => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');
const STATUS = { healthy: 'Healthy', 'at-risk': 'At risk', broken: 'Broken' } as const;
const ICON = { error: '✖', warning: '⚠', info: 'ℹ', hint: 'ℹ' } as const;

export function keyReportHtml(inspection: KeyInspection, csp: { nonce: string; cspSource: string }): string {
  const { report, region, since, checked } = inspection;
  const notChecked = '<p class="muted">Not checked: see "Not checked" below.</p>';
  const { key, grants, datastores, policy, events, notes, verdict } = report;
  const rows = (pairs: [string, string][]) => pairs.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join('');
  const code = (s: string) => `<code>${esc(s)}</code>`;
  const tags = Object.entries(key.tags).map(([k, v]) => code(`${k}=${v}`)).join(' ') || '<span class="muted">none</span>';

  const grantTable = grants.healthlake.length ? grants.healthlake.map((g) => `<div class="grant"><div>Grant ${code(g.grantId)} to ${code(g.granteePrincipal)}${
    g.retiringPrincipal ? ` <span class="muted">· retiring principal ${esc(g.retiringPrincipal)}</span>` : ''}</div><ul class="ops">${
    HEALTHLAKE_GRANT_OPERATIONS.map((op) => (g.missingOperations.includes(op) ? `<li class="no" title="missing">✗ ${esc(op)}</li>` : `<li class="yes" title="granted">✓ ${esc(op)}</li>`)).join('')
  }</ul><div>Constraints: ${g.constraints ? `<span class="bad">${esc(JSON.stringify(g.constraints))}</span>` : '<span class="muted">none</span>'}</div></div>`).join('')
    : `<p class="muted">HealthLake has no grant on this key.</p>`;

  const storeTable = datastores.length ? `<table class="grid"><thead><tr><th>Name</th><th>Id</th><th>Status</th><th>KmsKeyId</th></tr></thead><tbody>${
    datastores.map((d) => `<tr><td>${esc(d.name)}</td><td>${code(d.id)}</td><td>${esc(d.status)}</td><td>${code(d.kmsKeyId)}</td></tr>`).join('')}</tbody></table>`
    : '<p class="muted">No HealthLake data store in this account and region uses this key.</p>';

  const eventTable = events.length ? `<table class="grid"><thead><tr><th>Time</th><th>Call</th><th>Caller</th></tr></thead><tbody>${
    events.slice(0, 100).map((e) => `<tr><td>${esc(e.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}</td><td>${esc(e.eventName)}</td><td>${esc(e.username)}</td></tr>`).join('')}</tbody></table>`
    : `<p class="muted">No KMS calls by HealthLake since ${esc(since.slice(0, 10))}.</p>`;

  const findings = policy.findings.length ? `<ul class="findings">${policy.findings.map((f) =>
    `<li class="${f.severity}"><span class="icon">${ICON[f.severity]}</span> <a href="#" data-line="${f.range.start.line}" data-character="${f.range.start.character}">line ${f.range.start.line + 1}</a> ${message(f.message)} <span class="muted">${esc(f.code)}</span></li>`).join('')}</ul>`
    : `<p class="muted">${inspection.policyText === undefined ? 'The key policy could not be read.' : 'No findings.'}</p>`;

  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${csp.cspSource}; style-src 'nonce-${csp.nonce}'; script-src 'nonce-${csp.nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Key report</title>
<style nonce="${csp.nonce}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 20px 24px; }
h1 { font-size: 1.3em; margin: 16px 0 4px; } h2 { font-size: 1.05em; margin: 22px 0 8px; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); padding-bottom: 4px; }
code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 0 3px; border-radius: 3px; }
.banner { display: flex; gap: 12px; align-items: flex-start; padding: 12px 14px; border-radius: 4px; border-left: 5px solid; margin: 12px 0; background: var(--vscode-textBlockQuote-background); }
.banner.healthy { border-color: var(--vscode-testing-iconPassed, #388a34); } .banner.at-risk { border-color: var(--vscode-editorWarning-foreground, #bf8803); } .banner.broken { border-color: var(--vscode-errorForeground, #f14c4c); }
.banner .status { font-size: 1.25em; font-weight: 600; white-space: nowrap; }
.banner.healthy .status { color: var(--vscode-testing-iconPassed, #388a34); } .banner.at-risk .status { color: var(--vscode-editorWarning-foreground, #bf8803); } .banner.broken .status { color: var(--vscode-errorForeground, #f14c4c); }
.problems { margin: 0; padding-left: 0; list-style: none; } .problems li { margin: 0 0 6px; }
.error .icon, .no, .bad { color: var(--vscode-errorForeground, #f14c4c); } .warning .icon { color: var(--vscode-editorWarning-foreground, #bf8803); } .info .icon, .hint .icon { color: var(--vscode-editorInfo-foreground, #3794ff); } .yes { color: var(--vscode-testing-iconPassed, #388a34); }
table { border-collapse: collapse; } th, td { text-align: left; padding: 3px 10px 3px 0; vertical-align: top; }
table.facts th { color: var(--vscode-descriptionForeground); font-weight: normal; width: 9em; }
table.grid td:first-child { white-space: nowrap; }
table.grid th { border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, #8884)); font-weight: 600; }
ul.ops { list-style: none; padding: 0; margin: 6px 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(17em, 1fr)); gap: 2px 12px; } ul.ops li.no { font-weight: 600; }
.grant { margin-bottom: 12px; }
.muted { color: var(--vscode-descriptionForeground); } .findings { padding-left: 0; list-style: none; } .findings li { margin-bottom: 4px; }
a { color: var(--vscode-textLink-foreground); } a:hover { color: var(--vscode-textLink-activeForeground); }
.toolbar { display: flex; gap: 8px; margin-top: 14px; }
button { font-family: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 4px 12px; border-radius: 2px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); } button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
</style></head>
<body data-status="${verdict.status}">
<h1>Key report: ${esc(key.aliases[0] ?? key.keyId)}</h1>
<div class="muted">${esc(key.arn)} · ${esc(region)}</div>
<div class="banner ${verdict.status}" id="verdict"><div class="status">${STATUS[verdict.status]}</div><div>${
  verdict.problems.length ? `<ul class="problems">${verdict.problems.map((p) => `<li class="${p.severity}"><span class="icon">${ICON[p.severity]}</span> ${message(p.message)}</li>`).join('')}</ul>`
    : 'HealthLake can use this key: it is enabled, symmetric, and HealthLake\'s grants are complete.'}</div></div>
<div class="toolbar"><button id="copy">Copy as Markdown</button><button class="secondary" id="policy">Open Live Key Policy</button><button class="secondary" id="refresh">Refresh</button></div>
<h2>Key</h2>
<table class="facts">${rows([
    ['Key ARN', code(key.arn)], ['Aliases', key.aliases.map(code).join(' ') || '<span class="muted">none</span>'],
    ['State', `${esc(key.state)}${key.deletionDate ? ` <span class="bad">(deletion on ${esc(key.deletionDate.slice(0, 10))})</span>` : ''}`],
    ['Type', `${esc(key.keySpec ?? 'not reported')} / ${esc(key.keyUsage ?? 'usage not reported')}`], ['Manager', esc(key.keyManager ?? '?')],
    ['Multi-Region', key.multiRegion ? 'yes' : 'no'], ['Rotation', key.rotationEnabled === null ? '<span class="muted">n/a</span>' : key.rotationEnabled ? 'on' : 'off'], ['Tags', tags],
  ])}</table>
<h2>HealthLake's grants${checked.grants ? ` (${grants.healthlake.length}) <span class="muted">· other grants: ${grants.otherCount}</span>` : ''}</h2>
${checked.grants ? grantTable : notChecked}
<h2>Data stores using this key${checked.datastores ? ` (${datastores.length})` : ''}</h2>
${checked.datastores ? storeTable : notChecked}
<h2>HealthLake's KMS calls since ${esc(since.slice(0, 10))}${checked.events ? ` (${events.length})` : ''}</h2>
${checked.events ? eventTable : notChecked}
<h2>Key policy findings (${policy.findings.length})</h2>
${findings}
${notes.length ? `<h2>Not checked</h2><ul>${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
<script nonce="${csp.nonce}">
const vscode = acquireVsCodeApi();
document.getElementById('copy').addEventListener('click', () => vscode.postMessage({ type: 'copyMarkdown' }));
document.getElementById('policy').addEventListener('click', () => vscode.postMessage({ type: 'openPolicy' }));
document.getElementById('refresh').addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
for (const a of document.querySelectorAll('a[data-line]')) {
  a.addEventListener('click', (e) => { e.preventDefault(); vscode.postMessage({ type: 'openPolicy', line: Number(a.dataset.line), character: Number(a.dataset.character) }); });
}
vscode.postMessage({ type: 'rendered', status: document.body.dataset.status, banner: document.getElementById('verdict').innerText,
  sections: [...document.querySelectorAll('h2')].map((h) => h.innerText), grantChecks: document.querySelectorAll('ul.ops li.yes').length });
</script>
</body></html>`;
}
