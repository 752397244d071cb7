//! WebKitGTK settings for a light, fast window (Linux only). The page is a local single-page
//! app: text, tables and a 2D canvas. It needs no GPU compositing, WebGL, Web Audio, media
//! playback, page cache or a browser-sized memory cache, and each of those costs memory (Mesa's
//! software rasteriser and libLLVM are mapped into two processes) or start-up time.

/// `RASHOMON_WEBVIEW_DEFAULTS=0` keeps WebKitGTK's own defaults (for comparison, or should a
/// setting here misbehave on some system).
pub fn enabled() -> bool {
    std::env::var_os("RASHOMON_WEBVIEW_DEFAULTS").is_none_or(|v| v != "0")
}

/// Environment defaults read by WebKitGTK/GTK when they start; call before the first GTK call.
/// A variable the user has set (to any value) is left alone, so every choice can be undone
/// from the shell, e.g. `WEBKIT_DISABLE_DMABUF_RENDERER=0`.
pub fn env_defaults() {
    // Measured on X11 only (Xvfb, bench/ui-perf.mjs); a Wayland session keeps WebKit's choice.
    if std::env::var_os("WAYLAND_DISPLAY").is_some() && std::env::var("GDK_BACKEND").as_deref() != Ok("x11") {
        return;
    }
    for (k, v) in X11_ENV {
        if std::env::var_os(k).is_none() {
            // SAFETY: called first thing in main, before GTK, WebKit or any other thread starts.
            unsafe { std::env::set_var(k, v) };
        }
    }
    if std::env::var("WEBKIT_DISABLE_DMABUF_RENDERER").as_deref() == Ok("1") && std::env::var("GDK_GL").as_deref() == Ok("disable") {
        no_egl_in_this_process();
    }
}

/// Keep Mesa (and the libLLVM it links, 47 MB resident) out of the app's own process. With the
/// shared-memory renderer ([`X11_ENV`]) the web process draws the page and the app only shows
/// its pixels, so the app needs no OpenGL; yet WebKit opens an EGL display in it when the page
/// loads (and GDK one over GLX unless `GDK_GL=disable`), which loads Mesa's driver and libLLVM.
/// libglvnd reads its list of EGL vendors once per process, at the first EGL call, from
/// `__EGL_VENDOR_LIBRARY_FILENAMES` if set: so that call is made here with the variable naming
/// no vendor, and the variable is removed before WebKit starts its processes, which inherit the
/// environment and so find Mesa as usual (the web process renders with it). WebKit then finds no
/// EGL display in the app process and uses the shared-memory path it uses anyway.
/// Measured under Xvfb (bench/ui-perf.mjs): the app process 154 → ~103 MB VmRSS.
/// A user-set `__EGL_VENDOR_LIBRARY_FILENAMES` or `__EGL_VENDOR_LIBRARY_DIRS` is left alone.
fn no_egl_in_this_process() {
    const VENDORS: &str = "__EGL_VENDOR_LIBRARY_FILENAMES";
    if std::env::var_os(VENDORS).is_some() || std::env::var_os("__EGL_VENDOR_LIBRARY_DIRS").is_some() {
        return;
    }
    type QueryString = unsafe extern "C" fn(*mut std::ffi::c_void, i32) -> *const std::ffi::c_char;
    const EGL_EXTENSIONS: i32 = 0x3055;
    // SAFETY: called first thing in main, before GTK, WebKit or any other thread starts (set_var,
    // remove_var); libEGL.so.1 is libglvnd's dispatch library, already loaded as a dependency of
    // WebKit (dlopen only returns its handle, which is never closed), and eglQueryString with
    // EGL_NO_DISPLAY (null) is the documented way to read the client extensions.
    unsafe {
        std::env::set_var(VENDORS, "/dev/null");
        let egl = libc::dlopen(c"libEGL.so.1".as_ptr(), libc::RTLD_NOW | libc::RTLD_GLOBAL);
        if !egl.is_null() {
            let f = libc::dlsym(egl, c"eglQueryString".as_ptr());
            if !f.is_null() {
                let query: QueryString = std::mem::transmute(f);
                query(std::ptr::null_mut(), EGL_EXTENSIONS);
            }
        }
        std::env::remove_var(VENDORS);
    }
}

/// WebKitGTK 2.50 under X11 without a GPU (Xvfb, llvmpipe): the DMA-BUF renderer costs the web
/// process 7 MB and the app 4 MB more than the shared-memory path, and is the path behind the
/// known blank windows on some drivers; the app draws text and tables, which need no GPU.
/// `GDK_GL=disable`: GTK's own OpenGL (GLX), which nothing in the app uses, is not set up; with
/// both, the app process needs no OpenGL at all ([`no_egl_in_this_process`]).
/// (WEBKIT_DISABLE_COMPOSITING_MODE was measured too: no change in 2.50, so it is not set.)
pub const X11_ENV: &[(&str, &str)] = &[("WEBKIT_DISABLE_DMABUF_RENDERER", "1"), ("GDK_GL", "disable")];

/// Settings of the app's webview, applied once it exists (Tauri creates it with the window, so
/// these reach the web process just after it started). Measured under Xvfb with WebKit's default
/// renderer: the hardware-acceleration policy "never" takes the web process from 307 MB to 190 MB
/// resident and the first paint from ~6 s to ~1.6 s; with the shared-memory renderer
/// ([`X11_ENV`]) they change nothing measurable but keep that path when the variable is unset.
/// Libraries mapped by WebKit whatever is set here: Mesa and libLLVM (about 44 MB resident in
/// the app and again in the web process), flite, GStreamer.
pub fn tune(webview: &webkit2gtk::WebView) {
    use webkit2gtk::{CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt};
    if let Some(s) = WebViewExt::settings(webview) {
        s.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        s.set_enable_webgl(false);
        s.set_enable_webaudio(false);
        s.set_enable_media(false);
        s.set_enable_mediasource(false);
        s.set_enable_media_stream(false);
        s.set_enable_encrypted_media(false);
        s.set_enable_page_cache(false);
        s.set_enable_dns_prefetching(false);
        s.set_enable_smooth_scrolling(false);
    }
    if let Some(c) = webview.context() {
        c.set_cache_model(CacheModel::DocumentViewer);
    }
}
