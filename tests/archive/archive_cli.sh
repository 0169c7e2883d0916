#!/bin/bash
# `v6analyze archive` and `v6analyze history` end to end on 20 weekly sweeps of 99 sites (gen_sweeps from
# the lab demo's findings): every query's answer is compared with the same answer computed here from the
# findings files (python3), not with the archive's own idea of it.
set -u
: "${V6ANALYZE:?} ${GEN:?} ${GEN_BUNDLES:?} ${SRC:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
pass() { echo "ok: $*"; }
V=$V6ANALYZE
DB=$T/a.db
N=20

# From October 2026: the sweeps cross into 2027, when the plan asks L2 of communes instead of L1.
"$GEN" "$SRC/tests/archive/data/lab-findings.json" "$T/g" $N 99 2026-10-05 || fail "gen_sweeps"
files=("$T"/g/sweep-*/findings.json)
[ ${#files[@]} = $N ] || fail "expected $N findings files, got ${#files[@]}"

t0=$(date +%s.%N)
"$V" archive add -q "$DB" "${files[@]}" || fail "archive add exit $?"
t1=$(date +%s.%N)
pass "imported $N sweeps of 99 sites in $(python3 -c "print(round($t1-$t0,2))") s ($(du -k "$DB" | cut -f1) KiB)"
out=$("$V" archive add "$DB" "${files[@]}") || fail "second add exit $?"
[ "$(grep -c '^already archived as sweep #' <<<"$out")" = $N ] || fail "second add was not a no-op: $out"
pass "adding the same sweeps again is a no-op"
"$V" archive check "$DB" >/dev/null || fail "archive check"

# Expected answers from the findings files (read in the expanded form: docs/findings-schema.md "Compact form").
xfiles=()
for f in "${files[@]}"; do
  "$V" expand "$f" -o "$f.expanded" || fail "expand $f"
  xfiles+=("$f.expanded")
done
python3 - "$T" "${xfiles[@]}" <<'PY' || fail "python reference answers"
import json, sys, collections
out, files = sys.argv[1], sys.argv[2:]
docs = [json.load(open(f)) for f in files]
lvl = lambda s: s['level'] if s['level'] is not None else 'not_assessed'  # as the archive stores it
rank = lambda l: -1 if l == 'not_assessed' else int(l[1:])
first, last = {s['site']: s for s in docs[0]['sites']}, {s['site']: s for s in docs[-1]['sites']}
ch = []
for site in sorted(first):
    a, b = lvl(first[site]), lvl(last[site])
    if a != b:
        ch.append((rank(b) - rank(a), site, a, b))
ch.sort()
with open(out + '/changes.csv', 'w') as f:
    for d, site, a, b in ch:
        f.write(f"{site},{'regression' if d < 0 else 'improvement'},{a},{b}\n")
below = []
for site in sorted(last):
    if all({s['site']: s for s in d['sites']}[site]['plan_verdict'] == 'below' for d in docs[-3:]):
        below.append(site)
open(out + '/below.txt', 'w').write(''.join(s + '\n' for s in below))
fails = collections.Counter()
for d in docs[5:10]:
    for s in d['sites']:
        for c in s['checks']:
            if c['verdict'] == 'fail':
                fails[(c['kind'], c['check_id'])] += 1
with open(out + '/fails.csv', 'w') as f:
    for (k, cid), n in sorted(fails.items(), key=lambda x: (-x[1], x[0][0], x[0][1])):
        f.write(f"{k},{cid},{n}\n")
d = docs[7]
dist = collections.defaultdict(collections.Counter)
for s in d['sites']:
    dist[s['site'].rsplit('/', 1)[0]][lvl(s)] += 1
with open(out + '/districts.csv', 'w') as f:
    for k in sorted(dist):
        n = sum(dist[k].values())
        f.write(k + ',' + ','.join('%.3f' % (100.0 * dist[k]['L%d' % i] / n) for i in range(5)) + '\n')
site = 'province/district-4/commune-13'
with open(out + '/site.csv', 'w') as f:
    for d in docs:
        s = {x['site']: x for x in d['sites']}[site]
        f.write(f"{d['sweep']['label']},{lvl(s)},{'yes' if s['plan_verdict'] == 'meets' else 'no'},{s['counts']['fail']}\n")
labels = [d['sweep']['label'] for d in docs]
open(out + '/labels.txt', 'w').write('\n'.join([labels[0], labels[5], labels[9], labels[7], labels[-1]]) + '\n')
PY
mapfile -t L <"$T/labels.txt"
[ -s "$T/changes.csv" ] || fail "the generator made no level change in $N sweeps"
[ -s "$T/below.txt" ] || fail "the generator made no site below the plan"

"$V" history "$DB" --changes "${L[0]}" "#$N" --csv >"$T/h.csv" || fail "history --changes exit $?"
tail -n +2 "$T/h.csv" | cut -d, -f1-4 | diff - "$T/changes.csv" || fail "--changes differs from the findings files"
pass "--changes: $(wc -l <"$T/changes.csv") sites changed level, as in the findings files"

"$V" history "$DB" --below-plan 3 --json >"$T/b.json" || fail "history --below-plan exit $?"
python3 -c "import json,sys; print(''.join(r['site']+'\n' for r in json.load(open(sys.argv[1]))['rows']), end='')" "$T/b.json" |
  diff - "$T/below.txt" || fail "--below-plan differs from the findings files"
pass "--below-plan 3: $(wc -l <"$T/below.txt") sites, as in the findings files"

"$V" history "$DB" --failing-checks --since "${L[1]}" --until "${L[2]}" --top 1000 --csv >"$T/f.csv" || fail "--failing-checks"
tail -n +2 "$T/f.csv" | cut -d, -f1-3 | diff - "$T/fails.csv" || fail "--failing-checks differs from the findings files"
pass "--failing-checks over sweeps 6..10: $(wc -l <"$T/fails.csv") checks, as in the findings files"

"$V" history "$DB" --districts --since "${L[3]}" --until "${L[3]}" --csv >"$T/d.csv" || fail "--districts"
tail -n +2 "$T/d.csv" | cut -d, -f3,5-9 | diff - "$T/districts.csv" || fail "--districts differs from the findings files"
pass "--districts: shares per level of 9 districts, as in the findings files"

"$V" history "$DB" --site province/district-4/commune-13 --csv >"$T/s.csv" || fail "--site"
tail -n +2 "$T/s.csv" | cut -d, -f2,4,6,7 | diff - "$T/site.csv" || fail "--site differs from the findings files"
"$V" history "$DB" --site province/district-4/commune-13 >"$T/s.txt" || fail "--site (table)"
grep -q "^#$N " "$T/s.txt" || fail "--site table lacks sweep #$N: $(cat "$T/s.txt")"
pass "--site: level, plan and fails over $N sweeps, as in the findings files"

"$V" history "$DB" --json | python3 -c "import json,sys; r=json.load(sys.stdin)['rows']; assert len(r)==$N and all(x['sites']==99 for x in r), r" ||
  fail "history (sweeps) --json"
pass "history lists $N sweeps of 99 sites"

# --lang vi: every query's terminal table has its title, headings and the archive's own words in
# Vietnamese (no English heading left but the per-level ones, "L2" / "L2 %"); the data stays as it is;
# --csv and --json are the same bytes whatever the language (machine-read).
queries=("" "--site province/district-4/commune-13" "--site province/district-0/commune-0 --findings"
  "--changes ${L[0]} #$N" "--below-plan 3" "--failing-checks" "--districts" "--plan")
for q in "${queries[@]}"; do
  # shellcheck disable=SC2086
  LC_ALL=C "$V" history "$DB" $q --lang en >"$T/en.txt" || fail "history $q --lang en"
  # shellcheck disable=SC2086
  LC_ALL=C "$V" history "$DB" $q --lang vi >"$T/vi.txt" || fail "history $q --lang vi"
  # shellcheck disable=SC2086
  LC_ALL=vi_VN.UTF-8 "$V" history "$DB" $q >"$T/env.txt" || fail "history $q under LC_ALL=vi"
  cmp -s "$T/vi.txt" "$T/env.txt" || fail "history $q: LC_ALL=vi_VN.UTF-8 is not the same as --lang vi"
  [ "$(wc -l <"$T/en.txt")" = "$(wc -l <"$T/vi.txt")" ] || fail "history $q: en and vi tables differ in rows"
  [ "$(head -1 "$T/en.txt")" != "$(head -1 "$T/vi.txt")" ] || fail "history $q --lang vi: the title is English"
  python3 - "$T/en.txt" "$T/vi.txt" "$q" <<'PY' || fail "history $q --lang vi: English left (above)"
import re, sys
en, vi, q = (open(sys.argv[1], encoding='utf-8').read().splitlines(), open(sys.argv[2], encoding='utf-8').read().splitlines(), sys.argv[3])
heads = lambda line: [h for h in re.split(r'\s{2,}', line.strip()) if h]
left = [h for h in heads(vi[1]) if h in heads(en[1]) and not re.fullmatch(r'L[0-4]( %)?', h)]
assert not left, f'{q}: headings still English: {left}'
words = {'yes', 'no', 'regression', 'improvement', 'reached', 'not at this pace', '(no rows)'}
for line in vi[3:]:
    cells = set(re.split(r'\s{2,}', line.strip()))
    assert not (cells & words), f'{q}: English word in a vi row: {line}'
PY
  for f in --csv --json; do
    # shellcheck disable=SC2086
    "$V" history "$DB" $q $f --lang en >"$T/en.out" && LC_ALL=vi_VN.UTF-8 "$V" history "$DB" $q $f --lang vi >"$T/vi.out" ||
      fail "history $q $f"
    cmp -s "$T/en.out" "$T/vi.out" || fail "history $q $f --lang vi is not the English machine-read output"
  done
done
LC_ALL=C "$V" history "$DB" --changes "${L[0]}" "#$N" --lang vi >"$T/vi.txt"
grep -q "^Thay đổi mức từ đợt quét #" "$T/vi.txt" || fail "--changes --lang vi title: $(head -1 "$T/vi.txt")"
grep -qE "  (giảm mức|tăng mức)  " "$T/vi.txt" || fail "--changes --lang vi: no change word in Vietnamese"
LC_ALL=C "$V" history "$DB" --below-plan 999 --lang vi | grep -qx "(không có dòng nào)" || fail "no rows in vi"
"$V" history "$DB" --lang fr >/dev/null 2>&1 && fail "history --lang fr accepted"
pass "history --lang vi: every query's title, headings and words in Vietnamese; --csv/--json unchanged"

# Usage errors: exit 2.
for args in "--site nowhere/x" "--changes #1 #999" "--since 2026-13" "--site a --districts" "--json --csv"; do
  # shellcheck disable=SC2086
  "$V" history "$DB" $args >/dev/null 2>"$T/err"
  rc=$?
  [ $rc = 2 ] || fail "history $args: exit $rc, expected 2"
  [ -s "$T/err" ] || fail "history $args: no message"
done
pass "history: unknown site or sweep, bad date, two queries: exit 2 with a message"

# Bundles moved elsewhere: found with --bundles, a clear error without.
mv "$T/g/bundles" "$T/moved"
"$V" archive add "$T/b.db" "${files[0]}" >/dev/null 2>"$T/err"
rc=$?
[ $rc = 2 ] || fail "add with bundles gone: exit $rc, expected 2"
grep -q "cannot read its MANIFEST.sha256" "$T/err" || fail "add with bundles gone: $(cat "$T/err")"
"$V" archive add -q "$T/b.db" "${files[0]}" --bundles "$T/moved" || fail "add --bundles"
"$V" archive add "$T/b.db" "${files[0]}" --no-manifest | grep -q "^archived sweep #2" ||
  fail "--no-manifest keys differ from manifest keys, so it is another sweep"
pass "bundles are found by --bundles DIR; not found: exit 2 naming --bundles/--no-manifest"

# A hostile findings file naming a device as its bundle: refused at once, never read.
python3 - "${files[3]}" "$T/hostile.json" <<'PY2' || fail "hostile findings"
import json, sys
d = json.load(open(sys.argv[1]))
d['sites'][0]['bundle']['path'] = '/dev/zero'
d['sites'][0]['bundle']['name'] = 'zero'
json.dump(d, open(sys.argv[2], 'w'))
PY2
timeout 60 "$V" archive add "$T/h.db" "$T/hostile.json" >/dev/null 2>"$T/err"
rc=$?
[ $rc = 2 ] || fail "bundle path /dev/zero: exit $rc, expected 2"
grep -q "neither a bundle directory nor a bundle .tar" "$T/err" || fail "bundle path /dev/zero: $(cat "$T/err")"
pass "a findings file naming /dev/zero as a bundle: exit 2, not read"

# Prune: detail of the newest 5 kept, levels of all 20.
"$V" archive prune "$DB" --keep 5 >"$T/p.txt" || fail "prune exit $?"
grep -q "pruned the detail of 15 sweeps" "$T/p.txt" || fail "prune: $(cat "$T/p.txt")"
"$V" history "$DB" --site province/district-4/commune-13 --csv | tail -n +2 | cut -d, -f2,4,6,7 | diff - "$T/site.csv" ||
  fail "levels changed by prune"
n=$("$V" history "$DB" --site province/district-0/commune-0 --findings --csv | tail -n +2 | cut -d, -f1 | sort -u | wc -l)
[ "$n" -le 5 ] || fail "findings of $n sweeps after prune --keep 5"
"$V" archive check "$DB" >/dev/null || fail "check after prune"
"$V" archive prune "$DB" >/dev/null 2>&1
[ $? = 2 ] || fail "prune without --keep: expected exit 2"
pass "prune --keep 5: findings of 15 sweeps gone, levels of all 20 kept"

# report --archive: report.html gets the trend over the archived sweeps and the plan tracking, the same
# rows as `history --plan`; a file that is no archive is refused (exit 2) and left as it was.
"$V" report "${files[-1]}" --archive "$DB" --out "$T/rep" --format html >/dev/null || fail "report --archive exit $?"
"$V" history "$DB" --plan --json >"$T/plan.json" || fail "history --plan exit $?"
"$V" history "$DB" --json >"$T/sweeps.json" || fail "history exit $?"
python3 - "$T/rep/report.html" "$T/plan.json" "$T/sweeps.json" <<'PY' || fail "report --archive: report.html differs from the archive"
import html, json, re, sys
page = open(sys.argv[1]).read()
plan, sweeps = json.load(open(sys.argv[2]))['rows'], json.load(open(sys.argv[3]))['rows']
sec = re.search(r'<section id="plan-tracking">(.*?)</section>', page, re.S)
assert sec, 'no plan-tracking section'
rows = re.findall(r'<tr><td>(.*?)</td><td>(.*?)</td><td>(\d+)</td><td>(.*?)</td>', sec.group(1))
want = [(r['district'], r['class'], str(r['year']), r['target']) for r in plan]
assert plan and [(html.unescape(a), html.unescape(b), c, d) for a, b, c, d in rows] == want, (rows[:3], want[:3])
assert sec.group(1).count('class="pbar"') == len(plan)
trend = re.search(r'<section id="trend">(.*?)</section>', page, re.S)
assert trend, 'no trend section'
for s in sweeps:
    assert '<title>' + html.escape(s['label']) + ': ' in trend.group(1), s['label']
assert 'href="#plan-tracking"' in page
# The projection per district: a line chart per district and class for the class's next target, one
# point per archived sweep, its status in words as the table says it.
first = {}
for r in plan:
    first.setdefault(r['class'], r['year'])
nxt = {(r['district'], r['class']): r for r in plan if r['year'] == first[r['class']]}
figs = re.findall(r'<figure class="pchart"><figcaption><bdi>(.*?)</bdi></figcaption>(.*?)</figure>', sec.group(1), re.S)
assert len(figs) == min(24, len(nxt)), (len(figs), len(nxt))
for title, body in figs:
    d = html.unescape(title).split(' · ')[0]
    key = next(k for k in nxt if k[0] == d and k[1] in html.unescape(title))
    r = nxt[key]
    assert ': %s by the end of %d' % (r['target'], r['year']) in html.unescape(title), title
    pts = re.search(r'<polyline class="obs" points="([^"]*)"', body).group(1).split()
    assert len(pts) == len(sweeps), (title, len(pts), len(sweeps))
    for p in pts:
        x, y = map(float, p.split(','))
        assert 44 <= x <= 328 and 22 <= y <= 160, p
    status = html.unescape(re.search(r'<p class="meta">(.*?)</p>', body).group(1))
    want = {'yes': 'on track', 'no': 'after the target'}[r['on_track']] if r['projected'] not in ('reached', 'not at this pace') \
        else {'reached': 'the target is reached', 'not at this pace': 'never 100 %'}[r['projected']]
    assert want in status and (r['projected'] in ('reached', 'not at this pace') or r['projected'] in status), (status, r)
    assert ('class="proj"' in body) == (r['projected'] != 'reached'), title
print(len(plan), 'plan rows,', len(sweeps), 'sweeps in the trend,', len(figs), 'projection charts')
PY
"$V" report "${files[-1]}" --archive "$DB" --lang vi --out "$T/rep-vi" --format html >/dev/null || fail "report --archive --lang vi"
grep -q '<h2>Theo dõi tiến độ kế hoạch' "$T/rep-vi/report.html" || fail "report --archive --lang vi: the plan tracking is not in Vietnamese"
grep -q '<th>đúng tiến độ</th>' "$T/rep-vi/report.html" || fail "report --archive --lang vi: headings not in Vietnamese"
grep -q '<h3>Dự báo theo huyện</h3>' "$T/rep-vi/report.html" || fail "report --archive --lang vi: the projection charts are not in Vietnamese"
grep -q '>thực tế</text>' "$T/rep-vi/report.html" || fail "report --archive --lang vi: the chart legend is not in Vietnamese"
# The charts on a 390-px phone (a 390-px iframe: headless Chromium's window is at least 500 px): drawn
# at their own size (labels 12 px), nothing wider than the screen.
if CHROMIUM=$(command -v chromium || command -v chromium-browser); then
  PROFILE=$(mktemp -d)
  cat >"$T/phone.html" <<'HTML'
<!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="rep-vi/report.html#plan-tracking" style="width:390px;height:1400px;border:0"></iframe>
<div id="out" hidden></div><script>
var f=document.getElementById('f'),n=0;function poll(){var d=f.contentDocument,s=d&&d.querySelectorAll('svg.pchart');
if(s&&s.length&&d.readyState==='complete'){var m=1e9;s.forEach(function(e){m=Math.min(m,e.getBoundingClientRect().width);});
var de=d.documentElement,o=document.getElementById('out');o.setAttribute('data-charts',s.length);
o.setAttribute('data-min-width',Math.round(m));o.setAttribute('data-overflow',Math.max(0,de.scrollWidth-de.clientWidth));
o.setAttribute('data-viewport',f.contentWindow.innerWidth);return;}if(++n<400)setTimeout(poll,50);}poll();
</script></body></html>
HTML
  timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$PROFILE" \
    --allow-file-access-from-files --window-size=500,1400 --virtual-time-budget=10000 --dump-dom \
    "file://$T/phone.html" >"$T/phone.dom" 2>/dev/null || fail "chromium at 390 px"
  timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$PROFILE" \
    --allow-file-access-from-files --window-size=500,1400 --virtual-time-budget=10000 \
    --screenshot="$T/phone-plan.png" "file://$T/phone.html" >/dev/null 2>&1 || true
  rm -rf "$PROFILE"
  a() { grep -o "id=\"out\"[^>]*" "$T/phone.dom" | grep -o " data-$1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  [ "$(a viewport)" = 390 ] || fail "390 px: viewport $(a viewport)"
  [ "$(a charts)" -gt 0 ] || fail "390 px: no chart"
  [ "$(a min-width)" -ge 340 ] || fail "390 px: a chart is drawn $(a min-width) px wide (scaled down: labels under 12 px)"
  [ "$(a overflow)" = 0 ] || fail "390 px: the page is $(a overflow) px wider than the screen"
  pass "report --archive at 390 px: $(a charts) charts at their own size (340 px, 12-px labels), no overflow"
fi
printf 'not an archive' >"$T/bad.db"
cp "$T/bad.db" "$T/bad.copy"
"$V" report "${files[-1]}" --archive "$T/bad.db" --out "$T/rep2" --format html >/dev/null 2>"$T/err"
[ $? = 2 ] || fail "report --archive with a foreign file: expected exit 2"
cmp -s "$T/bad.db" "$T/bad.copy" || fail "report --archive changed a foreign file"
[ ! -e "$T/rep2/report.html" ] || fail "report --archive wrote a report from a foreign file"
"$V" report "${files[-1]}" --archive "$DB" --pace 0 --out "$T/rep2" >/dev/null 2>&1
[ $? = 2 ] || fail "report --pace 0: expected exit 2"
pass "report --archive: the plan tracking has history --plan's rows, the trend every archived sweep; a foreign file exit 2, unchanged"

# analyze --archive over real bundles (the analyzer's golden cases).
"$GEN_BUNDLES" "$T/bundles" >/dev/null || fail "gen_bundles"
(cd "$T" && "$V" analyze bundles --out plain -q --year 2029)
rc0=$?  # 3: one golden case is a truncated capture
(cd "$T" && "$V" analyze bundles --out out -q --archive c.db --year 2029)
rc=$?
[ $rc = $rc0 ] || fail "analyze --archive exit $rc, without --archive $rc0"
"$V" history "$T/c.db" --json | python3 -c "import json,sys; r=json.load(sys.stdin)['rows']; assert len(r)==1 and r[0]['sites']>3, r" ||
  fail "analyze --archive did not archive the sweep"
(cd "$T" && "$V" archive add c.db out/findings.json) | grep -q "^already archived" || fail "analyze --archive + archive add: twice"
m=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM site_results WHERE manifest_sha256 IS NULL').fetchone()[0])" "$T/c.db")
[ "$m" = 0 ] || fail "analyze --archive stored sites without their manifest hash"
"$V" analyze --capture /dev/null --archive "$T/c.db" >/dev/null 2>&1
[ $? = 2 ] || fail "analyze --capture --archive: expected exit 2"
pass "analyze --archive: the sweep is archived with its manifests, archive add of its findings.json is a no-op"
echo "all archive CLI checks passed"
