// Returns the object holding the shared variables' values. Each shared variable is an accessor
// property of globalThis whose setter tells the runtime (`mark`) that it was assigned, so the
// runtime reads back only what a call assigned (and arrays and objects, which change in place).
(function (dom, find, shared, mark) {
    const names = new Set(shared);
    const store = Object.create(null);
    for (const name of shared) {
        Object.defineProperty(globalThis, name, {
            get() { return store[name]; },
            set(value) { store[name] = value; mark(); },
            enumerable: true,
            configurable: false,
        });
    }
    class KryElement {
        constructor(index) { Object.defineProperty(this, "__kryIndex", { value: index }); }
        setText(text) { dom("setText", this.__kryIndex, text); }
        getText() { return dom("getText", this.__kryIndex); }
        setVisible(visible) { dom("setVisible", this.__kryIndex, visible); }
        getVisible() { return dom("getVisible", this.__kryIndex); }
        setProperty(name, value) { dom("setProperty", this.__kryIndex, name, value); }
        getProperty(name) { return dom("getProperty", this.__kryIndex, name); }
        setStyle(name) { dom("setStyle", this.__kryIndex, name); }
        setChecked(checked) { dom("setChecked", this.__kryIndex, checked); }
        getChecked() { return dom("getChecked", this.__kryIndex); }
        get text() { return this.getText(); }
        set text(text) { this.setText(text); }
        get visible() { return this.getVisible(); }
        set visible(visible) { this.setVisible(visible); }
        get checked() { return this.getChecked(); }
        set checked(checked) { this.setChecked(checked); }
    }
    globalThis.getElementById = function (id) {
        const index = find(String(id));
        return index == null ? null : new KryElement(index);
    };
    globalThis.getVariable = function (name) {
        return names.has(name) ? globalThis[name] : undefined;
    };
    globalThis.setVariable = function (name, value) {
        if (!names.has(name)) {
            throw new Error("setVariable: no shared variable is named `" + name + "`");
        }
        globalThis[name] = value;
    };
    // `console.log` and friends write a line of the runtime's output.
    const line = (...args) => dom("print", 0, args.map((v) => String(v)).join(" "));
    globalThis.console = Object.freeze({
        log: line, info: line, warn: line, error: line, debug: line,
    });
    globalThis.kryon = Object.freeze({
        getElementById: globalThis.getElementById,
        getVariable: globalThis.getVariable,
        setVariable: globalThis.setVariable,
    });
    return store;
})
