-- wrk script of bench/host/run.sh: GET each path of $PATHS_FILE in turn (each thread from its
-- own starting point), with $COOKIE as the Cookie header when set.
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do
  if #line > 0 then paths[#paths + 1] = line end
end
local headers = {}
local cookie = os.getenv("COOKIE")
if cookie and #cookie > 0 then headers["Cookie"] = cookie end
local i = 0

function init(args)
  i = math.random(#paths)
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], headers)
end
