-- @brief wrk script for scripts/soak: each request is the next line of a request file
-- ("METHOD<TAB>TARGET[<TAB>BODY]"), a mix of real searches, other routes and malformed
-- requests. Counts answers by status per thread and prints them, with the latency
-- percentiles, as one "SOAK key=value ..." line that scripts/soak parses.
-- Usage: wrk ... -s bench/soak.lua URL -- REQUESTS_FILE
local requests = {}
local next_index = 1
local threads = {}

function setup(thread)
  -- Kept so that done() can read each thread's counts (done runs in the main state).
  threads[#threads + 1] = thread
end

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    local method, target, body = line:match("^(%u+)\t([^\t]+)\t?(.*)$")
    if method then
      local headers = { ["Connection"] = "keep-alive" }
      if body == "" then
        body = nil
      else
        headers["Content-Type"] = "application/json"
      end
      requests[#requests + 1] = wrk.format(method, target, headers, body)
    end
  end
  file:close()
  assert(#requests > 0, "no requests in " .. args[1])
  -- Threads start at different points so they do not move in lockstep.
  next_index = math.random(1, #requests)
  counts = {}  -- global: done() reads it through thread:get()
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, _)
  local total = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts") or {}
    for status, n in pairs(c) do total[status] = (total[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(total) do parts[#parts + 1] = status .. ":" .. n end
  table.sort(parts)
  local e = summary.errors
  io.write(string.format(
    "SOAK requests=%d seconds=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f connect_errors=%d read_errors=%d " ..
    "write_errors=%d timeouts=%d statuses=%s\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect, e.read, e.write, e.timeout, table.concat(parts, ",")))
end
