# The program change.sh checks, loaded through belongd's real JSON API and
# form (sourced after lib.sh).  Program "stem-club" (pre/post) with two
# sites, a and b, each a pre and a post event (club-pre-a, club-pre-b,
# club-post-a, club-post-b), the pulse survey.  Who answered what, by the
# gender both their answers give (the plan's "kind"); change.sh runs with
# --min-n 5 (the floor), which keeps the fixture small:
#
#   woman       6 at a, 6 at b: both waves, the same code      (exact)
#   man         5 at a, 2 at b: both waves, the same code       (exact)
#               3 at b: a typo in one element of the post code  (typo)
#               1 at b: "I don't know" for one element pre     (dk)
#               2 at b: one code shared by both, both waves    (share)
#               5 at b answered pre only (3 with no code, 2 all "I don't
#               know"), 5 at b post only (3 no code, 2 a code of their
#               own)                                        (preonly, postonly)
#   nonbinary   2 at b, both waves, exact
#   prefer_not  5 at b, both waves, exact
#   not answered 6 at a, both waves, exact
#
# So at --max-diff 1 (and 2, 3) the pairs are every both-waves person but
# the two sharing a code (tied, so ambiguous): 12 + 11 + 2 + 5 + 6 = 36 of
# 43 pre and 43 post responses (83.7 %); at --max-diff 0, 32 (no typo, no
# dk).  report (per wave, --min-n 5) suppresses nonbinary and, as its
# complement, prefer_not; woman, man and not answered show.  Answers vary by person (plan below), so every change has a spread.
# The post responses at site b go through the form (urlencoded, code_*
# fields), everything else through the JSON API ("code" object).
#
# $T/plan.csv keeps the plan, one line per response, for tests/r/change.R:
#   person,kind,wave,event,site,gender,b,w,v,f,rec,m0,m1
# (m0, m1: whether the person's responses are a pair at --max-diff 0, 1).
#
# A retrospective program "look-back" (instrument doc/instrument-retro.json)
# with one event, look-back-day: 12 responses through the API, in
# $T/retro.csv: person,gender,bb,wb,vb,fb,bn,wn,vn,fn (before and now).

start_pg
migrate
"$BELONG" program add --slug stem-club --title "STEM club" >/dev/null ||
	bail "program add stem-club"
for e in club-pre-a:pre club-pre-b:pre club-post-a:post club-post-b:post; do
	"$BELONG" event add --slug "${e%:*}" --title "Club ${e%:*}" --instrument pulse \
		--program stem-club --wave "${e#*:}" >/dev/null || bail "event add ${e%:*}"
done
"$BELONG" instrument add "$SRCDIR/doc/instrument-retro.json" >/dev/null ||
	bail "instrument add retro"
"$BELONG" program add --slug look-back --title "Looking back" --design retro >/dev/null ||
	bail "program add look-back"
"$BELONG" event add --slug look-back-day --title "Look back day" --instrument retro \
	--program look-back >/dev/null || bail "event add look-back-day"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/secret"
start_belongd --dsn "$PG_DSN" --secret-file "$T/secret" \
	-o rate_burst=100000 -o rate_per_second=100000

# The plan: deterministic answers and codes.  A code is four elements
# (birth_month, guardian_initial, older_siblings, birth_town_initial),
# "dk" for "I don't know", or "none" for no code at all.
python3 - >"$T/plan.txt" <<'EOF'
letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
sib = ["0", "1", "2", "3", "4", "5+"]
def code(i):	# unique per i < 156: (i mod 12, i mod 26)
    return [str(i % 12 + 1), letters[i % 26], sib[i % 6], letters[(7 * i + 3) % 26]]
def answers(i, wave):
    b = (3 * i) % 5 + 1; w = (7 * i + 1) % 5 + 1; v = (2 * i + 3) % 5 + 1; f = i % 4 + 2
    rec = (5 * i + 2) % 11
    if wave == "post":	# most go up a little, some down, some the same
        up = [1, 1, 0, 2, -1, 1, 0][i % 7]
        b = min(5, max(1, b + up)); w = min(5, max(1, w + (i % 3 == 0)))
        v = min(5, max(1, v + [0, 1, -1][i % 3])); f = min(5, f + (i % 2))
        rec = min(10, max(0, rec + [2, 0, 3, -1, 1][i % 5]))
    return [b, w, v, f, rec]
rows = []
p = 0
def person(kind, site, gender, waves=("pre", "post"), pre_code=None, post_code=None,
           m0=True, m1=True):
    global p
    p += 1
    c = code(p)
    for wave in waves:
        cc = (pre_code if wave == "pre" else post_code) or c
        rows.append([p, kind, wave, "club-%s-%s" % (wave, site), site, gender] +
                    answers(p, wave) + [int(m0), int(m1)] + cc)
for s, n in (("a", 6), ("b", 6)):
    for _ in range(n): person("exact", s, "woman")
for _ in range(5): person("exact", "a", "man")
for _ in range(2): person("exact", "b", "man")
for _ in range(3):	# a typo in the guardian's initial, post
    c = code(p + 1); t = list(c); t[1] = letters[(letters.index(c[1]) + 13) % 26]
    person("typo", "b", "man", post_code=t, m0=False)
c = code(p + 1); d = list(c); d[0] = "dk"
person("dk", "b", "man", pre_code=d, m0=False)
shared = code(150)
for _ in range(2): person("share", "b", "man", pre_code=shared, post_code=shared,
                          m0=False, m1=False)
for k in range(5):
    person("preonly", "b", "man", waves=("pre",),
           pre_code=["none"] * 4 if k < 3 else ["dk"] * 4, m0=False, m1=False)
for k in range(5):
    person("postonly", "b", "man", waves=("post",),
           post_code=["none"] * 4 if k < 3 else None, m0=False, m1=False)
