-- wrk script: each request takes the next path from the benchmark's query mix
-- (written by kindred-bench-search --paths), so HTTP load runs the same queries as
-- the in-process and PostgreSQL measurements. Keep-alive is wrk's default.
local paths = {}
local next_index = 1

function init(args)
  local file = assert(io.open(args[1] or "paths.txt", "r"))
  for line in file:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  file:close()
  -- Threads start at different points of the mix so they do not move in lockstep.
  next_index = (math.random(1, #paths))
end

function request()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format("GET", path, { ["Connection"] = "keep-alive" })
end
