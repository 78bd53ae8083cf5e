-- crm — a terminal-first CRM. Licensed under the MIT License.
-- wrk: pushes of one changed field each, one device per thread and one connection per thread, so
-- each device's pushes arrive in order (scripts/bench-request-cpu.sh). TOKENS and DEVICES are
-- comma-separated lists, one per thread; HLC_TIME is an ISO time a little in the past. The device
-- seq moves on only when a push was answered 200: wrk may build a request it never sends. RUN (a
-- number, 0 when unset) goes into the change ids, so a second phase with new devices writes new ids.
local tokens, devices, count = {}, {}, 0
local run = tonumber(os.getenv("RUN") or "0")
for token in string.gmatch(os.getenv("TOKENS"), "[^,]+") do table.insert(tokens, token) end
for device in string.gmatch(os.getenv("DEVICES"), "[^,]+") do table.insert(devices, device) end

function setup(thread)
    count = count + 1
    thread:set("index", count)
    thread:set("token", tokens[count])
    thread:set("device", devices[count])
end

function init(args)
    acked = 0
    hex = string.sub(string.gsub(device, "-", ""), 1, 16)
    headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
end

function request()
    local seq = acked + 1
    local hlc = string.format("%s-%04x-%s", os.getenv("HLC_TIME"), seq % 65536, hex)
    local id = string.format("%08x-%04x-4000-8000-%012x", index, run, seq)
    local body = string.format(
        '{"protocol":1,"schema_version":1,"device_id":"%s","changes":[{"change_id":"%s","device_seq":%d,' ..
        '"tx_id":%d,"hlc":"%s","base_hlc":null,"entity":"contact","entity_id":"%s","op":"set",' ..
        '"field":"name","value":"Ada %d"}]}', device, id, seq, seq, hlc, id, seq)
    return wrk.format("POST", "/v1/changes", headers, body)
end

function response(status, headers, body)
    if status == 200 then
        acked = acked + 1
    else
        io.stderr:write("push answered " .. status .. ": " .. body .. "\n")
    end
end
