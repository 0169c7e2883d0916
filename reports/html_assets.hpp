#pragma once
// The inline CSS and JavaScript of report.html (kept apart from html.cpp so each stays readable).
// No external fetches of any kind: the report is one file that can be mailed to an auditor.
namespace v6r::report::html_assets {

inline constexpr const char* kCss = R"CSS(
:root{--pass:#1a7f37;--pass-bg:#dafbe1;--info:#0969da;--info-bg:#ddf4ff;--warn:#7d4e00;--warn-bg:#fff3b0;
--fail:#b3261e;--fail-bg:#ffe0dc;--error:#6e0b1c;--error-bg:#f9c9d0;--skip:#57606a;--skip-bg:#eaeef2;--line:#d0d7de}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;margin:0 auto;max-width:1200px;padding:12px}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.25em;border-bottom:2px solid var(--line);padding-bottom:.2em;margin-top:1.6em}
h3{font-size:1.1em;margin:.3em 0}
nav a{margin-right:.8em}
.meta{color:#57606a;font-size:.9em}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%}
table{border-collapse:collapse;font-size:.9em}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
thead th{background:#f6f8fa;position:sticky;top:0}
#matrix thead th{cursor:pointer;white-space:nowrap}
#matrix thead th[aria-sort=ascending]::after{content:" \25B2"}#matrix thead th[aria-sort=descending]::after{content:" \25BC"}
#matrix td.c{text-align:center;white-space:nowrap}
#matrix td.c a{color:inherit;text-decoration:none;display:block}
.v-pass{background:var(--pass-bg);color:var(--pass)}.v-info{background:var(--info-bg);color:var(--info)}
.v-warn{background:var(--warn-bg);color:var(--warn)}.v-fail{background:var(--fail-bg);color:var(--fail);font-weight:600}
.v-error{background:var(--error-bg);color:var(--error);font-weight:600}.v-skipped,.v-other{background:var(--skip-bg);color:var(--skip)}
.v-none{color:#8c959f;text-align:center}
.vt{font-size:.8em;margin-left:.25em}
.badge{display:inline-block;border-radius:4px;padding:0 .4em;font-weight:600;border:1px solid currentColor}
.ok{color:var(--pass)}.bad{color:var(--fail)}
.controls{margin:.5em 0;display:flex;flex-wrap:wrap;gap:.5em}
.controls input,.controls select{font:inherit;padding:4px 6px}
.site{border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin:1em 0}
.finding{border-left:4px solid var(--line);padding:4px 10px;margin:.6em 0;background:#fafbfc}
.finding.v-fail{border-color:var(--fail)}.finding.v-warn{border-color:var(--warn)}.finding.v-info{border-color:var(--info)}
.finding p{margin:.2em 0;color:#1f2328}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88em;overflow-wrap:anywhere}
svg text{font:12px system-ui,sans-serif;fill:#1f2328}
.chart{max-width:100%;height:auto}
.legend span{margin-right:1em;white-space:nowrap}
.sw{display:inline-block;width:.8em;height:.8em;margin-right:.3em;vertical-align:middle}
#v6r-errors{background:var(--fail-bg);color:var(--fail);white-space:pre-wrap}
@media (max-width:600px){body{font-size:14px;padding:8px}table{font-size:.8em}th,td{padding:3px 4px}.vt{display:none}}
@media print{nav,.controls,#v6r-errors{display:none}body{max-width:none;padding:0;font-size:11pt}
.scroll{overflow:visible}thead th{position:static}a{color:inherit;text-decoration:none}
.site,.finding,tr,svg{break-inside:avoid}h2{break-after:avoid}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
)CSS";

/// Runs first: any script error is written into the page, where `chromium --dump-dom` (and a reader) sees it.
inline constexpr const char* kErrorJs = R"JS(
window.onerror=function(m,s,l,c){var e=document.getElementById('v6r-errors');if(e){e.hidden=false;e.textContent+='Uncaught: '+m+' (line '+l+')\n';}};
)JS";

/// Sort on header click, filter by text and verdict, and a hidden DOM summary the tests read. Values
/// read from the page (data-v) are only compared with the fixed verdict words: an attribute name is
/// built from those words alone ("data-cells-" + pass|info|warn|fail|error|skipped|other).
inline constexpr const char* kMatrixJs = R"JS(
(function(){
var t=document.getElementById('matrix'),s=document.getElementById('v6r-dom-summary');if(!t||!s)return;
var tb=t.tBodies[0],rows=Array.prototype.slice.call(tb.rows),hd=t.tHead.rows[0].cells;
var rank={fail:0,error:1,warn:2,skipped:3,info:4,pass:5};
function known(v){return Object.prototype.hasOwnProperty.call(rank,v);}
function key(c){var v=c.getAttribute('data-v');if(v!==null)return known(v)?rank[v]:6;return (c.getAttribute('data-k')||c.textContent).toLowerCase();}
t.tHead.addEventListener('click',function(e){var th=e.target.closest('th');if(!th)return;
var i=th.cellIndex,dir=th.getAttribute('aria-sort')==='ascending'?-1:1;
for(var j=0;j<hd.length;j++)hd[j].removeAttribute('aria-sort');th.setAttribute('aria-sort',dir>0?'ascending':'descending');
rows.sort(function(a,b){var x=key(a.cells[i]),y=key(b.cells[i]);return (x<y?-1:x>y?1:0)*dir;});
rows.forEach(function(r){tb.appendChild(r);});});
var f=document.getElementById('filter'),o=document.getElementById('only');
function apply(){var q=f.value.toLowerCase(),w=o.value;rows.forEach(function(r){
r.hidden=!(r.getAttribute('data-site').toLowerCase().indexOf(q)>=0&&(!w||r.querySelector('td[data-v="'+w+'"]')));});}
f.addEventListener('input',apply);o.addEventListener('change',apply);
var n={other:0};for(var v in rank)n[v]=0;
rows.forEach(function(r){r.querySelectorAll('td[data-v]').forEach(function(c){var v=c.getAttribute('data-v');n[known(v)?v:'other']++;});});
s.setAttribute('data-sites',rows.length);s.setAttribute('data-checks',hd.length-2);
s.setAttribute('data-findings',document.querySelectorAll('.finding').length);
s.setAttribute('data-site-sections',document.querySelectorAll('section.site').length);
for(var k in n)if(n[k])s.setAttribute('data-cells-'+k,n[k]);s.setAttribute('data-ready','1');
})();
)JS";

}  // namespace v6r::report::html_assets
