//! Loading a KRB with 10,000 elements (from bytes: read, build the tree and the variables).

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use krb_format::Value;
use kryon_runtime::{Runtime, VMConfig};
use support::{AppBuilder, Part, BACKGROUND_COLOR, BUTTON, TEXT};

/// 10,000 elements: every tenth a bound `Count: $counter` text, the rest buttons with a
/// label, a colour and a click handler, and one Lua function.
fn big_app() -> Vec<u8> {
    let mut b = AppBuilder::new();
    b.int_var("counter", 0);
    let increment = b.s("increment");
    for i in 1..10_000 {
        if i % 10 == 0 {
            b.text_template(&format!("t{i}"), &[Part::Text("Count: "), Part::Var("counter")]);
        } else {
            let label = b.string(&format!("Button {i}"));
            b.element(
                BUTTON,
                Some(&format!("b{i}")),
                vec![(TEXT, label), (BACKGROUND_COLOR, Value::Color(0x336699ff))],
                vec![(krb_format::EventKind::Click, krb_format::Handler::Function(increment))],
            );
        }
    }
    b.function(krb_format::languages::LUA, "increment", &[], " counter = counter + 1 ", 1);
    krb_format::write(&b.build()).expect("writes")
}

fn load(c: &mut Criterion) {
    let bytes = big_app();
    let mut group = c.benchmark_group("load");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("10000_elements", |b| {
        b.iter(|| Runtime::load(&bytes, VMConfig::default()).expect("loads"))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20);
    targets = load
}
criterion_main!(benches);
