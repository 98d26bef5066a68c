//! Guards on RustPython's native operations that the watchdog cannot stop (it stops a call
//! between bytecode instructions, never inside one) and whose cost the script picks with
//! one number: integer products, powers and shifts, sequence repetition, `bytes(n)` and
//! `bytearray(n)`; and the refusal of `__del__` (finalizers run whenever an object dies:
//! between calls, while the host converts values, with their exceptions swallowed).
//!
//! Each guard is installed in the built-in types' slots (RustPython keeps them in atomic
//! cells, so a static type's slot can be replaced) once per thread: without its `threading`
//! feature RustPython keeps one set of built-in types per thread, shared by the
//! interpreters of that thread. Each guard checks the size of the
//! result before the operation runs and raises `MemoryError` (a `MemoryLimit` stop) when it
//! would not fit the running VM's memory limit — or, for integers, [`MAX_INT_BITS`]: a
//! power or product that large takes longer than a time limit in one native step.

use std::cell::Cell;
use std::sync::OnceLock;

use rustpython_vm::builtins::{PyBaseExceptionRef, PyInt, PyStr, PyType, PyTypeRef};
use rustpython_vm::function::{FuncArgs, PySetterValue};
use rustpython_vm::protocol::PySequence;
use rustpython_vm::{AsObject, Py, PyObject, PyObjectRef, PyResult, VirtualMachine};

/// The largest integer a single native operation may produce: 256 Ki bits (≈ 79,000
/// decimal digits, 32 KiB); the largest power, or `str` of the largest integer, takes tens
/// of milliseconds in a debug build.
pub(super) const MAX_INT_BITS: u64 = 1 << 18;

thread_local! {
    /// The memory limit of the VM running on this thread (`0`: none).
    static MEMORY_LIMIT: Cell<usize> = const { Cell::new(0) };
}

/// Tells the guards the memory limit of the VM about to run on this thread.
pub(super) fn set_memory_limit(limit: usize) {
    MEMORY_LIMIT.with(|l| l.set(limit));
}

fn too_large(vm: &VirtualMachine, what: &str) -> PyBaseExceptionRef {
    vm.new_memory_error(format!("{what} would not fit the VM's memory limit"))
}

/// Whether `bytes` more bytes fit under the running VM's memory limit.
fn fits(bytes: u128) -> bool {
    let limit = MEMORY_LIMIT.with(Cell::get);
    limit == 0 || bytes <= limit as u128
}

