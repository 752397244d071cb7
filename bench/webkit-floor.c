/* The floor under the desktop measures: a bare WebKitGTK window (no Tauri, no app) titled
 * "Rashomon", loading one static local page, so that bench/ui-perf.mjs can measure it exactly as
 * it measures the app:
 *
 *   cc -O1 -o /tmp/webkit-floor bench/webkit-floor.c $(pkg-config --cflags --libs webkit2gtk-4.1)
 *   DESKTOP_BIN=/tmp/webkit-floor DESKTOP_CASES=embedded ONLY=desktop node bench/ui-perf.mjs
 *
 * The page (argv[1], default file:///tmp/webkit-floor.html, written if missing) has a dark block
 * so that the paint poll sees it. POLICY=2 sets the hardware-acceleration policy to "never"
 * before the load (it does not keep Mesa/libLLVM out of either process in WebKitGTK 2.50). */
#include <stdio.h>
#include <stdlib.h>
#include <webkit2/webkit2.h>

int main(int argc, char **argv) {
  const char *page = "/tmp/webkit-floor.html";
  if (argc < 2) {
    FILE *f = fopen(page, "wx");
    if (f) {
      fputs("<!doctype html><body style=\"margin:0\"><div style=\"height:50vh;background:#123\"></div>"
            "<h1>Rashomon</h1></body>\n", f);
      fclose(f);
    }
  }
  gtk_init(&argc, &argv);
  GtkWidget *win = gtk_window_new(GTK_WINDOW_TOPLEVEL);
  gtk_window_set_title(GTK_WINDOW(win), "Rashomon");
  gtk_window_set_default_size(GTK_WINDOW(win), 1280, 800);
  g_signal_connect(win, "destroy", G_CALLBACK(gtk_main_quit), NULL);
  WebKitWebView *view = WEBKIT_WEB_VIEW(webkit_web_view_new());
  if (getenv("POLICY"))
    webkit_settings_set_hardware_acceleration_policy(webkit_web_view_get_settings(view), atoi(getenv("POLICY")));
  gtk_container_add(GTK_CONTAINER(win), GTK_WIDGET(view));
  gtk_widget_show_all(win);
  webkit_web_view_load_uri(view, argc > 1 ? argv[1] : "file:///tmp/webkit-floor.html");
  gtk_main();
  return 0;
}