for _ in range(2): person("exact", "b", "nonbinary")
for _ in range(5): person("exact", "b", "prefer_not")
for _ in range(6): person("exact", "a", "not_answered")
for r in rows:
    print(" ".join(str(x) for x in r))
EOF
[ "$(wc -l <"$T/plan.txt")" = 86 ] || bail "fixture: the plan is not 86 responses"

# fetch URL: the id and token of a fresh form or survey definition.
fresh_api() {
	curl -s "$BELONGD_URL/api/v1/events/$1" >"$T/event.json"
	ID=$(sed -n 's/.*"id":"\([0-9a-f-]\{36\}\)".*/\1/p' "$T/event.json")
	TOKEN=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$T/event.json")
	[ -n "$ID" ] && [ -n "$TOKEN" ] || bail "no id and token from $1"
}
fresh_form() {
	curl -s "$BELONGD_URL/e/$1" >"$T/form.html"
	ID=$(sed -n 's/.*name="id" value="\([0-9a-f-]\{36\}\)".*/\1/p' "$T/form.html" | head -1)
	TOKEN=$(sed -n 's/.*name="token" value="\([^"]*\)".*/\1/p' "$T/form.html" | head -1)
	[ -n "$ID" ] && [ -n "$TOKEN" ] || bail "no id and token in the form of $1"
}

echo "person,kind,wave,event,site,gender,b,w,v,f,rec,m0,m1" >"$T/plan.csv"
while read -r person kind wave event site gender b w v f rec m0 m1 c1 c2 c3 c4; do
	echo "$person,$kind,$wave,$event,$site,$gender,$b,$w,$v,$f,$rec,$m0,$m1" >>"$T/plan.csv"
	if [ "$wave" = post ] && [ "$site" = b ]; then
		fresh_form "$event"
		set -- --data-urlencode "id=$ID" --data-urlencode "token=$TOKEN" -d lang=en \
			-d q_belong="$b" -d q_welcome="$w" -d q_voice="$v" -d q_future="$f" \
			-d q_recommend="$rec"
		[ "$gender" != not_answered ] && set -- "$@" -d about_gender="$gender"
		if [ "$c1" != none ]; then
			set -- "$@" -d code_birth_month="$c1" -d code_guardian_initial="$c2" \
				--data-urlencode code_older_siblings="$c3" -d code_birth_town_initial="$c4"
		fi
		st=$(curl -s -o "$T/body" -w '%{http_code}' "$@" "$BELONGD_URL/e/$event")
		[ "$st" = 303 ] || bail "form submission refused: $st $(head -c 300 "$T/body")"
		continue
	fi
	fresh_api "$event"
	about='{}'
	[ "$gender" != not_answered ] && about="{\"gender\":\"$gender\"}"
	codej=
	# The API takes birth_month as a number too; every other as a string.
	[ "$c1" != none ] && codej=$(printf ',"code":{"birth_month":%s,"guardian_initial":"%s","older_siblings":"%s","birth_town_initial":"%s"}' \
		"$(case $c1 in dk) echo '"dk"';; *) echo "$c1";; esac)" "$(echo "$c2" | tr 'A-Z' 'a-z')" "$c3" "$c4")
	printf '{"id":"%s","token":"%s","lang":"en","answers":{"belong":%s,"welcome":%s,"voice":%s,"future":%s,"recommend":%s},"about":%s%s}' \
		"$ID" "$TOKEN" "$b" "$w" "$v" "$f" "$rec" "$about" "$codej" >"$T/req"
	st=$(curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/json' \
		--data-binary @"$T/req" "$BELONGD_URL/api/v1/events/$event/responses")
	[ "$st" = 201 ] || bail "API submission refused: $st $(cat "$T/body")"
done <"$T/plan.txt"
fixture_count() { [ "$(sql "select count(*) from response r join event e on e.id = r.event_id where e.program_id is not null")" = 86 ]; }
wait_for fixture_count || bail "fixture: not 86 responses stored"
[ "$(sql "select count(*) from response_code")" = 80 ] ||
	bail "fixture: not 80 codes stored ($(sql "select count(*) from response_code"))"

# The retrospective program: 12 respondents, before and now answers.
python3 - >"$T/retro.txt" <<'EOF'
for i in range(1, 13):
    g = "woman" if i <= 6 else "man"
    before = [(3 * i) % 4 + 1, (5 * i + 1) % 4 + 1, (i + 2) % 5 + 1, i % 3 + 1]
    now = [min(5, x + [1, 2, 0, 1, 1][(i + k) % 5]) for k, x in enumerate(before)]
    print(i, g, *before, *now)
EOF
echo "person,gender,bb,wb,vb,fb,bn,wn,vn,fn" >"$T/retro.csv"
while read -r person gender bb wb vb fb bn wn vn fn; do
	echo "$person,$gender,$bb,$wb,$vb,$fb,$bn,$wn,$vn,$fn" >>"$T/retro.csv"
	fresh_api look-back-day
	printf '{"id":"%s","token":"%s","lang":"en","answers":{"belong_before":%s,"welcome_before":%s,"voice_before":%s,"future_before":%s,"belong_now":%s,"welcome_now":%s,"voice_now":%s,"future_now":%s,"recommend":7},"about":{"gender":"%s"}}' \
		"$ID" "$TOKEN" "$bb" "$wb" "$vb" "$fb" "$bn" "$wn" "$vn" "$fn" "$gender" >"$T/req"
	st=$(curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/json' \
		--data-binary @"$T/req" "$BELONGD_URL/api/v1/events/look-back-day/responses")
	[ "$st" = 201 ] || bail "retro submission refused: $st $(cat "$T/body")"
done <"$T/retro.txt"
