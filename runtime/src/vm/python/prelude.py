def __kry_install(dom, find, shared, emit):
    names = frozenset(shared)

    class KryElement:
        def __init__(self, index):
            self._kry_index = index

        def setText(self, text):
            dom("setText", self._kry_index, text)

        def getText(self):
            return dom("getText", self._kry_index)

        def setVisible(self, visible):
            dom("setVisible", self._kry_index, visible)

        def getVisible(self):
            return dom("getVisible", self._kry_index)

        def setProperty(self, name, value):
            dom("setProperty", self._kry_index, name, value)

        def getProperty(self, name):
            return dom("getProperty", self._kry_index, name)

        def setStyle(self, name):
            dom("setStyle", self._kry_index, name)

        def setChecked(self, checked):
            dom("setChecked", self._kry_index, checked)

        def getChecked(self):
            return dom("getChecked", self._kry_index)

        text = property(getText, setText)
        visible = property(getVisible, setVisible)
        checked = property(getChecked, setChecked)

    def getElementById(id):
        index = find(str(id))
        return None if index is None else KryElement(index)

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

    g = globals()
    g["print"] = print
    g["getElementById"] = getElementById
    g["getVariable"] = getVariable
    g["setVariable"] = setVariable
    g["getTemplateVariable"] = getTemplateVariable
    g["setTemplateVariable"] = setTemplateVariable
    g["getTemplateVariables"] = getTemplateVariables

    class kryon:
        """The same functions under the `kryon` namespace."""

    kryon.getElementById = staticmethod(getElementById)
    kryon.getVariable = staticmethod(getVariable)
    kryon.setVariable = staticmethod(setVariable)
    g["kryon"] = kryon
