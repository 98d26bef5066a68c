def __kry_install(dom, shared, emit, methods, document_functions):
    names = frozenset(shared)
    RETURNS_ELEMENT = 1
    RETURNS_ELEMENTS = 2
    listeners = []

    def snake(name):
        out = ""
        for c in name:
            if c.isupper():
                out += "_" + c.lower()
            else:
                out += c
        return out

    class KryElement:
        """An element: the DOM methods, and fields for `text`, `visible`, any property."""

        __slots__ = ("_kry_index",)

        def __init__(self, index):
            object.__setattr__(self, "_kry_index", index)

        def __eq__(self, other):
            return isinstance(other, KryElement) and other._kry_index == self._kry_index

        def __hash__(self):
            return hash(self._kry_index)

        def __repr__(self):
            return "<element " + str(self._kry_index) + ">"

        def __getattr__(self, name):
            if name.startswith("__"):
                raise AttributeError(name)
            returns = RETURNS_ELEMENT if name == "parent" else RETURNS_ELEMENTS if name == "children" else 0
            return wrap_result(returns, dom("__get", self._kry_index, name))

        def __setattr__(self, name, value):
            dom("__set", self._kry_index, name, unwrap(value))

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

    def unwrap(value):
        return value._kry_index if isinstance(value, KryElement) else value

    def element_method(name, returns):
        def method(self, *args):
            return wrap_result(returns, dom(name, self._kry_index, *[unwrap(a) for a in args]))
        method.__name__ = name
        return method

    for name, returns in methods:
        method = element_method(name, returns)
        setattr(KryElement, name, method)
        setattr(KryElement, snake(name), method)
    KryElement.add_event_listener = KryElement.addEventListener
    KryElement.remove_event_listener = KryElement.removeEventListener

    g = globals()

    class kryon:
        """The DOM and variable functions under the `kryon` namespace."""

    def document_function(name, returns):
        def function(*args):
            return wrap_result(returns, dom(name, None, *[unwrap(a) for a in args]))
        function.__name__ = name
        return function

    def export(name, function):
        g[name] = function
        setattr(kryon, name, staticmethod(function))
        if snake(name) != name:
            g[snake(name)] = function
            setattr(kryon, snake(name), staticmethod(function))

    for name, returns in document_functions:
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

    def takes_event(fn):
        code = getattr(fn, "__code__", None)
        if code is None:
            return True
        count = code.co_argcount - (1 if getattr(fn, "__self__", None) is not None else 0)
        return count >= 1 or bool(code.co_flags & 4)

    def __kry_listener(slot, event):
        """Calls a listener, with the event object when it takes an argument."""
        if not 0 < slot <= len(listeners):
            return None
        fn = listeners[slot - 1]
        return fn(event) if takes_event(fn) else fn()

    g["__kry_listener"] = __kry_listener

    def getVariable(name):
        return globals().get(name) if name in names else None

    def setVariable(name, value):
        if name not in names:
            raise NameError("setVariable: no shared variable is named `" + str(name) + "`")
        globals()[name] = value

    # The 2025 template-variable API: values as text, and text written back converted to the
    # type the variable holds ("5" into an int variable is 5).
    def as_text(value):
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    def from_text(name, value):
        current = globals().get(name)
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
        return as_text(globals().get(name)) if name in names else None

    def setTemplateVariable(name, value):
        setVariable(name, from_text(name, value))

    def getTemplateVariables():
        return {name: as_text(globals().get(name)) for name in names}

    def print(*args, sep=" ", end="\n", file=None, flush=False):
        """A line of the runtime's output (never the process's standard output)."""
        emit((" " if sep is None else sep).join(str(a) for a in args))

    g["print"] = print
    export("getVariable", getVariable)
    export("setVariable", setVariable)
    export("getTemplateVariable", getTemplateVariable)
    export("setTemplateVariable", setTemplateVariable)
    export("getTemplateVariables", getTemplateVariables)
    kryon.log = staticmethod(print)
    kryon.print = staticmethod(print)
    kryon.showMessage = staticmethod(g["alert"])
    g["kryon"] = kryon
