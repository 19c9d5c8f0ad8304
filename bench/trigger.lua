-- wrk script for bench/trigger.sh: each request is an add_to_broadcast for a random target (webhook key and
-- broadcast id, read from the file named by the first argument) with a phone number no request used before.
--   wrk ... -s bench/trigger.lua URL -- TARGETS_FILE AREA_CODE
-- Phones are +1 AREA [2-9]xx xxxx (valid US numbers for libphonenumber), numbered per wrk thread, so a run never
-- repeats a phone and every request really inserts (a repeated phone would only take the cheaper duplicate path).
--
-- With BENCH_RATE=<requests/s> and BENCH_THREADS=<wrk -t> in the environment the requests are paced: each thread
-- sends on a fixed schedule (open loop while connections are free) instead of as fast as responses come back, so
-- the latency is measured at that load rather than at saturation.

local thread_count = 0

function setup(thread)
	-- runs in the main Lua state, once per thread, before the threads start
	thread:set("tid", thread_count)
	thread_count = thread_count + 1
end

local targets = {}
local area = "212"
local counter = 0

function init(args)
	local file = args[1]
	area = args[2] or area
	for line in io.lines(file) do
		local key, broadcast = line:match("^(%S+)\t(%S+)$")
		if key then
			targets[#targets + 1] = { key, broadcast }
		end
	end
	if #targets == 0 then
		error("no targets in " .. tostring(file))
	end
	math.randomseed(os.time() + 7919 * (tid + 1))
	wrk.method = "POST"
	wrk.headers["Content-Type"] = "application/json"
end

local rate = tonumber(os.getenv("BENCH_RATE") or "")
if rate and rate > 0 then
	local ffi = require("ffi")
	ffi.cdef [[
		typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
		int clock_gettime(int clock_id, bench_timespec *tp);
	]]
	local now = ffi.new("bench_timespec")
	local function now_ms()
		ffi.C.clock_gettime(1, now) -- CLOCK_MONOTONIC
		return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
	end
	local interval = 1000 * tonumber(os.getenv("BENCH_THREADS") or "1") / rate
	local next_send = nil

	-- wrk asks before every request how many milliseconds to wait; falling behind does not cause a burst later
	function delay()
		local t = now_ms()
		if next_send == nil or next_send < t then
			next_send = t
		end
		local wait = next_send - t
		next_send = next_send + interval
		return math.floor(wait + 0.5)
	end
end

function request()
	-- up to 1 000 000 requests per thread, 8 threads: all below 8 000 000 distinct numbers
	local k = tid * 1000000 + counter
	counter = counter + 1
	local target = targets[math.random(#targets)]
	local phone = string.format("+1%s%03d%04d", area, 200 + math.floor(k / 10000) % 800, k % 10000)
	local body = string.format(
		'{"action":"add_to_broadcast","webhook_key":"%s","broadcast_id":"%s","phone":"%s","name":"Bench %d"}',
		target[1], target[2], phone, k)
	return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
	local seconds = summary.duration / 1e6
	local errors = summary.errors
	io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f "
		.. "max_ms=%.2f non2xx=%d socket_errors=%d\n",
		summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
		latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, errors.status,
		errors.connect + errors.read + errors.write + errors.timeout))
end
