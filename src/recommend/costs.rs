//! The measured cost tables the recommendation reads: the player's size per preset
//! (`docs/data/player-sizes.json`, written by `bench/player-size.sh`) and each VM's start
//! time and memory (`docs/data/vm-costs.json`, written by `bench/vm-costs.sh`). The tables
//! come in as text; reading or embedding them is the caller's business.

use serde::{Deserialize, Serialize};

/// Where a table's numbers come from.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Measured {
    pub machine: String,
    pub date: String,
    pub command: String,
}

/// One preset's `kryon` player: stripped size and start to first frame.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct PlayerSize {
    pub preset: String,
    pub bytes: u64,
    pub first_frame_ms: u64,
}

/// One VM: the time to load a one-function app in its language, and the memory it reports
/// in use after that load (`None`: the VM does not report it).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct VmCost {
    pub language: String,
    pub start_us: f64,
    pub memory_bytes: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct PlayerTable {
    #[serde(flatten)]
    measured: Measured,
    player: Vec<PlayerSize>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct VmTable {
    #[serde(flatten)]
    measured: Measured,
    vms: Vec<VmCost>,
}

/// Both tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Costs {
    pub player_measured: Measured,
    pub player: Vec<PlayerSize>,
    pub vms_measured: Measured,
    pub vms: Vec<VmCost>,
}

impl Costs {
    /// Parses `player-sizes.json` and `vm-costs.json`; an error names the table and what is
    /// wrong with it.
    pub fn from_json(player_sizes: &str, vm_costs: &str) -> Result<Costs, String> {
        let player: PlayerTable = serde_json::from_str(player_sizes)
            .map_err(|e| format!("the player size table is not valid: {e}"))?;
        let vms: VmTable = serde_json::from_str(vm_costs)
            .map_err(|e| format!("the VM cost table is not valid: {e}"))?;
        Ok(Costs {
            player_measured: player.measured,
            player: player.player,
            vms_measured: vms.measured,
            vms: vms.vms,
        })
    }

    /// The measured player of `preset`, if the table has it.
    pub fn player(&self, preset: &str) -> Option<&PlayerSize> {
        self.player.iter().find(|p| p.preset == preset)
    }

    /// The measured cost of the VM for `language` (a tag), if the table has it.
    pub fn vm(&self, language: &str) -> Option<&VmCost> {
        self.vms.iter().find(|v| v.language == language)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAYER: &str = r#"{"machine": "m", "date": "d", "command": "c",
        "player": [{"preset": "minimal", "bytes": 10, "first_frame_ms": 2}]}"#;
    const VMS: &str = r#"{"machine": "m", "date": "d", "command": "c",
        "vms": [{"language": "lua", "start_us": 1.5, "memory_bytes": 100},
                {"language": "python", "start_us": 900.0, "memory_bytes": null}]}"#;

    #[test]
    fn reads_both_tables() {
        let costs = Costs::from_json(PLAYER, VMS).expect("valid");
        assert_eq!(costs.player("minimal").map(|p| p.bytes), Some(10));
        assert_eq!(costs.player("web"), None);
        assert_eq!(costs.vm("python").and_then(|v| v.memory_bytes), None);
        assert_eq!(costs.vm("lua").map(|v| v.start_us), Some(1.5));
    }

    #[test]
    fn a_broken_table_is_an_error_naming_it() {
        let err = Costs::from_json("{", VMS).expect_err("broken");
        assert!(err.starts_with("the player size table"), "{err}");
        let err = Costs::from_json(PLAYER, r#"{"vms": 3}"#).expect_err("broken");
        assert!(err.starts_with("the VM cost table"), "{err}");
    }
}