type Binary = fn(&PyObject, &PyObject, &VirtualMachine) -> PyResult;
type Ternary = fn(&PyObject, &PyObject, &PyObject, &VirtualMachine) -> PyResult;
type Repeat = fn(PySequence<'_>, isize, &VirtualMachine) -> PyResult;
type New = fn(PyTypeRef, FuncArgs, &VirtualMachine) -> PyResult;
type Init = fn(PyObjectRef, FuncArgs, &VirtualMachine) -> PyResult<()>;
type Text = fn(&PyObject, &VirtualMachine) -> PyResult<rustpython_vm::PyRef<PyStr>>;
type SetAttr = fn(&PyObject, &Py<PyStr>, PySetterValue, &VirtualMachine) -> PyResult<()>;

/// The slots the guards replaced, called once a guard lets an operation through.
struct Originals {
    multiply: Option<Binary>,
    right_multiply: Option<Binary>,
    lshift: Option<Binary>,
    power: Option<Ternary>,
    right_power: Option<Ternary>,
    repeat: [Option<Repeat>; 5],
    bytes_new: Option<New>,
    bytearray_init: Option<Init>,
    list_init: Option<Init>,
    type_new: Option<New>,
    type_setattr: Option<SetAttr>,
    int_repr: Option<Text>,
    int_str: Option<Text>,
}

/// The native slot functions (the same functions in every thread's types).
static ORIGINALS: OnceLock<Originals> = OnceLock::new();

thread_local! {
    /// Whether this thread's built-in types have the guards.
    static INSTALLED: Cell<bool> = const { Cell::new(false) };
}

/// The slot a guard replaced (set before any guard is reachable: `install` writes the
/// guards into the slots only after storing the originals).
fn original<T>(slot: impl Fn(&Originals) -> Option<T>) -> Option<T> {
    ORIGINALS.get().and_then(slot)
}

fn bits(o: &PyObject) -> Option<u64> {
    o.downcast_ref::<PyInt>().map(|i| i.as_bigint().bits())
}

fn int_value(o: &PyObject, vm: &VirtualMachine) -> Option<i64> {
    o.downcast_ref::<PyInt>().and_then(|i| i.try_to_primitive::<i64>(vm).ok())
}

fn check_int_bits(result_bits: u128, vm: &VirtualMachine) -> PyResult<()> {
    if result_bits > u128::from(MAX_INT_BITS) || !fits(result_bits / 8) {
        return Err(too_large(vm, "an integer this large"));
    }
    Ok(())
}

fn check_product(a: &PyObject, b: &PyObject, vm: &VirtualMachine) -> PyResult<()> {
    if let (Some(x), Some(y)) = (bits(a), bits(b)) {
        check_int_bits(u128::from(x) + u128::from(y), vm)?;
    }
    Ok(())
}

fn multiply(a: &PyObject, b: &PyObject, vm: &VirtualMachine) -> PyResult {
    check_product(a, b, vm)?;
    match original(|o| o.multiply) {
        Some(f) => f(a, b, vm),
        None => Ok(vm.ctx.not_implemented()),
    }
}

fn right_multiply(a: &PyObject, b: &PyObject, vm: &VirtualMachine) -> PyResult {
    check_product(a, b, vm)?;
    match original(|o| o.right_multiply) {
        Some(f) => f(a, b, vm),
        None => Ok(vm.ctx.not_implemented()),
    }
}

fn lshift(a: &PyObject, b: &PyObject, vm: &VirtualMachine) -> PyResult {
    if let (Some(x), Some(by)) = (bits(a), bits(b)) {
        let shift = int_value(b, vm).map_or(u128::MAX, |s| s.max(0) as u128);
        if x > 0 && by > 0 {
            check_int_bits(u128::from(x).saturating_add(shift), vm)?;
        }
    }
    match original(|o| o.lshift) {
        Some(f) => f(a, b, vm),
        None => Ok(vm.ctx.not_implemented()),
    }
}

/// `base ** exp` (without a modulus) has about `bits(base) * exp` bits.
fn check_power(
    base: &PyObject,
    exp: &PyObject,
    modulus: &PyObject,
    vm: &VirtualMachine,
) -> PyResult<()> {
    if !vm.is_none(modulus) {
        return Ok(());
    }
    let (Some(b), Some(_)) = (bits(base), bits(exp)) else { return Ok(()) };
    // 0, 1 and -1 stay small whatever the exponent; a negative exponent makes a float.
    let small_base = int_value(base, vm).is_some_and(|v| (-1..=1).contains(&v));
    let e = int_value(exp, vm);
    if small_base || e.is_some_and(|e| e <= 1) {
        return Ok(());
    }
    let e = e.map_or(u128::MAX, |e| e as u128);
    check_int_bits(u128::from(b.saturating_sub(1).max(1)).saturating_mul(e), vm)
}

fn power(a: &PyObject, b: &PyObject, c: &PyObject, vm: &VirtualMachine) -> PyResult {
    check_power(a, b, c, vm)?;
    match original(|o| o.power) {
        Some(f) => f(a, b, c, vm),
        None => Ok(vm.ctx.not_implemented()),
    }
}

fn right_power(a: &PyObject, b: &PyObject, c: &PyObject, vm: &VirtualMachine) -> PyResult {
    check_power(a, b, c, vm)?;
    match original(|o| o.right_power) {
        Some(f) => f(a, b, c, vm),
        None => Ok(vm.ctx.not_implemented()),
    }
}

/// The bytes one item of a sequence takes in a repetition's result.
fn item_size(o: &PyObject) -> u128 {
    match o.downcast_ref::<PyStr>() {
        Some(s) => s.byte_len() as u128,
        None => 0,
    }
}

fn check_repeat(
    seq: &PySequence<'_>,
    n: isize,
    per_item: u128,
    vm: &VirtualMachine,
) -> PyResult<()> {
    if n <= 1 {
        return Ok(());
    }
    let len = seq.length(vm)? as u128;
    let size = if per_item == 0 { item_size(seq.obj) } else { len * per_item };
    if !fits(size.saturating_mul(n as u128)) {
        return Err(too_large(vm, "the repeated sequence"));
    }
    Ok(())
}

macro_rules! repeat_guard {
    ($name:ident, $index:expr, $per_item:expr) => {
        fn $name(seq: PySequence<'_>, n: isize, vm: &VirtualMachine) -> PyResult {
            check_repeat(&seq, n, $per_item, vm)?;
            match original(|o| o.repeat[$index]) {
                Some(f) => f(seq, n, vm),
                None => Err(vm.new_type_error("the sequence cannot be repeated")),
            }
        }
    };
}

// str (its UTF-8 size), bytes, bytearray (a byte per item), list, tuple (a pointer per item).
repeat_guard!(repeat_str, 0, 0);
repeat_guard!(repeat_bytes, 1, 1);
repeat_guard!(repeat_bytearray, 2, 1);
repeat_guard!(repeat_list, 3, 8);
repeat_guard!(repeat_tuple, 4, 8);

/// `bytes(n)` and `bytearray(n)` allocate `n` bytes at once.
fn check_size_argument(args: &FuncArgs, vm: &VirtualMachine) -> PyResult<()> {
    if let Some(first) = args.args.first() {
        if let Some(n) = first.downcast_ref::<PyInt>() {
            let size = n.try_to_primitive::<i64>(vm).map_or(u128::MAX, |v| v.max(0) as u128);
            if !fits(size) {
                return Err(too_large(vm, "a buffer this large"));
            }
        }
    }
    Ok(())
}

fn bytes_new(cls: PyTypeRef, args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    check_size_argument(&args, vm)?;
    match original(|o| o.bytes_new) {
        Some(f) => f(cls, args, vm),
        None => Err(vm.new_type_error("bytes() cannot be created")),
    }
}

fn bytearray_init(zelf: PyObjectRef, args: FuncArgs, vm: &VirtualMachine) -> PyResult<()> {
    check_size_argument(&args, vm)?;
    match original(|o| o.bytearray_init) {
        Some(f) => f(zelf, args, vm),
        None => Ok(()),
    }
}

/// Decimal text of an integer takes time quadratic in its size: CPython refuses more than
/// `sys.get_int_max_str_digits()` digits (4300) both ways; RustPython only when parsing.
fn check_digits(o: &PyObject, vm: &VirtualMachine) -> PyResult<()> {
    let limit = vm.state.int_max_str_digits.load() as u128;
    if let Some(bits) = bits(o) {
        // Digits of a number of `bits` bits, rounded down (log10(2) ≈ 0.30103).
        let digits = u128::from(bits) * 30103 / 100_000;
        if limit > 0 && digits > limit {
            return Err(vm.new_value_error(format!(
                "Exceeds the limit ({limit} digits) for integer string conversion; use \
                 sys.set_int_max_str_digits() to increase the limit"
            )));
        }
    }
    Ok(())
}

fn int_repr(o: &PyObject, vm: &VirtualMachine) -> PyResult<rustpython_vm::PyRef<PyStr>> {
    check_digits(o, vm)?;
    match original(|o| o.int_repr) {
        Some(f) => f(o, vm),
        None => Err(vm.new_type_error("int has no text form")),
    }
}

fn int_str(o: &PyObject, vm: &VirtualMachine) -> PyResult<rustpython_vm::PyRef<PyStr>> {
    check_digits(o, vm)?;
    match original(|o| o.int_str) {
        Some(f) => f(o, vm),
        None => int_repr(o, vm),
    }
}

/// `list(iterable)` reserves room for the iterable's length at once.
fn list_init(zelf: PyObjectRef, args: FuncArgs, vm: &VirtualMachine) -> PyResult<()> {
    if let Some(iterable) = args.args.first() {
        if let Some(len) = iterable.length_opt(vm) {
            if !fits((len? as u128).saturating_mul(8)) {
                return Err(too_large(vm, "a list this long"));
            }
        }
    }
    match original(|o| o.list_init) {
        Some(f) => f(zelf, args, vm),
        None => Ok(()),
    }
}

fn refuse_del(vm: &VirtualMachine) -> PyBaseExceptionRef {
    vm.new_type_error(
        "__del__ methods are not allowed (finalizers run outside the budgets)".to_string(),
    )
}

/// `type(name, bases, namespace)` and every `class` statement: no `__del__` in the
/// namespace.
fn type_new(cls: PyTypeRef, args: FuncArgs, vm: &VirtualMachine) -> PyResult {
    if let Some(namespace) = args.args.get(2) {
        if namespace.get_item("__del__", vm).is_ok() {
            return Err(refuse_del(vm));
        }
    }
    match original(|o| o.type_new) {
        Some(f) => f(cls, args, vm),
        None => Err(vm.new_type_error("type() cannot be created")),
    }
}

/// `Class.__del__ = f` after the class exists.
fn type_setattr(
    obj: &PyObject,
    name: &Py<PyStr>,
    value: PySetterValue,
    vm: &VirtualMachine,
) -> PyResult<()> {
    if name.to_string_lossy() == "__del__" && matches!(value, PySetterValue::Assign(_)) {
        return Err(refuse_del(vm));
    }
    match original(|o| o.type_setattr) {
        Some(f) => f(obj, name, value, vm),
        None => Err(vm.new_attribute_error("attributes of types cannot be set")),
    }
}

/// Wraps method `name` of a built-in type so that its argument `at` (a width: `ljust`,
/// `center`, `zfill`, or a tab size: `expandtabs`), times `scale` bytes, must fit the memory
/// limit before the method runs.
fn guard_width(vm: &VirtualMachine, class: &'static Py<PyType>, name: &'static str, scale: bool) {
    let Some(original) = class.get_attr(vm.ctx.intern_str(name)) else { return };
    let guard = move |args: FuncArgs, vm: &VirtualMachine| -> PyResult {
        let width = args.args.get(1).and_then(|w| w.downcast_ref::<PyInt>());
        if let Some(width) = width {
            let n = width.try_to_primitive::<i64>(vm).map_or(u128::MAX, |v| v.max(0) as u128);
            let len = match (scale, args.args.first().and_then(|s| s.downcast_ref::<PyStr>())) {
                (true, Some(s)) => s.byte_len() as u128,
                _ => 1,
            };
            if !fits(n.saturating_mul(len)) {
                return Err(too_large(vm, "the padded text"));
            }
        }
        original.call(args, vm)
    };
    let method = vm.new_method(name, class, guard);
    // `set_attr` also invalidates the type's method cache: a lookup cached before the guard
    // went in (by any VM of the process: built-in types are shared) would skip it.
    class.set_attr(vm.ctx.intern_str(name), method.into());
}

/// Installs the guards in this thread's built-in types (once per thread).
pub(super) fn install(vm: &VirtualMachine) {
    if INSTALLED.with(|i| i.replace(true)) {
        return;
    }
    {
        let types = &vm.ctx.types;
        let int = &types.int_type.slots.as_number;
        let seqs: [&Py<PyType>; 5] = [
            types.str_type,
            types.bytes_type,
            types.bytearray_type,
            types.list_type,
            types.tuple_type,
        ];
        let originals = Originals {
            multiply: int.multiply.load(),
            right_multiply: int.right_multiply.load(),
            lshift: int.lshift.load(),
            power: int.power.load(),
            right_power: int.right_power.load(),
            repeat: seqs.map(|t| t.slots.as_sequence.repeat.load()),
            bytes_new: types.bytes_type.slots.new.load(),
            bytearray_init: types.bytearray_type.slots.init.load(),
            list_init: types.list_type.slots.init.load(),
            type_new: types.type_type.slots.new.load(),
            type_setattr: types.type_type.slots.setattro.load(),
            int_repr: types.int_type.slots.repr.load(),
            int_str: types.int_type.slots.str.load(),
        };
        // Another thread may have stored the same functions first.
        let _ = ORIGINALS.set(originals);
        int.multiply.store(Some(multiply));
        int.right_multiply.store(Some(right_multiply));
        int.lshift.store(Some(lshift));
        int.power.store(Some(power));
        int.right_power.store(Some(right_power));
        let guards: [Repeat; 5] =
            [repeat_str, repeat_bytes, repeat_bytearray, repeat_list, repeat_tuple];
        for (t, guard) in seqs.iter().zip(guards) {
            t.slots.as_sequence.repeat.store(Some(guard));
        }
        types.bytes_type.slots.new.store(Some(bytes_new));
        types.bytearray_type.slots.init.store(Some(bytearray_init));
        types.list_type.slots.init.store(Some(list_init));
        types.type_type.slots.new.store(Some(type_new));
        types.type_type.slots.setattro.store(Some(type_setattr));
        types.int_type.slots.repr.store(Some(int_repr));
        if types.int_type.slots.str.load().is_some() {
            types.int_type.slots.str.store(Some(int_str));
        }
        // Called through their own fast paths, which skip the `new`/`init` slots.
        for t in [types.bytes_type, types.bytearray_type, types.list_type] {
            t.slots.vectorcall.store(None);
        }
        for t in [types.str_type, types.bytes_type, types.bytearray_type] {
            for name in ["ljust", "rjust", "center", "zfill"] {
                guard_width(vm, t, name, false);
            }
        }
        guard_width(vm, types.str_type, "expandtabs", true);
    }
}

/// Whether an exception is a guard's (or the interpreter's own) `MemoryError`.
pub(super) fn is_memory_error(vm: &VirtualMachine, exc: &PyBaseExceptionRef) -> bool {
    exc.class().fast_issubclass(vm.ctx.exceptions.memory_error)
}

/// The deepest nesting of brackets in Python source; RustPython's parser recurses once per
/// level on the native stack, so source nested deeper than [`MAX_NESTING`] is refused.
pub(super) fn nesting(source: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for c in source.bytes() {
        match c {
            b'(' | b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// How deep source may nest brackets (CPython's parser allows 200).
pub(super) const MAX_NESTING: usize = 100;
