//! The window's first paint, natively (Linux). WebKit needs most of a second to start its web
//! and network processes, load the page and paint it (a bare WebKitGTK window with a static page
//! too: its first paint was ~0.83 s after launch under Xvfb, the app's ~1.0 s), while the window
//! itself is mapped after ~0.26 s. Until the page has painted, the webview is covered by a GTK
//! placeholder drawn by the app process: the header and the "Opening the library…" line of
//! index.html's shell, in the UI's colours. The page removes it after its own first frame
//! (`page_painted`, from ui/src/main.ts); if the page never says so, it goes
//! [`FALLBACK_MS`] after the load finished, or when the web process dies, so it can never hide the
//! page for good. `RASHOMON_NATIVE_SHELL=0` leaves the window to WebKit alone (for measuring);
//! `RASHOMON_BOOT_TRACE=1` prints the start-up milestones (wall-clock ms) on stderr.

use std::cell::RefCell;

use gtk::prelude::*;
use webkit2gtk::{LoadEvent, WebViewExt};

/// How long after the page's load finished the placeholder goes even if the page did not say
/// that it painted (a script error): by then WebKit has painted what the page has.
pub const FALLBACK_MS: u32 = 2000;

thread_local! {
    /// The placeholder while it is shown (GTK widgets live on the main thread).
    static PLACEHOLDER: RefCell<Option<(gtk::Overlay, gtk::Widget)>> = const { RefCell::new(None) };
}

/// Whether the native placeholder is wanted (`RASHOMON_NATIVE_SHELL=0` turns it off).
pub fn enabled() -> bool {
    std::env::var_os("RASHOMON_NATIVE_SHELL").is_none_or(|v| v != "0")
}

/// With `RASHOMON_BOOT_TRACE` set: `rashomon-boot <what> <unix ms>` on stderr.
pub fn trace(what: &str) {
    if std::env::var_os("RASHOMON_BOOT_TRACE").is_some() {
        let ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
        eprintln!("rashomon-boot {what} {ms}");
    }
}

/// Cover `view` with the placeholder: the webview moves into a `GtkOverlay` in its place (in the
/// window's box, where wry put it) and the placeholder lies over it. The webview stays mapped and
/// visible underneath, so WebKit loads and paints as it would. Call on the main thread before the
/// window is shown (the webview is then not realized yet, so moving it costs nothing).
pub fn cover(view: &webkit2gtk::WebView) {
    let Some(parent) = view.parent().and_then(|p| p.downcast::<gtk::Box>().ok()) else { return };
    let overlay = gtk::Overlay::new();
    parent.remove(view);
    overlay.add(view);
    let shell = placeholder();
    overlay.add_overlay(&shell);
    overlay.set_overlay_pass_through(&shell, true);
    parent.pack_start(&overlay, true, true, 0);
    overlay.show_all();
    view.grab_focus();
    let drawn = std::cell::Cell::new(false);
    shell.connect_draw(move |_, _| {
        if !drawn.replace(true) {
            trace("native-paint"); // the first frame with the placeholder in it
        }
        gtk::glib::Propagation::Proceed
    });
    view.connect_load_changed(|_, ev| {
        if ev == LoadEvent::Finished {
            gtk::glib::timeout_add_local_once(std::time::Duration::from_millis(FALLBACK_MS.into()), || uncover("fallback"));
        }
    });
    view.connect_web_process_terminated(|_, _| uncover("web-process-terminated"));
    PLACEHOLDER.with(|p| *p.borrow_mut() = Some((overlay, shell.upcast())));
}

/// With `RASHOMON_BOOT_TRACE` set, trace the page load's steps too (with or without the placeholder).
pub fn trace_loads(view: &webkit2gtk::WebView) {
    if std::env::var_os("RASHOMON_BOOT_TRACE").is_some() {
        view.connect_load_changed(|_, ev| {
            trace(match ev {
                LoadEvent::Started => "load-started",
                LoadEvent::Redirected => "load-redirected",
                LoadEvent::Committed => "load-committed",
                LoadEvent::Finished => "load-finished",
                _ => "load-other",
            })
        });
    }
}

/// Remove the placeholder (main thread; a second call does nothing).
pub fn uncover(why: &str) {
    if let Some((overlay, shell)) = PLACEHOLDER.with(|p| p.borrow_mut().take()) {
        overlay.remove(&shell);
        trace(&format!("uncovered-{why}"));
    }
}

/// The UI's colours (ui/src/app.css): `--bg`, `--bg-raised`, `--border`, `--fg`, `--fg-muted`.
const LIGHT: [&str; 5] = ["#fbfbfa", "#ffffff", "#d6d6d2", "#1c1c1e", "#5b5b60"];
const DARK: [&str; 5] = ["#17181a", "#202124", "#3b3c40", "#e8e8e6", "#a9a9ad"];

/// Whether GTK is dark, which is what WebKitGTK maps to the page's `prefers-color-scheme`.
fn dark() -> bool {
    gtk::Settings::default().is_some_and(|s| {
        s.is_gtk_application_prefer_dark_theme() || s.gtk_theme_name().is_some_and(|n| n.to_lowercase().ends_with("dark"))
    })
}

/// index.html's shell as GTK widgets, laid out like the app's header (App.svelte's `.top`: 48 px
/// with its bottom border, 20 px side padding, 32 px after the name, 20 px between the tabs;
/// 15 px text) so that the page replaces it without a jump.
fn placeholder() -> gtk::Box {
    let [bg, raised, border, fg, muted] = if dark() { DARK } else { LIGHT };
    let css = gtk::CssProvider::new();
    let rules = format!(
        ".rashomon-boot {{ background-color: {bg}; font-family: 'Noto Sans', sans-serif; font-size: 15px; }}
         .rashomon-boot .top {{ background-color: {raised}; border-bottom: 1px solid {border}; min-height: 31px; padding: 8px 20px; }}
         .rashomon-boot label {{ color: {muted}; }}
         .rashomon-boot .name {{ color: {fg}; font-weight: bold; margin-right: 12px; }}
         .rashomon-boot .msg {{ padding: 12px 20px; }}"
    );
    let _ = css.load_from_data(rules.as_bytes());
    let style = |w: &gtk::Widget, class: &str| {
        let c = w.style_context();
        c.add_provider(&css, gtk::STYLE_PROVIDER_PRIORITY_APPLICATION);
        if !class.is_empty() {
            c.add_class(class);
        }
    };
    let root = gtk::Box::new(gtk::Orientation::Vertical, 0);
    style(root.upcast_ref(), "rashomon-boot");
    let top = gtk::Box::new(gtk::Orientation::Horizontal, 20);
    style(top.upcast_ref(), "top");
    for (i, text) in ["Rashomon", "Library", "Stories", "Compare", "Codes"].into_iter().enumerate() {
        let l = gtk::Label::new(Some(text));
        style(l.upcast_ref(), if i == 0 { "name" } else { "" });
        top.pack_start(&l, false, false, 0);
    }
    root.pack_start(&top, false, false, 0);
    let msg = gtk::Label::new(Some("Opening the library…"));
    msg.set_xalign(0.0);
    style(msg.upcast_ref(), "msg");
    root.pack_start(&msg, false, false, 0);
    root
}
