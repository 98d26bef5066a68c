pub mod script_scan;
