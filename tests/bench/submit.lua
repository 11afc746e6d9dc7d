-- wrk script for tests/bench/submit.sh: POST one valid JSON submission per
-- request, each with its own v4 UUID, and count 2xx and other answers.
--
--   TOKEN=<form token> wrk -t2 -c64 -d10s --latency -s submit.lua \
--       http://127.0.0.1:PORT/api/v1/events/bench/responses
--
-- UUIDs are unique across threads and runs: the first 32 bits are the run
-- number (env RUN, 24 bits) and the thread id (8 bits), 48 more bits are a
-- per-thread counter, the rest random; two requests of different threads or
-- runs can never collide whatever the random generator does.  Setting
-- BENCH_PATH overrides the path from the URL.
--
-- With IDS_DIR set, each thread writes the id of every 2xx answer to
-- IDS_DIR/ids-RUN-THREAD.txt, so that submit.sh can check that every
-- acknowledged submission is in the database.
--
-- Form tokens are bound to a response id: with TOKENS_DIR set, each thread
-- takes its ids and tokens from TOKENS_DIR/tok-RUN-THREAD.txt ("ID TOKEN"
-- lines, made by submit.sh) instead of TOKEN and its own UUIDs.

local threads = {}
local next_id = 0

function setup(thread)
	next_id = next_id + 1
	thread:set("thread_id", next_id)
	table.insert(threads, thread)
end

local token = os.getenv("TOKEN") or ""
local path_override = os.getenv("BENCH_PATH")
local run = (tonumber(os.getenv("RUN") or "0") or 0) % 0x1000000
local ids_dir = os.getenv("IDS_DIR")
local ids_file = nil
local tokens_dir = os.getenv("TOKENS_DIR")
local tokens_file = nil
local counter = 0
sent = 0
ok2xx = 0
other = 0
statuses = {}

function init(args)
	-- thread_id is set by setup() before init() runs in the thread.
	math.randomseed(os.time() * 1000 + (thread_id or 0) * 7919 +
	    math.floor((os.clock() * 1e6) % 1e6))
	wrk.method = "POST"
	wrk.headers["Content-Type"] = "application/json"
	if path_override then
		wrk.path = path_override
	end
	if tokens_dir then
		tokens_file = assert(io.open(string.format("%s/tok-%d-%d.txt",
		    tokens_dir, run, thread_id or 0), "r"))
	end
	if ids_dir then
		ids_file = assert(io.open(string.format("%s/ids-%d-%d.txt",
		    ids_dir, run, thread_id or 0), "w"))
		ids_file:setvbuf("full")
	end
end

local function hex(n, width)
	return string.format("%0" .. width .. "x", n)
end

-- xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx, y in 8..b:
-- time_low = run and thread id (32 bits), time_mid + low 12 bits of time_hi and the
-- last group carry the counter; clock_seq and the rest are random.
local function uuid4()
	counter = counter + 1
	local c = counter
	local lo24 = c % 0x1000000            -- 24 bits into the last group
	local hi24 = math.floor(c / 0x1000000) % 0x1000000
	return hex(run * 0x100 + (thread_id or 0) % 0x100, 8) .. "-" ..
	    hex(math.floor(hi24 / 0x1000), 4) .. "-" ..
	    "4" .. hex(hi24 % 0x1000, 3) .. "-" ..
	    hex(0x8000 + math.random(0, 0x3fff), 4) .. "-" ..
	    hex(math.random(0, 0xffffff), 6) .. hex(lo24, 6)
end

function request()
	local id, tok = nil, token
	sent = sent + 1
	if tokens_file then
		local line = tokens_file:read("*l")
		if line then
			id, tok = string.match(line, "^(%S+) (%S+)$")
		end
	end
	local body = '{"id":"' .. (id or uuid4()) .. '","token":"' .. tok ..
	    '","lang":"en","answers":{"belong":4,"welcome":5,"voice":3,' ..
	    '"future":4,"recommend":9}}'
	return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
	if status >= 200 and status < 300 then
		ok2xx = ok2xx + 1
		if ids_file then
			ids_file:write((string.match(body, '"id"%s*:%s*"([^"]+)"') or "?"), "\n")
		end
	else
		other = other + 1
		statuses[status] = (statuses[status] or 0) + 1
	end
end

function done(summary, latency, requests)
	local total_ok, total_other, total_sent = 0, 0, 0
	local by_status = {}
	for i, t in ipairs(threads) do
		local o, n = t:get("ok2xx"), t:get("other")
		total_ok = total_ok + o
		total_other = total_other + n
		total_sent = total_sent + t:get("sent")
		io.write(string.format("thread %d: 2xx %d, non-2xx %d\n", i, o, n))
		local s = t:get("statuses")
		for code, cnt in pairs(s) do
			by_status[code] = (by_status[code] or 0) + cnt
		end
	end
	io.write(string.format("BENCH 2xx=%d non2xx=%d\n", total_ok, total_other))
	-- Sent but never answered: in flight when wrk stopped, or timed out.
	io.write(string.format("BENCH unanswered=%d\n",
	    total_sent - total_ok - total_other))
	for code, cnt in pairs(by_status) do
		io.write(string.format("BENCH status %d: %d\n", code, cnt))
	end
	io.write(string.format("BENCH p50_us=%d p99_us=%d\n",
	    latency:percentile(50), latency:percentile(99)))
end
