-- crm — a terminal-first CRM. Licensed under the MIT License.
-- wrk: an authenticated pull of a log with nothing new (scripts/bench-request-cpu.sh).
-- Each thread pulls as its own device: TOKENS is a comma-separated list, one token per thread.
-- FORMAT, when set, is appended to the query (scripts/bench-pull-formats.sh: "&format=rows").
-- ACCEPT_ENCODING, when set, is the Accept-Encoding header in place of gzip.
local tokens, count = {}, 0
for token in string.gmatch(os.getenv("TOKENS"), "[^,]+") do table.insert(tokens, token) end

function setup(thread)
    count = count + 1
    thread:set("token", tokens[count])
end

function init(args)
    wrk.headers["Authorization"] = "Bearer " .. token
    wrk.headers["Accept-Encoding"] = os.getenv("ACCEPT_ENCODING") or "gzip"
    wrk.path = "/v1/changes?after=" .. os.getenv("AFTER") .. "&exclude_own=1" .. (os.getenv("FORMAT") or "")
end
