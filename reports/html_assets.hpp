#pragma once
// The inline CSS and JavaScript of report.html (kept apart from html.cpp so each stays readable).
// No external fetches of any kind: the report is one file that can be mailed to an auditor.
namespace v6r::report::html_assets {

inline constexpr const char* kCss = R"CSS(
:root{--pass:#1a7f37;--pass-bg:#dafbe1;--info:#0969da;--info-bg:#ddf4ff;--warn:#7d4e00;--warn-bg:#fff3b0;
--fail:#b3261e;--fail-bg:#ffe0dc;--error:#6e0b1c;--error-bg:#f9c9d0;--skip:#57606a;--skip-bg:#eaeef2;--line:#d0d7de}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;margin:0 auto;max-width:1340px;padding:12px}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.25em;border-bottom:2px solid var(--line);padding-bottom:.2em;margin-top:1.6em}
h3{font-size:1.1em;margin:.3em 0}
nav a{margin-right:.8em}
.meta{color:#57606a;font-size:.9em}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%}
table{border-collapse:collapse;font-size:.9em}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
thead th{background:#f6f8fa;position:sticky;top:0}
#matrix thead th{cursor:pointer;white-space:nowrap}
#matrix th.vh{vertical-align:bottom;padding:6px 2px;font-weight:500}
#matrix th.vh span{writing-mode:vertical-rl;transform:rotate(180deg);display:inline-block;max-height:14em;overflow:hidden;text-overflow:ellipsis}
#matrix td:first-child{max-width:16em;overflow-wrap:anywhere}#matrix td.c,#matrix td.v-none{padding:2px 3px}#matrix .vt{display:none}
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
.cause{border-left:6px solid var(--line);padding:4px 10px;margin:.6em 0;background:#f3f4f6}
.cause.v-fail{border-color:var(--fail)}.cause.v-warn{border-color:var(--warn)}.cause.v-info{border-color:var(--info)}
.cause ul{margin:.3em 0}
.pcharts{display:flex;flex-wrap:wrap;gap:.5em 1.5em}figure.pchart{margin:.4em 0;max-width:100%}
figure.pchart figcaption{font-weight:600;overflow-wrap:anywhere;max-width:340px}figure.pchart p{max-width:340px;margin:.2em 0}
svg.pchart{display:block;max-width:100%;height:auto}svg.pchart text{font-size:12px}svg.pchart text.dl{fill:#a33f00;font-weight:600}
ul.pkts{margin:.2em 0;padding-left:1.2em;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.82em;overflow-wrap:anywhere}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88em;overflow-wrap:anywhere}
svg text{font:12px system-ui,sans-serif;fill:#1f2328}
svg text.seg{font-size:11px;font-weight:600;fill:#000;paint-order:stroke;stroke:#fff;stroke-width:3px}
.chart{max-width:100%;height:auto}.chart.fixed{max-width:none}
.lv0{background-color:#d55e00}.lv1{background-color:#e69f00}.lv2{background-color:#f0e442}.lv3{background-color:#009e73}
.lv4{background-color:#0072b2}.lv5{background-color:#999999}
.lv1,.lv3{background-image:repeating-linear-gradient(45deg,rgba(0,0,0,.3) 0 2px,transparent 2px 6px)}
.badge.lv0,.badge.lv1,.badge.lv2,.badge.lv3,.badge.lv5{color:#000;background-image:none}.badge.lv4{color:#fff}
.lchart{max-width:46em;margin:.6em 0}.lrow{display:flex;align-items:center;gap:.5em;margin:3px 0}
.lname{flex:0 1 18em;min-width:6em;overflow-wrap:anywhere}.ltrack{flex:1 1 8em;height:1.3em;background:#f6f8fa;border:1px solid var(--line)}
.ltrack>span{display:block;height:100%}.lnum{flex:0 0 3.5em;text-align:right;font-variant-numeric:tabular-nums}
.mb,.lb{display:inline-flex;width:8em;height:.9em;border:1px solid #57606a;vertical-align:middle;background:#fff}
.mb>span,.lb>span{display:block;height:100%}
.cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,26em),1fr));gap:0 1.5em}
.share{display:inline-block;width:5em;height:.7em;background:#eaeef2;vertical-align:middle}.share>span{display:block;height:100%;background:var(--fail)}
ul.tree{list-style:none;padding-left:1.1em;margin:.1em 0}ul.tree.top{padding-left:0}
ul.tree summary{cursor:pointer}.tn{font-weight:600}li.leaf{margin:1px 0}
section.site{content-visibility:auto;contain-intrinsic-size:auto 700px}
section.site p,section.site li{overflow-wrap:anywhere}
.legend span{margin-right:1em;white-space:nowrap}
.sw{display:inline-block;width:.8em;height:.8em;margin-right:.3em;vertical-align:middle}
#v6r-errors{background:var(--fail-bg);color:var(--fail);white-space:pre-wrap}
@media (max-width:600px){body{font-size:14px;padding:8px}table{font-size:.85em}th,td{padding:3px 4px}.vt{display:none}
.lname{flex-basis:9em}.mb{width:5em}nav a{display:inline-block;margin:.1em .6em .1em 0}}
@media print{nav,.controls,#v6r-errors{display:none}body{max-width:none;padding:0;font-size:11pt}
.scroll{overflow:visible}thead th{position:static}a{color:inherit;text-decoration:none}
.site,.finding,tr,svg{break-inside:avoid}h2{break-after:avoid}section.site{content-visibility:visible}
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

/// Load figures for the scale test and a curious reader: navigation timing and first contentful paint in
/// ms since navigation start, as data-t-* attributes of the hidden DOM summary (read with --dump-dom).
inline constexpr const char* kTimingJs = R"JS(
(function(){var s=document.getElementById('v6r-dom-summary');if(!s||!window.performance)return;
function put(){var n=performance.getEntriesByType('navigation')[0],p=performance.getEntriesByName('first-contentful-paint')[0];
if(n){s.setAttribute('data-t-dcl',Math.round(n.domContentLoadedEventEnd));if(n.loadEventEnd)s.setAttribute('data-t-load',Math.round(n.loadEventEnd));}
if(p)s.setAttribute('data-t-fcp',Math.round(p.startTime));}
// Layout: how far the matrix and the page overflow their boxes at this width (0 = nothing clipped or
// scrolled sideways); the lazy script calls it again once the matrix rows exist.
window.v6rLayout=function(){var w=document.getElementById('matrix-wrap'),d=document.documentElement;
s.setAttribute('data-viewport',window.innerWidth);s.setAttribute('data-overflow-page',Math.max(0,d.scrollWidth-d.clientWidth));
if(w)s.setAttribute('data-overflow-matrix',Math.max(0,w.scrollWidth-w.clientWidth));};
put();window.v6rLayout();document.addEventListener('DOMContentLoaded',put);window.addEventListener('load',function(){put();window.v6rLayout();setTimeout(put,0);});
if(window.PerformanceObserver)try{new PerformanceObserver(put).observe({type:'paint',buffered:true});}catch(e){}
})();
)JS";

/// The lazy report (html_parts.hpp lazy_data_base64): inflate the embedded data, then build the matrix
/// (worst first, at most 300 rows at a time, filtered and sorted like the inline one) and a site's
/// detail when its link is followed. Only textContent and <bdi> elements: no string from the document is
/// parsed as markup; the strings arrive with their hidden characters already shown. Words come from the
/// data's label table D.L ({0}… filled in by fmt), so they are translated where the labels are.
inline constexpr const char* kLazyJs = R"JS(
(function(){
var S=document.getElementById('v6r-dom-summary'),E=document.getElementById('v6r-data'),DT=document.getElementById('site-detail'),
T=document.getElementById('matrix'),MORE=document.getElementById('matrix-more');
if(!S||!E||!DT||!T)return;
var D=null,L={},LIMIT=300;
var SYM={p:'✔',i:'ℹ',w:'⚠',f:'✖',e:'‼',s:'–',o:'?','.':'·'};
var WORD={p:'pass',i:'info',w:'warn',f:'fail',e:'error',s:'skipped',o:'other','.':'not run'};
var RANK={f:0,e:1,w:2,s:3,i:4,p:5,o:6,'.':7},VC={pass:1,info:1,warn:1,fail:1,error:1,skipped:1};
var LRANK=[0,2,3,4,5,1];
function el(t,c,x){var e=document.createElement(t);if(c)e.className=c;if(x!==undefined&&x!==null)e.textContent=String(x);return e;}
function bdi(x){return el('bdi',null,x);}
function own(o,k){return !!o&&Object.prototype.hasOwnProperty.call(o,k);}
function word(o,k){return own(o,k)?o[k]:k;}
function vw(v){return v==='.'?(L.not_run||WORD[v]):word(L.verdict,WORD[v]||'other');}
function line(p,tpl,a){var parts=String(tpl).split(/\{(\d+)\}/);for(var i=0;i<parts.length;i++){
if(i%2){var v=a[+parts[i]];p.appendChild(bdi(v===undefined||v===null?'':v));}else if(parts[i])p.appendChild(document.createTextNode(parts[i]));}return p;}
function add(p,c){p.appendChild(c);return c;}
function wrap(t,c){var e=el(t);e.appendChild(c);return e;}
function table(p,heads,rows){var w=add(p,el('div','scroll')),t=add(w,el('table')),h=add(add(t,el('thead')),el('tr'));
heads.forEach(function(x){h.appendChild(el('th',null,x));});var b=add(t,el('tbody'));rows.forEach(function(r){var tr=add(b,el('tr'));
r.forEach(function(c){var td=add(tr,el('td',c&&c.cls));if(c&&c.node)td.appendChild(c.node);else td.appendChild(bdi(c&&c.text!==undefined?c.text:c));});});return t;}
function verdict(v){var s=el('span');s.appendChild(el('span',null,SYM[v]||'?')).setAttribute('aria-hidden','true');s.appendChild(el('span','vt',vw(v)));return s;}
function site(i){var s=D.sites[i];if(!s)return;DT.textContent='';
var sec=add(DT,el('section','site'));sec.id='site-'+i;sec.setAttribute('data-site',s.p);
var h3=add(sec,el('h3'));h3.appendChild(bdi(s.p));h3.appendChild(document.createTextNode(' '));add(h3,el('span','badge lv'+(+s.ls),s.l));
var p=add(sec,el('p'));if(s.cls){line(p,L['class'],[s.cls]);p.appendChild(document.createTextNode(' · '));}
line(p,L.required,[s.req||'–']);p.appendChild(document.createTextNode(' · '));
add(p,el('span',s.pv==='meets'?'ok':s.pv==='not_in_plan'?null:'bad',L[s.pv]||s.pv));
if(s.unv){p.appendChild(document.createTextNode(' · '));add(p,el('span','bad',L.unverified));if(s.unv.length)p.appendChild(bdi(' '+s.unv.join(', ')));}
add(add(sec,el('p','level-summary')),el('strong',null,s.sum));
p=add(sec,el('p','meta'));p.appendChild(bdi(s.pr));p.appendChild(document.createTextNode(' · '));line(p,L.access,[word(L.access_mode,s.am)+(s.amiss?' ('+s.amiss+')':'')]);
if((s.lr&&s.lr.length)||(s.ae&&s.ae.length)){var ul=add(sec,el('ul'));(s.lr||[]).forEach(function(x){add(ul,el('li')).appendChild(bdi(x));});
(s.ae||[]).forEach(function(x){add(ul,el('li','meta')).appendChild(bdi(x));});}
var cap=s.cap||['','','',''];line(add(sec,el('p','meta')),L.evidence,[s.b[0],cap[0],cap[3]]);
if(s.rt){add(sec,el('h4',null,L.realtime));var rt=table(sec,L.rt_cols,[s.rt.map(function(c){return {text:c[1],cls:'v-'+(own(VC,c[0])?c[0]:c[0]?'other':'skipped')};})]);rt.className='realtime';
var td=rt.querySelectorAll('td');s.rt.forEach(function(c,j){td[j].setAttribute('data-kind',c[3]);if(c[2])td[j].title=c[2];});}
if(s.cov){var d=add(sec,el('details','coverage'));add(d,el('summary',null,L.coverage));
table(d,L.coverage_cols,s.cov.map(function(r){return [r[0],r[1],r[2],{text:word(L.coverage_state,r[3]),cls:r[3]==='present'?'cov-ok':'cov-gap'},r[4]];}));}
if(s.rc){add(sec,el('h4',null,L.root_causes));s.rc.forEach(function(r){var sev=r[1] in {fail:1,warn:1,info:1}?r[1]:'other',d=add(sec,el('div','cause v-'+sev)),st=add(d,el('strong'));
d.setAttribute('data-cause',r[0]);st.appendChild(el('span',null,{fail:'✖',warn:'⚠',info:'ℹ'}[sev]||'?'));st.appendChild(document.createTextNode(' '));st.appendChild(bdi(r[2]));
d.appendChild(document.createTextNode(' '));line(add(d,el('span','meta')),L.explains,[r[4]]);var ul=add(d,el('ul'));
r[3].forEach(function(x){line(add(ul,el('li')),L.rc_evidence,[x]);});
r[5].forEach(function(k){var f=s.f[k];if(!f)return;var li=add(ul,el('li','meta'));li.appendChild(document.createTextNode(((L.severity&&L.severity[f.s])||f.s)+' '));add(li,el('code')).appendChild(bdi(f.r));li.appendChild(document.createTextNode(' '));li.appendChild(bdi(f.t));});
if(L.rc_advice&&Object.prototype.hasOwnProperty.call(L.rc_advice,r[0]))line(add(d,el('p','meta')),L.rc_fix,[L.rc_advice[r[0]]]);
if(r[6])line(add(d,el('p','meta')),L.frames,[r[6]]);});}
line(add(sec,el('h4')),L.findings,[s.f.length]);if(!s.f.length)add(sec,el('p','meta',L.none));
s.f.forEach(function(f){var sev=f.s in {fail:1,warn:1,info:1}?f.s:'other',d=add(sec,el('div','finding v-'+sev)),st=add(d,el('strong'));
st.appendChild(el('span',null,{fail:'✖',warn:'⚠',info:'ℹ'}[sev]||'?'));st.appendChild(document.createTextNode(' '));st.appendChild(bdi(f.t));
d.appendChild(document.createTextNode(' '));add(d,el('code')).appendChild(bdi(f.r));
if(f.c){d.appendChild(document.createTextNode(' · '));line(d,L.check,[f.c]);}if(f.rfc){d.appendChild(document.createTextNode(' · '));d.appendChild(bdi(f.rfc));}
d.appendChild(document.createTextNode(' · '));line(d,L.from,[word(L.source,f.src)]);add(d,el('p')).appendChild(bdi(f.x));
if(own(D.A,f.r))line(add(d,el('p','advice')),L.advice,[D.A[f.r]]);
if(f.a)line(add(d,el('p','meta')),L.addresses,[f.a]);
if(f.ev)line(add(d,el('p','meta')),L.evidence,f.ev);if(f.fr)line(add(d,el('p','meta')),L.frames,[f.fr]);
if(f.pl&&s.pk){var pu=add(d,el('ul','pkts'));f.pl.forEach(function(k){if(typeof s.pk[k]==='string')add(pu,el('li')).appendChild(bdi(s.pk[k]));});
if(f.pm)line(add(pu,el('li','meta')),L.pkt_more,[f.pm]);}});
var dc=add(sec,el('details','checks'));line(add(dc,el('summary')),L.checks,[s.k.length]);
table(dc,L.check_cols,s.k.map(function(c){var col=D.cols[c[0]]||['',''],r=el('div'),a=el('div','mono');r.appendChild(bdi(c[3]));
if(c[4])r.appendChild(el('span','meta',' ('+c[4]+')'));if(c[8]){var cl=add(r,el('div','meta clauses'));c[8].forEach(function(x,j){if(j)cl.appendChild(document.createTextNode(' · '));
var sp=add(cl,el('span','v-'+(WORD[x[1]]||'other')));sp.setAttribute('data-clause',x[0]);sp.title=vw(x[1])+': '+x[2]+(x[3]?' ('+x[3]+')':'');sp.appendChild(document.createTextNode((SYM[x[1]]||'?')+' '));sp.appendChild(bdi(x[0]));});}
c[7].forEach(function(x,j){if(j)a.appendChild(el('br'));line(a,L[x[0]]||'{0}',[x[1]]);});
return [col[0],col[1],{node:wrap('code',bdi(c[1]))},{node:verdict(c[2]),cls:'v-'+(WORD[c[2]]||'other')},{node:r},{node:a,cls:'mono'},word(L.cross_check,c[5]),{text:c[6],cls:'mono'}];}));
if(s.an){add(sec,el('h4',null,L.anomalies));var au=add(sec,el('ul'));s.an.forEach(function(x){line(add(au,el('li')),L.anomaly,x);});}
var m=s.mt.slice();if(!m[5])m[5]=L.none_word;line(add(sec,el('p','meta')),L.capture_line,m);
line(add(sec,el('p','meta')),L.bundle_line,s.b);
if(s.cap)line(add(sec,el('p','meta')),L.capture_ref,[s.cap[0],s.cap[1],s.cap[2]?L.partial:'',s.cap[3]]);else add(sec,el('p','meta',L.no_capture));
sec.scrollIntoView();}
function go(){var m=/^#site-(\d+)(-check-\d+)?$/.exec(location.hash);if(m&&D)site(+m[1]);}
// The matrix: the worst sites first, LIMIT rows of those that match the filter.
var order=[],tb=T.tBodies[0],hd=T.tHead.rows[0].cells,sortCol=-1,dir=1;
function lrank(s){return LRANK[+s.ls]===undefined?9:LRANK[+s.ls];}
function fails(s){return s.m.split('f').length-1;}
function worst(a,b){var x=D.sites[a],y=D.sites[b];return lrank(x)-lrank(y)||fails(y)-fails(x)||(x.p<y.p?-1:x.p>y.p?1:0);}
function key(i,c){var s=D.sites[i];if(c===0)return s.p.toLowerCase();if(c===1)return lrank(s);var v=s.m.charAt(c-2);return RANK[v]===undefined?8:RANK[v];}
var f=document.getElementById('filter'),o=document.getElementById('only');
function row(i){var s=D.sites[i],tr=el('tr'),a=el('a');tr.setAttribute('data-site',s.p);a.href='#site-'+i;a.appendChild(bdi(s.p));add(tr,el('td')).appendChild(a);
add(tr,el('td',null,s.l));for(var c=0;c<s.m.length;c++){var v=s.m.charAt(c),w=WORD[v]||'other';
if(v==='.'){var n=add(tr,el('td','v-none',SYM[v]));n.title=(D.cols[c]||[''])[0]+': '+vw(v);continue;}
var x=add(tr,el('td','c v-'+w));x.setAttribute('data-v',w);x.title=(D.cols[c]||[''])[0]+': '+vw(v);var b=add(x,el('a',null,SYM[v]||'?'));b.href='#site-'+i;}return tr;}
function render(){var q=f?f.value.toLowerCase():'',w={fail:'f',error:'e',warn:'w'}[o?o.value:''],shown=0,match=0,fr=document.createDocumentFragment();
order.forEach(function(i){var s=D.sites[i];if(q&&s.p.toLowerCase().indexOf(q)<0)return;if(w&&s.m.indexOf(w)<0)return;match++;if(shown<LIMIT){shown++;fr.appendChild(row(i));}});
tb.textContent='';tb.appendChild(fr);MORE.textContent=match>shown?'':'';if(match>shown)line(MORE,L.showing,[shown,match]);}
T.tHead.addEventListener('click',function(e){var th=e.target.closest('th');if(!th||!D)return;var c=th.cellIndex;dir=(sortCol===c)?-dir:1;sortCol=c;
for(var j=0;j<hd.length;j++)hd[j].removeAttribute('aria-sort');th.setAttribute('aria-sort',dir>0?'ascending':'descending');
order.sort(function(a,b){var x=key(a,c),y=key(b,c);return (x<y?-1:x>y?1:worst(a,b))*(x===y?1:dir);});render();});
if(f)f.addEventListener('input',function(){if(D)render();});if(o)o.addEventListener('change',function(){if(D)render();});
function ready(){var n={other:0},nf=0;for(var v in RANK)if(v!=='.'&&v!=='o')n[WORD[v]]=0;
for(var i=0;i<D.sites.length;i++){order.push(i);var s=D.sites[i];nf+=s.f.length;for(var c=0;c<s.m.length;c++){var ch=s.m.charAt(c);if(ch!=='.')n[WORD[ch]||'other']++;}}
order.sort(worst);render();DT.textContent='';add(DT,el('p','meta',L.pick));
S.setAttribute('data-mode','lazy');S.setAttribute('data-sites',D.sites.length);S.setAttribute('data-checks',D.cols.length);
S.setAttribute('data-findings',nf);S.setAttribute('data-site-sections',D.sites.length);for(var k in n)if(n[k])S.setAttribute('data-cells-'+k,n[k]);
S.setAttribute('data-t-data',Math.round(performance.now()));if(window.v6rLayout)window.v6rLayout();S.setAttribute('data-ready','1');window.addEventListener('hashchange',go);go();}
if(!window.DecompressionStream||!window.Response||!window.Blob){var ns=document.getElementById('v6r-nostream');if(ns)ns.hidden=false;return;}
var b=atob(E.textContent.replace(/\s+/g,'')),u=new Uint8Array(b.length);for(var i=0;i<b.length;i++)u[i]=b.charCodeAt(i);
new Response(new Blob([u]).stream().pipeThrough(new DecompressionStream('gzip'))).text().then(function(t){D=JSON.parse(t);L=D.L||{};ready();})
.catch(function(e){window.onerror('report data: '+e,'',0,0);});
})();
)JS";

}  // namespace v6r::report::html_assets
