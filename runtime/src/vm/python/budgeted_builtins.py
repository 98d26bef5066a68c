# Builtins whose native versions loop over an iterable inside one instruction, where the
# watchdog cannot stop them (`sum(range(10 ** 13))` would run for hours). These are Python
# loops, stopped like any other; they replace the natives in the builtins.
_missing = object()


def sum(iterable, /, start=0):
    total = start
    for item in iterable:
        total = total + item
    return total


def any(iterable, /):
    for item in iterable:
        if item:
            return True
    return False


def all(iterable, /):
    for item in iterable:
        if not item:
            return False
    return True


def sorted(iterable, /, *, key=None, reverse=False):
    items = []
    for item in iterable:
        items.append(item)
    items.sort(key=key, reverse=reverse)
    return items


def _pick(name, better, args, key, default):
    if not args:
        raise TypeError(f"{name} expected at least 1 argument, got 0")
    if len(args) == 1:
        items = args[0]
    else:
        if default is not _missing:
            raise TypeError(f"Cannot specify a default for {name}() with multiple positional arguments")
        items = args
    found = _missing
    found_key = None
    for item in items:
        k = item if key is None else key(item)
        if found is _missing or better(k, found_key):
            found, found_key = item, k
    if found is _missing:
        if default is _missing:
            raise ValueError(f"{name}() iterable argument is empty")
        return default
    return found


def min(*args, key=None, default=_missing):
    return _pick("min", lambda a, b: a < b, args, key, default)


def max(*args, key=None, default=_missing):
    return _pick("max", lambda a, b: a > b, args, key, default)
