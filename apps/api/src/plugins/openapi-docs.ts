/**
 * A dependency-free reference page: lists every operation of the OpenAPI document. Its script is
 * a file of its own (`/docs/reference.js`) so that the page runs under `script-src 'self'`.
 */

/** The page's one inline style block (the CSP allows it by its hash: security-headers.ts). */
export const docsPageStyle = `
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1f2933;background:#f7f8fa}
main{max-width:960px;margin:0 auto;padding:24px}
h1{font-size:24px}.op{background:#fff;border:1px solid #dde1e6;border-radius:8px;margin:12px 0;padding:12px 16px}
.m{display:inline-block;min-width:56px;font-weight:700;font-family:ui-monospace,monospace}
.GET{color:#0b7a3e}.POST{color:#1d4ed8}.PUT,.PATCH{color:#a15c00}.DELETE{color:#b42318}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f1f3f5;padding:8px;overflow:auto;border-radius:6px}
details summary{cursor:pointer;color:#475467}
`;

export function docsPage(specUrl: string, scriptUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Keyway API reference</title>
<style>${docsPageStyle}</style>
<script src="${scriptUrl}" defer></script></head>
<body><main><h1>Keyway API reference</h1>
<p>Machine-readable document: <a href="${specUrl}"><code>${specUrl}</code></a> (OpenAPI 3.1).</p>
<div id="ops">Loading…</div></main></body></html>`;
}

/** The page's script: fetches the document and renders one section per operation. */
export function docsScript(specUrl: string): string {
  return `fetch(${JSON.stringify(specUrl)}).then(r=>r.json()).then(doc=>{
  const root=document.getElementById('ops');root.textContent='';
  const esc=s=>String(s??'').replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
  for(const [path,item] of Object.entries(doc.paths||{})){
    for(const [method,op] of Object.entries(item)){
      const el=document.createElement('section');el.className='op';
      el.innerHTML='<div><span class="m '+method.toUpperCase()+'">'+method.toUpperCase()+'</span> <code>'+esc(path)+'</code></div>'+
        '<div>'+esc(op.summary||'')+'</div>'+(op.description?'<p>'+esc(op.description)+'</p>':'')+
        '<details><summary>Request and responses</summary><pre>'+esc(JSON.stringify({parameters:op.parameters,requestBody:op.requestBody,responses:op.responses},null,2))+'</pre></details>';
      root.appendChild(el);
    }
  }
}).catch(()=>{document.getElementById('ops').textContent='Could not load the API document.'});
`;
}
