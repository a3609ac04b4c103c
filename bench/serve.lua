-- wrk script for bench/serve.sh: each request is the next line of $TILDE_PATHS (a URL-encoded
-- /search path per query); at the end, one RESULT line that serve.sh reads.
local paths = {}
for line in io.lines(os.getenv("TILDE_PATHS")) do
  paths[#paths + 1] = line
end
-- Global, so that setup() can start each of wrk's threads at another place in the list.
next_path = 0
local threads_set_up = 0

function setup(thread)
  thread:set("next_path", threads_set_up * 7919)
  threads_set_up = threads_set_up + 1
end

request = function()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %.0f %.0f %d\n", summary.requests,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(99), summary.duration))
end
