#!/usr/bin/env python3
"""A small load of survey clients for the fault tests (stdlib only).

CLIENTS threads each POST valid JSON submissions, every one with a fresh
response id and a form token signed with belongd's secret, one at a time
on a fresh connection, and record every attempt as one line of OUT:

    ID STATUS LATENCY_MS START END

STATUS is the HTTP status, or "err" (no connection, or it broke before an
answer) or "timeout" (no answer within --timeout seconds); START and END
are Unix times in seconds.  The address is read from URL_FILE before each
request, so belongd may be restarted on another port.  The load stops
itself after --count attempts or --seconds seconds, or when STOP_FILE
exists.
"""

import argparse
import hashlib
import hmac
import http.client
import os
import threading
import time
import urllib.parse
import uuid

BODY = ('{"id":"%s","token":"%s","lang":"en","answers":'
        '{"belong":4,"welcome":5,"voice":3,"future":4,"recommend":9}}')


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--url-file", required=True)
    p.add_argument("--slug", required=True)
    p.add_argument("--event-id", type=int, required=True)
    p.add_argument("--secret-file", required=True)
    p.add_argument("--token-version", type=int, choices=(1, 2), default=2,
                   help="1: the token signs event and time; 2: also the id")
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--count", type=int, default=5000)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--timeout", type=float, default=30)
    p.add_argument("--pause", type=float, default=0.02,
                   help="seconds a client rests after an answer")
    p.add_argument("--stop-file", required=True)
    p.add_argument("--out", required=True)
    return p.parse_args()


class Load:
    def __init__(self, args):
        self.args = args
        with open(args.secret_file, "rb") as f:
            self.key = f.read().rstrip(b"\r\n")
        self.lock = threading.Lock()
        self.sent = 0
        self.deadline = time.time() + args.seconds
        self.out = open(args.out, "a", buffering=1)

    def token(self, rid):
        msg = "%d.%d.%d" % (self.args.token_version, self.args.event_id,
                            int(time.time()))
        if self.args.token_version >= 2:
            msg += "." + rid
        mac = hmac.new(self.key, msg.encode(), hashlib.sha256).hexdigest()
        return msg + "." + mac

    def more(self):
        with self.lock:
            if (self.sent >= self.args.count or time.time() >= self.deadline
                    or os.path.exists(self.args.stop_file)):
                return False
            self.sent += 1
            return True

    def url(self):
        with open(self.args.url_file) as f:
            return urllib.parse.urlsplit(f.read().strip())

    def one(self):
        rid = str(uuid.uuid4())
        body = BODY % (rid, self.token(rid))
        start = time.time()
        status = "err"
        conn = None
        try:
            u = self.url()
            conn = http.client.HTTPConnection(u.hostname, u.port,
                                              timeout=self.args.timeout)
            conn.request("POST", "/api/v1/events/%s/responses" % self.args.slug,
                         body=body.encode(),
                         headers={"Content-Type": "application/json",
                                  "Connection": "close"})
            resp = conn.getresponse()
            resp.read()
            status = str(resp.status)
        except TimeoutError:
            status = "timeout"
        except (OSError, http.client.HTTPException):
            status = "err"
        finally:
            if conn is not None:
                conn.close()
        end = time.time()
        with self.lock:
            self.out.write("%s %s %d %.3f %.3f\n" % (
                rid, status, round((end - start) * 1000), start, end))
        return status

    def client(self):
        while self.more():
            status = self.one()
            # Refused or unreachable: back off a little, as a phone would.
            pause = self.args.pause
            if status not in ("200", "201", "202"):
                pause = max(pause, 0.1)
            time.sleep(pause)


def main():
    load = Load(parse_args())
    threads = [threading.Thread(target=load.client, daemon=True)
               for _ in range(load.args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    load.out.close()


if __name__ == "__main__":
    main()
