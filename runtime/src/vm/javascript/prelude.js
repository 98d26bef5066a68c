// Returns the object holding the shared variables' values. Each shared variable is an accessor
// property of globalThis whose setter tells the runtime (`mark`) that it was assigned, so the
// runtime reads back only what a call assigned (and arrays and objects, which change in place).
(function (dom, find, shared, mark, print) {
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
    // The 2025 template-variable API: values as text, and text written back converted to the
    // type the variable holds ("5" into a number variable is 5).
    const asText = (value) => (value === undefined || value === null ? "" : String(value));
    const fromText = (name, value) => {
        const current = store[name];
        if (typeof value !== "string") return value;
        if (typeof current === "number" && value.trim() !== "" && !Number.isNaN(Number(value))) {
            return Number(value);
        }
        if (typeof current === "bigint" && /^\s*-?\d+\s*$/.test(value)) return BigInt(value);
        if (typeof current === "boolean" && (value === "true" || value === "false")) {
            return value === "true";
        }
        return value;
    };
    globalThis.getTemplateVariable = (name) => (names.has(name) ? asText(store[name]) : undefined);
    globalThis.setTemplateVariable = (name, value) => {
        globalThis.setVariable(name, fromText(name, value));
    };
    globalThis.getTemplateVariables = () => {
        const all = {};
        for (const name of names) all[name] = asText(store[name]);
        return all;
    };
    // `console.log` and friends write a line of the runtime's output.
    const line = (...args) => print(args.map((v) => String(v)).join(" "));
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
