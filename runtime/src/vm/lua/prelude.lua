-- Runs once in every new Lua state, before any script, with:
--   store    the table holding the shared variables and every global a script defines
--   shared   shared variable name -> true
--   mark     tells the runtime a shared variable was assigned
--   defined  tells the runtime a global function was (re)defined or removed
--   stopped  whether a budget has stopped the current call
local store, shared, mark, defined, stopped = ...
local rawget, rawset, type, error, tostring = rawget, rawset, type, error, tostring

-- Globals a script assigns live in `store`, behind `_G`'s metatable, so every assignment to a
-- shared variable is seen as it happens (no read-back of every variable after each call) and
-- a redefined function invalidates the runtime's cache of function handles.
setmetatable(_G, {
    __index = store,
    __newindex = function(g, name, value)
        if shared[name] then
            rawset(store, name, value)
            mark()
        elseif rawget(store, name) ~= nil or type(value) == "function" then
            rawset(store, name, value)
            defined()
        else
            rawset(g, name, value)
        end
    end,
    __metatable = false,
})

rawset(_G, "getVariable", function(name)
    if shared[name] then
        return rawget(store, name)
    end
    return nil
end)

rawset(_G, "setVariable", function(name, value)
    if not shared[name] then
        error("setVariable: no shared variable is named `" .. tostring(name) .. "`", 2)
    end
    rawset(store, name, value)
    mark()
end)

-- The 2025 template-variable API: values as text, and text written back converted to the
-- type the variable holds ("5" into an integer variable is 5).
do
    local set_variable, tonumber, tointeger = rawget(_G, "setVariable"), tonumber, math.tointeger
    local function as_text(value)
        if value == nil then
            return ""
        end
        return tostring(value)
    end
    local function from_text(name, value)
        if type(value) ~= "string" then
            return value
        end
        local current = rawget(store, name)
        if type(current) == "number" then
            local n = tonumber(value)
            if n and math.type(current) == "integer" then
                n = tointeger(n)
            end
            if n ~= nil then
                return n
            end
        elseif type(current) == "boolean" and (value == "true" or value == "false") then
            return value == "true"
        end
        return value
    end
    rawset(_G, "getTemplateVariable", function(name)
        if shared[name] then
            return as_text(rawget(store, name))
        end
        return nil
    end)
    rawset(_G, "setTemplateVariable", function(name, value)
        set_variable(name, from_text(name, value))
    end)
    rawset(_G, "getTemplateVariables", function()
        local all = {}
        for name in pairs(shared) do
            all[name] = as_text(rawget(store, name))
        end
        return all
    end)
end

-- `print` writes a line of the runtime's output (tab-separated, as Lua's own print).
do
    local emit, select, concat = rawget(_G, "__kry_print"), select, table.concat
    rawset(_G, "__kry_print", nil)
    rawset(_G, "print", function(...)
        local parts = {}
        for i = 1, select("#", ...) do
            parts[i] = tostring((select(i, ...)))
        end
        emit(concat(parts, "\t"))
    end)
end

-- The `kryon` namespace (the DOM functions are in it already): the variable functions, and
-- the 2025 hooks. `getVariable` gives the 2025 text form (`"true"`, `"42"`), as 2025 apps
-- compare it (`getVariable("isOpen") == "true"`); the global itself is typed.
do
    local kryon, listen = rawget(_G, "kryon"), rawget(_G, "addEventListener")
    local get_text = rawget(_G, "getTemplateVariable")
    rawset(_G, "getVariable", get_text)
    kryon.getVariable = get_text
    kryon.setVariable = rawget(_G, "setVariable")
    kryon.getTemplateVariable = get_text
    kryon.setTemplateVariable = rawget(_G, "setTemplateVariable")
    kryon.getTemplateVariables = rawget(_G, "getTemplateVariables")
    kryon.print = rawget(_G, "print")
    kryon.log = rawget(_G, "print")
    kryon.showMessage = rawget(_G, "alert")
    local function hook(event)
        return function(callback)
            listen(event, callback)
        end
    end
    for name, event in pairs({
        onReady = "ready", onLoad = "load", onKeyDown = "keydown", onKeyUp = "keyup",
        onResize = "resize",
    }) do
        rawset(_G, name, hook(event))
        kryon[name] = rawget(_G, name)
    end
end

