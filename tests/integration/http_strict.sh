#!/bin/bash
# Strict HTTP: what goes over the wire for HEAD, requests whose framing is
# ambiguous (two Content-Lengths, "+2", a NUL, a bad chunk size), errors in
# the route's own shape, the 429 status line, log lines that escape what
# clients send, and client addresses behind trusted proxies.  Raw sockets
# (python3), so the bytes are exactly the ones written here.  No database:
# every check is answered before one would be asked.
. "$(dirname "$0")/lib.sh"

# The rate limits checked here are the board's (a try a minute after the
# first), so a slow machine cannot refill a bucket between two requests.
start_belongd --dsn "host=$T/nowhere port=1" -o max_body_bytes=1024 \
	-o board_login_burst=1 -o board_login_per_minute=1 -o access_log=on
PORT=${BELONGD_URL##*:}

# raw BYTES: send BYTES (printf escapes: \r \n \x00 ...) on one connection
# and print everything belongd answers until it closes the connection.
raw() {
	printf "$1" | python3 -c '
import socket, sys
data = sys.stdin.buffer.read()
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.settimeout(30)
out = b""
try:
    s.sendall(data)
    while True:
        b = s.recv(65536)
        if not b:
            break
        out += b
except (socket.timeout, ConnectionError):
    pass
sys.stdout.buffer.write(out)
' "$PORT"
}
# status: the status line of the first answer in $T/out.
status() { head -n 1 "$T/out" | tr -d '\r'; }
API='/api/v1/events/lab-day/responses'
JSON='Content-Type: application/json\r\n'

# HEAD: the headers a GET gets (with its Content-Length), and no body, so
# an answer pipelined after it on the same connection is read as itself.
raw 'HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >"$T/out"
is "$(grep -c '^HTTP/1.1 200' "$T/out")" 2 "HEAD then GET on one connection: two answers"
is "$(sed -n '/^Content-Length/{p;q}' "$T/out" | tr -d '\r')" 'Content-Length: 3' \
	"HEAD announces the length a GET would get"
python3 -c '
import sys
d = open(sys.argv[1], "rb").read()
head, rest = d.split(b"\r\n\r\n", 1)
sys.exit(0 if rest.startswith(b"HTTP/1.1 200") and rest.endswith(b"\r\n\r\nok\n") else 1)
' "$T/out"
ok $? "no body after HEAD's headers: the next bytes are the GET's answer"
curl -s -I -o /dev/null -w '%{http_code} %{size_download}' "$BELONGD_URL/e/no-such-survey" >"$T/h"
is "$(cat "$T/h")" "503 0" "HEAD of a page: headers only"

# Framing a proxy could read differently: 400, in the route's JSON shape.
raw "POST $API HTTP/1.1\r\nHost: x\r\n${JSON}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}x" >"$T/out"
is "$(status)" 'HTTP/1.1 400 Bad Request' "two different Content-Lengths: 400"
like "$(cat "$T/out")" '\{"error":\{"code":"bad_request","message":"[^"]+"\}\}' "...as a JSON error"
like "$(cat "$T/out")" 'Connection: close' "...and the connection closes"
raw "POST $API HTTP/1.1\r\nHost: x\r\n${JSON}Content-Length: +2\r\n\r\n{}" >"$T/out"
is "$(status)" 'HTTP/1.1 400 Bad Request' "Content-Length: +2: 400"
raw "POST $API HTTP/1.1\r\nHost: x\r\n${JSON}Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n" >"$T/out"
is "$(status)" 'HTTP/1.1 400 Bad Request' "Content-Length and chunked together: 400"
raw 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Note: a\x00b\r\n\r\n' >"$T/out"
is "$(status)" 'HTTP/1.1 400 Bad Request' "a NUL in a header value: 400"
raw "POST $API HTTP/1.1\r\nHost: x\r\n${JSON}Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n" >"$T/out"
is "$(status)" 'HTTP/1.1 400 Bad Request' "a bad chunk size: 400, not 413"
like "$(cat "$T/out")" '"code":"bad_request"' "...as a JSON error"
raw "POST $API HTTP/1.1\r\nHost: x\r\n${JSON}Transfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n" >"$T/out"
is "$(status)" 'HTTP/1.1 400 Bad Request' "a chunk longer than its size: 400"

# A good chunked body and a good pipelined request after it still pass
# (the database is away: 503 from the handler, not a framing refusal).
raw "POST $API HTTP/1.1\r\nHost: x\r\n${JSON}Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" >"$T/out"
is "$(grep -ao 'HTTP/1\.1 [0-9][0-9][0-9]' "$T/out" | tr '\n' ' ')" \
	'HTTP/1.1 503 HTTP/1.1 200 ' "a chunked POST, then a GET on the same connection"

# Too large: 413 in the documented JSON shape on the API, a page on the form.
big=$(head -c 2000 /dev/zero | tr '\0' 'a')
raw "POST $API HTTP/1.1\r\nHost: x\r\n${JSON}Content-Length: 2000\r\n\r\n$big" >"$T/out"
is "$(status)" 'HTTP/1.1 413 Request Entity Too Large' "a body over max_body_bytes: 413"
like "$(cat "$T/out")" 'Content-Type: application/json' "...as JSON on the API"
like "$(cat "$T/out")" '\{"error":\{"code":"too_large","message":"[^"]+"\}\}' "...in the error shape"
raw "POST $API HTTP/1.1\r\nHost: x\r\n${JSON}Transfer-Encoding: chunked\r\n\r\n7d0\r\n$big" >"$T/out"
like "$(cat "$T/out")" '"code":"too_large"' "chunks over max_body_bytes: 413 in JSON"
raw "POST /e/lab-day HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000\r\n\r\n$big" >"$T/out"
is "$(status)" 'HTTP/1.1 413 Request Entity Too Large' "the form: 413"
like "$(cat "$T/out")" 'Content-Type: text/html' "...as a page"
hdr=$(head -c 9000 /dev/zero | tr '\0' 'h')
raw "GET /api/v1/events/lab-day HTTP/1.1\r\nHost: x\r\nX-Long: $hdr\r\n\r\n" >"$T/out"
is "$(status)" 'HTTP/1.1 400 Bad Request' "headers over max_header_bytes: 400"
like "$(cat "$T/out")" '"code":"headers_too_large"' "...in the JSON error shape"
is "$(curl -s -o "$T/body" -w '%{http_code}' -X PUT "$BELONGD_URL$API")" 405 "PUT on the API: 405"
like "$(cat "$T/body")" '"code":"method_not_allowed"' "...as JSON"
is "$(curl -s -o "$T/body" -w '%{http_code}' -X DELETE "$BELONGD_URL/e/lab-day/thanks")" 405 \
	"DELETE on a page: 405"
like "$(cat "$T/body")" '<html' "...as a page"

# The 429 status line says what it is.
for i in 1 2; do
	curl -s -o /dev/null -D "$T/h" "$BELONGD_URL/api/v1/board/items"
done
is "$(head -n 1 "$T/h" | tr -d '\r')" 'HTTP/1.1 429 Too Many Requests' "429 Too Many Requests"

# The access log escapes what the client sent: controls, tabs, bad UTF-8.
raw 'GET /e/x\x1b[2J\xff\tz\xc3\xa9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >"$T/out"
logged() { grep -aq 'GET /e/x' "$T/belongd.log"; }
wait_for logged
line=$(grep -a 'GET /e/x' "$T/belongd.log")
like "$line" 'GET /e/x\\x1b\[2J\\xff\\x09z' "the access log shows ESC, 0xff and a tab as \\xNN"
is "$(printf '%s' "$line" | LC_ALL=C tr -d '\040-\176\200-\377' | wc -c)" 0 "...and holds no control byte"
printf '%s' "$line" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1
ok $? "...and is valid UTF-8 (é kept)"
stop_belongd

# Behind a trusted proxy, the client is the one it forwards for; an IPv6
# client counts by its /64.  From anyone else the header means nothing.
LIMITS="-o board_login_burst=1 -o board_login_per_minute=1"
start_belongd --dsn "host=$T/nowhere port=1" $LIMITS -o trusted_proxies='127.0.0.1, 10.0.0.0/8'
# One try per client a minute: 401 (no token), then 429.
post() { curl -s -o /dev/null -w '%{http_code}' "$@" "$BELONGD_URL/api/v1/board/items"; }
codes=""
for xff in 192.0.2.1 192.0.2.1 192.0.2.2 '192.0.2.9, 10.1.2.3' 2001:db8:1:2::1 2001:db8:1:2::ffff 2001:db8:1:3::1; do
	codes="$codes $(post -H "X-Forwarded-For: $xff")"
done
is "$codes" " 401 429 401 401 401 429 401" \
	"trusted proxy: one bucket per forwarded client, IPv6 by /64, trusted hops skipped"
is "$(post -H 'Forwarded: for=192.0.2.1')" 429 "Forwarded: for= names the client too"
is "$(post -H 'Forwarded: for="[2001:db8:9::1]:4711"')" 401 "...with a quoted IPv6 address and port"
is "$(post -H 'X-Forwarded-For: 192.0.2.77' -H 'X-Forwarded-For: 192.0.2.1')" 429 \
	"the proxy's own line (the last) wins over one the client sent"
stop_belongd
start_belongd --dsn "host=$T/nowhere port=1" $LIMITS
is "$(post -H 'X-Forwarded-For: 192.0.2.1') $(post -H 'X-Forwarded-For: 192.0.2.2')" "401 429" \
	"no trusted proxy: X-Forwarded-For is ignored"
stop_belongd
"$BELONGD" -o trusted_proxies='10.0.0.0/33' --check-config >/dev/null 2>"$T/err"
is "$?" 1 "--check-config refuses a bad trusted_proxies"
like "$(cat "$T/err")" 'trusted_proxies' "...and names it"

done_testing
