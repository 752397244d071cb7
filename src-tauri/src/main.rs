// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    rashomon_desktop_lib::run(tauri::generate_context!());
}
