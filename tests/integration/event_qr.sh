#!/bin/bash
# belong event qr: a QR code of the survey's address, read back with a real
# decoder (zbarimg) where it is installed.
. "$(dirname "$0")/lib.sh"

start_pg
migrate
"$BELONG" event add --slug spring-fair --title "Spring fair" >/dev/null

out=$("$BELONG" event qr spring-fair --base-url https://survey.example.org/ --out "$T/q.png")
ok $? "qr: exit 0"
is "$out" "https://survey.example.org/e/spring-fair" "qr prints the address it encodes"
is "$(head -c 8 "$T/q.png" | od -An -tx1 | tr -d ' ')" 89504e470d0a1a0a "a PNG file"
w=$(od -An -tu1 -j16 -N4 "$T/q.png" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}')
h=$(od -An -tu1 -j20 -N4 "$T/q.png" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}')
is "$w" "$h" "square"
is "$((w % 8))" 0 "8 pixels per module by default"
# Version 3 (29 modules) holds this address at level M; 4 modules of quiet zone each side.
is "$w" $(((29 + 8) * 8)) "29 modules and the quiet zone"
if command -v zbarimg >/dev/null 2>&1; then
	is "$(zbarimg -q --raw "$T/q.png" 2>/dev/null)" "https://survey.example.org/e/spring-fair" \
		"zbarimg reads the address back"
else
	echo "ok $((TAP_N += 1)) # SKIP zbarimg not installed"
fi
BELONG_BASE_URL=http://10.0.0.5:8080 "$BELONG" event qr spring-fair --out "$T/q.svg" --scale 3 >"$T/out"
ok $? "qr as SVG"
is "$(cat "$T/out")" "http://10.0.0.5:8080/e/spring-fair" "BELONG_BASE_URL is used"
like "$(head -c 200 "$T/q.svg")" '^<svg xmlns="http://www.w3.org/2000/svg" width="111" height="111"' \
	"an SVG of 37 modules at scale 3"

for bad in "javascript:alert(1)" "http://a b" 'https://x"><script>' "ftp://x" ""; do
	"$BELONG" event qr spring-fair --base-url "$bad" --out "$T/bad.png" >/dev/null 2>"$T/err"
	is "$?" 2 "base URL '$bad': exit 2"
	[ ! -e "$T/bad.png" ]; ok $? "base URL '$bad': no file"
done
for bad in 0 65 x -1 8x; do
	"$BELONG" event qr spring-fair --scale "$bad" --out "$T/bad.png" >/dev/null 2>"$T/err"
	is "$?" 2 "--scale $bad: exit 2"
done
"$BELONG" event qr spring-fair >/dev/null 2>&1
is "$?" 2 "no --out: exit 2"
"$BELONG" event qr spring-fair --out "$T/q.jpg" >/dev/null 2>"$T/err"
is "$?" 1 "a .jpg: exit 1"
like "$(cat "$T/err")" 'must end in \.png or \.svg' "...says which formats"
[ ! -e "$T/q.jpg" ]; ok $? "...and writes nothing"
"$BELONG" event qr no-such-event --out "$T/none.png" >/dev/null 2>"$T/err"
is "$?" 1 "an unknown event: exit 1"
[ ! -e "$T/none.png" ]; ok $? "...and no file"
"$BELONG" event qr "../etc'; drop table event; --" --out "$T/x.png" >/dev/null 2>&1
is "$?" 1 "a hostile slug: exit 1"
is "$(sql 'select count(*) from event')" 1 "...and the events untouched"
"$BELONG" event qr spring-fair --out "$T/nodir/q.png" >/dev/null 2>"$T/err"
is "$?" 1 "a directory that does not exist: exit 1"
is "$(ls "$T" | grep -c 'tmp-')" 0 "no temporary files left behind"

done_testing
