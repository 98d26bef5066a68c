# The MicroPython VM's prelude: the entry point the host calls, and the same DOM API as the
# Python VM's prelude. It runs in __main__, the namespace every script shares, and removes its
# helpers' names.
def __kry_install(shared):
    import json, sys, io
    import __kry_host
    g = globals()
    host_call = __kry_host.call
    # Only the prelude holds the host object: scripts cannot import it.
    del sys.modules["__kry_host"]
    dumps = json.dumps
    loads = json.loads
    shared = loads(shared)
    names = set(shared)
    seen = [None] * len(shared)
    mutable = (list, dict, tuple)
    SEP = "\x00"

    def revive(value):
        # The host writes NaN as {"__kry_nan": 0} (JSON has none).
        if isinstance(value, dict):
            if len(value) == 1 and "__kry_nan" in value:
                return float("nan")
            for k in value:
                value[k] = revive(value[k])
        elif isinstance(value, list):
            for i in range(len(value)):
                value[i] = revive(value[i])
        return value

    def dom(method, target, *args):
        request = [method, target]
        for a in args:
            request.append(a._kry_index if isinstance(a, KryElement) else a)
        answer = loads(host_call(dumps(request)))
        if answer[0]:
            raise RuntimeError(answer[1])
        return revive(answer[1])

    def changed():
        parts = []
        for i in range(len(shared)):
            v = g.get(shared[i])
            if v is not seen[i] or isinstance(v, mutable):
                seen[i] = v
                try:
                    parts.append(str(i) + SEP + dumps(v))
                except Exception as e:
                    parts.append(str(i) + SEP + "!" + str(e))
        return SEP.join(parts)

    def failure(e):
        out = io.StringIO()
        sys.print_exception(e, out)
        return "1" + SEP + type(e).__name__ + SEP + str(e) + SEP + out.getvalue()

    def entry(request):
        try:
            r = loads(request)
            op = r[0]
            if op == "call":
                f = g.get(r[1])
                if not callable(f):
                    return "2"
                result = f(*revive(r[2]))
                try:
                    text = dumps(result)
                except Exception as e:
                    text = "!" + str(e)
                return "0" + SEP + text + SEP + changed()
            if op == "exec":
                exec(compile(r[2], r[1], "exec"), g)
                return "0" + SEP + "null" + SEP + changed()
            if op == "set":
                i = r[1]
                value = revive(r[3])
                g[r[2]] = value
                if i >= 0:
                    seen[i] = value
                return "0"
            if op == "get":
                return "0" + SEP + dumps(g.get(r[1]))
            if op == "has":
                return "0" + SEP + ("true" if callable(g.get(r[1])) else "false")
            return "1" + SEP + "ValueError" + SEP + "unknown request" + SEP
        except BaseException as e:
            return failure(e)

    def snake(name):
        out = ""
        for c in name:
            if c.isupper():
                out += "_" + c.lower()
            else:
                out += c
        return out

    RETURNS_ELEMENT = 1
    RETURNS_ELEMENTS = 2
    listeners = []

    class KryElement:
        """An element: the DOM methods, and fields for `text`, `visible`, any property."""

        def __init__(self, index):
            object.__setattr__(self, "_kry_index", index)

        def __eq__(self, other):
            return isinstance(other, KryElement) and other._kry_index == self._kry_index

        def __hash__(self):
            return hash(self._kry_index)

        def __repr__(self):
            return "<element " + str(self._kry_index) + ">"

        def __getattr__(self, name):
            if name.startswith("_"):
                raise AttributeError(name)
            returns = RETURNS_ELEMENT if name == "parent" else RETURNS_ELEMENTS if name == "children" else 0
            return wrap_result(returns, dom("__get", self._kry_index, name))

        def __setattr__(self, name, value):
            dom("__set", self._kry_index, name, value)

        def addEventListener(self, type, fn):
            listeners.append(fn)
            dom("addEventListener", self._kry_index, str(type), len(listeners))

        def removeEventListener(self, type, fn):
            slot = listeners.index(fn) + 1 if fn in listeners else 0
            dom("removeEventListener", self._kry_index, str(type), slot)

    def wrap(index):
        return None if index is None else KryElement(index)

    def wrap_result(returns, value):
        if returns == RETURNS_ELEMENT:
            return wrap(value)
        if returns == RETURNS_ELEMENTS:
            return [wrap(i) for i in value]
        return value

    def element_method(name, returns):
        def method(self, *args):
            return wrap_result(returns, dom(name, self._kry_index, *args))
        return method

    for name, returns in dom("__methods", None):
        method = element_method(name, returns)
        setattr(KryElement, name, method)
        setattr(KryElement, snake(name), method)
    KryElement.add_event_listener = KryElement.addEventListener
    KryElement.remove_event_listener = KryElement.removeEventListener

    class kryon:
        """The DOM and variable functions under the `kryon` namespace (plain functions: a
        function read from a class is not bound, and MicroPython's `staticmethod` set with
        `setattr` is not callable)."""

    def document_function(name, returns):
        def function(*args):
            return wrap_result(returns, dom(name, None, *args))
        return function

    def export(name, function):
        g[name] = function
        setattr(kryon, name, function)
        if snake(name) != name:
            g[snake(name)] = function
            setattr(kryon, snake(name), function)

    for name, returns in dom("__functions", None):
        export(name, document_function(name, returns))

    def addEventListener(type, fn):
        listeners.append(fn)
        dom("addEventListener", None, str(type), len(listeners))

    export("addEventListener", addEventListener)

    def hook(event):
        def register(fn):
            addEventListener(event, fn)
        return register

    for name, event in (("onReady", "ready"), ("onLoad", "load"), ("onKeyDown", "keydown"),
                        ("onKeyUp", "keyup"), ("onResize", "resize")):
        export(name, hook(event))

    def call_with_event(fn, event):
        # MicroPython's functions do not tell how many arguments they take: the event is
        # passed, and a function that takes none is called again without it.
        try:
            return fn(event)
        except TypeError as e:
            if "takes 0 positional arguments but 1 were given" in str(e):
                return fn()
            raise

    def __kry_listener(slot, event):
        """Calls a listener, with the event object when it takes an argument."""
        if not 0 < slot <= len(listeners):
            return None
        return call_with_event(listeners[slot - 1], event)

    g["__kry_listener"] = __kry_listener
    g["__kry_call_with_event"] = call_with_event

    def getVariable(name):
        return g.get(name) if name in names else None

    def setVariable(name, value):
        if name not in names:
            raise NameError("setVariable: no shared variable is named `" + str(name) + "`")
        g[name] = value

    def as_text(value):
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    def from_text(name, value):
        current = g.get(name)
        if not isinstance(value, str):
            return value
        if isinstance(current, bool):
            if value in ("true", "false"):
                return value == "true"
        elif isinstance(current, int):
            try:
                return int(value)
            except ValueError:
                pass
        elif isinstance(current, float):
            try:
                return float(value)
            except ValueError:
                pass
        return value

    def getTemplateVariable(name):
        return as_text(g.get(name)) if name in names else None

    def setTemplateVariable(name, value):
        setVariable(name, from_text(name, value))

    def getTemplateVariables():
        return {name: as_text(g.get(name)) for name in names}

    def print(*args, sep=" ", end="\n", file=None):
        """A line of the runtime's output (never the process's standard output)."""
        dom("__print", None, (" " if sep is None else sep).join(str(a) for a in args))

    g["print"] = print
    export("getVariable", getVariable)
    export("setVariable", setVariable)
    export("getTemplateVariable", getTemplateVariable)
    export("setTemplateVariable", setTemplateVariable)
    export("getTemplateVariables", getTemplateVariables)
    kryon.log = print
    kryon.print = print
    kryon.showMessage = g["alert"]
    g["kryon"] = kryon
    for name in shared:
        g[name] = None
    return entry