-- A call a budget stopped cannot catch the error and carry on. A DOM call's error reaches
-- `pcall` as its message (`"`width` takes a size ..."`), not as the host's error object.
local gsub, tostring_ = string.gsub, tostring
local function message_of(e)
    if type(e) ~= "userdata" then
        return e
    end
    local text = gsub(tostring_(e), "^runtime error: ", "")
    return (gsub(text, "\nstack traceback:.*$", ""))
end
local function unless_stopped(ok, ...)
    if not ok and (stopped() or ... == "not enough memory") then
        error((...), 0)
    end
    if not ok then
        return ok, message_of((...))
    end
    return ok, ...
end
local pcall, xpcall, resume, close = pcall, xpcall, coroutine.resume, coroutine.close
rawset(_G, "pcall", function(f, ...)
    return unless_stopped(pcall(f, ...))
end)
rawset(_G, "xpcall", function(f, handler, ...)
    return unless_stopped(xpcall(f, handler, ...))
end)
coroutine.resume = function(co, ...)
    return unless_stopped(resume(co, ...))
end
-- (`coroutine.close` runs the coroutine's pending `__close` handlers.)
coroutine.close = function(co)
    return unless_stopped(close(co))
end

-- Finalizers run with the count hook off (Lua runs `__gc` with hooks disabled), so a
-- script's `__gc` could never be stopped: as Luau does, scripts cannot install one. An
-- object is marked for finalization only when its metatable has a `__gc` field at
-- `setmetatable` time, so refusing such metatables there is enough.
--
-- A `__close` handler that runs while a budget stop unwinds the call runs with the hook
-- off as well; the handler is wrapped so that it does nothing once the call was stopped
-- (a `__close` assigned to the metatable after `setmetatable` is not wrapped).
do
    local set = setmetatable
    local wrapped = setmetatable({}, { __mode = "k" })
    rawset(_G, "setmetatable", function(t, mt)
        if type(mt) == "table" then
            if rawget(mt, "__gc") ~= nil then
                error("setmetatable: __gc metamethods are not allowed (finalizers run outside the budgets)", 2)
            end
            local close = rawget(mt, "__close")
            if type(close) == "function" and not wrapped[close] then
                local guarded = function(...)
                    if not stopped() then
                        return close(...)
                    end
                end
                wrapped[guarded] = true
                rawset(mt, "__close", guarded)
            end
        end
        return set(t, mt)
    end)
end

-- Library functions that loop in native code, where the count hook never runs, over a
-- range the caller picks rather than the data that exists: run as Lua loops (budgeted)
-- when the range is large.
do
    local move, insert, remove = table.move, table.insert, table.remove
    local getmetatable, select = getmetatable, select
    local tointeger = math.tointeger
    local LARGE = 4096
    table.move = function(a1, f, e, t, a2)
        local fi, ei, ti = tointeger(f), tointeger(e), tointeger(t)
        if not (fi and ei and ti) or ei - fi < LARGE then
            return move(a1, f, e, t, a2)
        end
        f, e, t = fi, ei, ti
        if a2 == nil then
            a2 = a1
        end
        if t > e or t <= f or a1 ~= a2 then
            for i = 0, e - f do
                a2[t + i] = a1[f + i]
            end
        else
            for i = e - f, 0, -1 do
                a2[t + i] = a1[f + i]
            end
        end
        return a2
    end
    -- `#t` can be any number a `__len` metamethod returns; without a metatable it is the
    -- table's own length, which the memory limit bounds.
    table.insert = function(t, ...)
        local n = select("#", ...)
        if n ~= 2 or getmetatable(t) == nil then
            return insert(t, ...)
        end
        local pos, value = ...
        local e = tointeger(#t)
        pos = tointeger(pos)
        if not (e and pos) or e + 1 - pos < LARGE then
            return insert(t, ...)
        end
        e = e + 1
        if pos < 1 or pos > e then
            error("bad argument #2 to 'insert' (position out of bounds)", 2)
        end
        for i = e, pos + 1, -1 do
            t[i] = t[i - 1]
        end
        t[pos] = value
    end
    table.remove = function(t, ...)
        local size = getmetatable(t) ~= nil and tointeger(#t)
        local pos = ...
        if not size then
            return remove(t, ...)
        end
        pos = tointeger(pos == nil and size or pos)
        if not pos or size - pos < LARGE or pos < 1 then
            return remove(t, ...)
        end
        local value = t[pos]
        for i = pos, size - 1 do
            t[i] = t[i + 1]
        end
        t[size] = nil
        return value
    end
end
