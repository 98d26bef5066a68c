//! `kryc vms --recommend`'s terminal form.

use super::{mib, Recommendation};

fn micros(us: Option<f64>) -> String {
    match us {
        Some(us) if us >= 1000.0 => format!("{:.2} ms", us / 1000.0),
        Some(us) => format!("{us:.1} µs"),
        None => "not measured".to_string(),
    }
}

fn kib(bytes: Option<u64>) -> String {
    match bytes {
        Some(b) if b >= 1_048_576 => mib(b),
        Some(b) => format!("{:.1} KiB", b as f64 / 1024.0),
        None => "not measured".to_string(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn render(r: &Recommendation) -> String {
    let mut out = format!("app: {}\n", r.file);
    if r.needs.is_empty() {
        out.push_str("needs: no VM (the app has no scripts)\n");
    } else {
        out.push_str("needs:\n");
        let width = r.needs.iter().map(|n| n.language.len()).max().unwrap_or(0);
        for n in &r.needs {
            let mut code = Vec::new();
            if n.functions > 0 {
                code.push(plural(n.functions, "function", "functions"));
            }
            if n.scripts > 0 {
                code.push(plural(n.scripts, "script", "scripts"));
            }
            if n.inline_handlers > 0 {
                code.push(plural(n.inline_handlers, "inline handler", "inline handlers"));
            }
            code.push(plural(n.lines, "line", "lines"));
            let feature =
                n.feature.map_or("always in the runtime".to_string(), |f| format!("`{f}`"));
            out.push_str(&format!(
                "  {:<width$}  {}; {feature}; start {}, memory {}\n",
                n.language,
                code.join(", "),
                micros(n.start_us),
                kib(n.memory_bytes),
            ));
        }
    }
    let p = &r.preset;
    out.push_str(&format!("smallest preset: {} ({})\n", p.name, p.languages.join(", ")));
    match (p.player_bytes, p.first_frame_ms) {
        (Some(bytes), Some(ms)) => out.push_str(&format!(
            "  player {} ({bytes} bytes), start to first frame {ms} ms\n",
            mib(bytes)
        )),
        _ => out.push_str("  player size not measured for this preset\n"),
    }
    if !r.needs.is_empty() {
        out.push_str(&format!(
            "  the app's VMs: start {}, memory {}\n",
            micros(p.vm_start_us),
            kib(p.vm_memory_bytes)
        ));
    }
    if !r.ports.is_empty() {
        out.push_str("to drop a VM:\n");
        for port in &r.ports {
            out.push_str(&format!("  {}", port.message));
            out.push_str(&format!(
                " (then `{}`; the app saves start {}, memory {})\n",
                port.preset_after,
                micros(port.start_us_saved),
                kib(port.memory_bytes_saved)
            ));
        }
    }
    if let Some(t) = &r.target {
        out.push_str(&format!(
            "target {}: {}\n",
            t.target,
            if t.fits { "fits" } else { "does not fit" }
        ));
        out.push_str(&format!("  {}\n", t.message));
    }
    let m = &r.measured;
    out.push_str(&format!(
        "measured: player sizes {} on {} (`{}`); VM costs {} on {} (`{}`)\n",
        m.player_sizes.date,
        m.player_sizes.machine,
        m.player_sizes.command,
        m.vm_costs.date,
        m.vm_costs.machine,
        m.vm_costs.command
    ));
    out
}
