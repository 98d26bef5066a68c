// Guards on native operations QuickJS runs without polling its interrupt handler.
//
// Array methods loop in native code, where QuickJS never polls its interrupt handler, over
// `length` indices, a number a script picks at will (`{ length: 2 ** 53 - 1 }`, or a sparse
// array with `length = 2 ** 32 - 1`). Past a length no dense array fits in a VM's memory,
// the searching methods and `join` run as JavaScript loops (stopped by the time limit like
// any other code) and the methods that visit every index are refused.
(function () {
    const LARGE = 2 ** 24;
    const proto = Array.prototype;
    const native = {};
    const toLength = (v) => {
        v = Number(v);
        return v > 0 ? Math.min(Math.floor(v), 2 ** 53 - 1) : 0;
    };
    const toInteger = (v) => {
        v = Number(v);
        return v === v ? Math.trunc(v) : 0;
    };
    const lengthOf = (o) => toLength(o.length);
    const start = (from, len) => {
        const k = toInteger(from);
        return k < 0 ? Math.max(len + k, 0) : k;
    };
    const loops = {
        indexOf(search, from) {
            const o = Object(this), len = lengthOf(o);
            for (let k = start(from, len); k < len; k++) {
                if (k in o && o[k] === search) return k;
            }
            return -1;
        },
        lastIndexOf(search, from) {
            const o = Object(this), len = lengthOf(o);
            let k = arguments.length > 1 ? toInteger(from) : len - 1;
            k = k < 0 ? len + k : Math.min(k, len - 1);
            for (; k >= 0; k--) {
                if (k in o && o[k] === search) return k;
            }
            return -1;
        },
        includes(search, from) {
            const o = Object(this), len = lengthOf(o);
            for (let k = start(from, len); k < len; k++) {
                const v = o[k];
                if (v === search || (v !== v && search !== search)) return true;
            }
            return false;
        },
        join(separator) {
            const o = Object(this), len = lengthOf(o);
            const sep = separator === undefined ? "," : String(separator);
            let out = "";
            for (let k = 0; k < len; k++) {
                if (k > 0) out += sep;
                const v = o[k];
                if (v !== undefined && v !== null) out += String(v);
            }
            return out;
        },
    };
    const define = (name, fn) =>
        Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true });
    for (const name of Object.keys(loops)) {
        native[name] = proto[name];
        const loop = loops[name], original = native[name];
        define(name, {
            [name](...args) {
                const long = this !== null && this !== undefined && lengthOf(Object(this)) > LARGE;
                return (long ? loop : original).apply(this, args);
            },
        }[name]);
    }
    const everyIndex = [
        "forEach", "map", "filter", "some", "every", "find", "findIndex", "findLast",
        "findLastIndex", "reduce", "reduceRight", "fill", "copyWithin", "reverse", "sort",
        "flat", "flatMap", "toReversed", "toSorted",
    ];
    for (const name of everyIndex) {
        const original = proto[name];
        if (typeof original !== "function") continue;
        define(name, {
            [name](...args) {
                if (this !== null && this !== undefined) {
                    const len = lengthOf(Object(this));
                    if (len > LARGE) {
                        throw new RangeError(
                            `Array.prototype.${name} over ${len} elements is refused: ` +
                                "the loop would run in native code, outside the time limit",
                        );
                    }
                }
                return original.apply(this, args);
            },
        }[name]);
    }

    // A BigInt's decimal text takes time quadratic in its size (about a second for 500,000
    // bits), in one native step: `toString` of one beyond 2^16 bits is refused (implicit
    // conversions, `"" + x`, are not guarded).
    const toText = BigInt.prototype.toString;
    const LIMIT = 1n << 65536n;
    Object.defineProperty(BigInt.prototype, "toString", {
        value: function toString(radix) {
            const x = BigInt.prototype.valueOf.call(this);
            if ((x >= LIMIT || x <= -LIMIT) && radix !== 16 && radix !== 2) {
                throw new RangeError("BigInt.prototype.toString: the number is too large to convert within the time limit");
            }
            return toText.call(x, radix);
        },
        writable: true,
        configurable: true,
    });
})
