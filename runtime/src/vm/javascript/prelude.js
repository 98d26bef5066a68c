// Returns the object holding the shared variables' values. Each shared variable is an accessor
// property of globalThis whose setter tells the runtime (`mark`) that it was assigned, so the
// runtime reads back only what a call assigned (and arrays and objects, which change in place).
(function (dom, shared, mark, print, methods, documentFunctions) {
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
    // Element objects: one per element (so `===` compares elements), built from the DOM
    // tables the runtime passes; a Proxy turns any other field into a property access
    // (`el.backgroundColor = "#f00"`).
    const RETURNS_ELEMENT = 1, RETURNS_ELEMENTS = 2;
    const cache = new Map();
    const listeners = [];
    const wrap = (index) => {
        if (index === null || index === undefined) return null;
        let element = cache.get(index);
        if (element === undefined) {
            element = new Proxy(new KryElement(index), handler);
            cache.set(index, element);
        }
        return element;
    };
    const wrapResult = (returns, value) =>
        returns === RETURNS_ELEMENT ? wrap(value)
            : returns === RETURNS_ELEMENTS ? value.map(wrap) : value;
    const unwrap = (value) => (value instanceof KryElement ? value.__kryIndex : value);
    class KryElement {
        constructor(index) { Object.defineProperty(this, "__kryIndex", { value: index }); }
        addEventListener(type, fn) {
            if (typeof fn !== "function") throw new TypeError("addEventListener needs a function");
            listeners.push(fn);
            dom("addEventListener", this.__kryIndex, String(type), listeners.length);
        }
        removeEventListener(type, fn) {
            dom("removeEventListener", this.__kryIndex, String(type), listeners.indexOf(fn) + 1);
        }
        toString() { return "[element " + this.__kryIndex + "]"; }
    }
    for (const [name, returns] of methods) {
        KryElement.prototype[name] = function (...args) {
            return wrapResult(returns, dom(name, this.__kryIndex, ...args.map(unwrap)));
        };
    }
    const handler = {
        get(target, key, receiver) {
            if (typeof key === "symbol" || key in target) return Reflect.get(target, key, receiver);
            const returns = key === "parent" ? RETURNS_ELEMENT
                : key === "children" ? RETURNS_ELEMENTS : 0;
            return wrapResult(returns, dom("__get", target.__kryIndex, key));
        },
        set(target, key, value) {
            if (typeof key === "symbol" || key in target) return Reflect.set(target, key, value);
            dom("__set", target.__kryIndex, key, unwrap(value));
            return true;
        },
    };
    const kryon = {};
    for (const [name, returns] of documentFunctions) {
        globalThis[name] = kryon[name] = (...args) =>
            wrapResult(returns, dom(name, null, ...args.map(unwrap)));
    }
    globalThis.addEventListener = kryon.addEventListener = (type, fn) => {
        if (typeof fn !== "function") throw new TypeError("addEventListener needs a function");
        listeners.push(fn);
        dom("addEventListener", null, String(type), listeners.length);
    };
    for (const [name, event] of [["onReady", "ready"], ["onLoad", "load"],
        ["onKeyDown", "keydown"], ["onKeyUp", "keyup"], ["onResize", "resize"]]) {
        globalThis[name] = kryon[name] = (fn) => globalThis.addEventListener(event, fn);
    }
    // The runtime calls a listener through this.
    globalThis.__kry_listener = (slot, event) => {
        const fn = listeners[slot - 1];
        return fn === undefined ? undefined : fn(event);
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
    Object.assign(kryon, {
        getVariable: globalThis.getVariable,
        setVariable: globalThis.setVariable,
        getTemplateVariable: globalThis.getTemplateVariable,
        setTemplateVariable: globalThis.setTemplateVariable,
        getTemplateVariables: globalThis.getTemplateVariables,
        log: line,
        print: line,
        showMessage: globalThis.alert,
    });
    globalThis.kryon = Object.freeze(kryon);
    return store;
})
