-- wrk script for bench/calls.sh: each request reports one distinct call (completed, answered by a person) for the
-- next queue item of IDS_FILE, starting at OFFSET; the threads take items in turn, so no item is reported twice.
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do
	if line ~= "" then
		ids[#ids + 1] = line
	end
end
local token = os.getenv("TOKEN")
local offset = tonumber(os.getenv("OFFSET") or "0")
local threads = 0

function setup(thread)
	thread:set("thread_number", threads)
	threads = threads + 1
end

function init(args)
	counter = thread_number
	step = tonumber(os.getenv("WRK_THREADS") or "2")
end

function request()
	local index = offset + counter
	counter = counter + step
	local id = ids[(index % #ids) + 1]
	local body = string.format('{"queue_item_id":"%s","call_id":"bench-%d-%s","status":"completed",'
		.. '"answered_by":"human","duration_seconds":30,"timestamp":"2026-02-04T15:30:00Z"}', id, index, id)
	return wrk.format("POST", "/functions/v1/call-tracking-webhook",
		{ ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
