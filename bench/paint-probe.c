/* When the desktop app's window is mapped and first painted, polled over one X connection.
 *
 *   paint-probe DISPLAY T0_NS PID [TIMEOUT_MS]   ->  one JSON line on stdout
 *   paint-probe --sd DISPLAY WINDOW_ID           ->  the window's grey-level standard deviation
 *
 * T0_NS is the launch time on CLOCK_MONOTONIC (node's process.hrtime.bigint() is that clock on
 * Linux); PID the app, whose exit ends the poll. The window is the top-level window named
 * "Rashomon" once viewable; each poll then reads its pixels (XGetImage, one server round trip of a
 * few ms) and computes the grey-level standard deviation on a 0..1 scale, as ImageMagick's
 * `-colorspace gray -format %[fx:standard_deviation]` does (the thresholds of bench/ui-perf.mjs:
 * > 0.01 anything drawn, > 0.07 the library's rows). ImageMagick's `import` took 50-300 ms per
 * poll, and the poll's end was taken as the paint: this measures to a few milliseconds. A time is
 * the end of the capture that first saw it (the pixels were on screen by then); `capture_ms` is
 * the median capture time, the measure's own resolution.
 *
 * Build: cc -O2 -o paint-probe bench/paint-probe.c -lX11 -lm
 */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int ignore_errors(Display *d, XErrorEvent *e) {
  (void)d;
  (void)e; /* the window can go away between two requests */
  return 0;
}

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* A viewable window named "Rashomon" under `w`, depth first; 0 if none. */
static Window find(Display *d, Window w, int depth) {
  char *name = NULL;
  if (XFetchName(d, w, &name) && name) {
    int hit = strcmp(name, "Rashomon") == 0;
    XFree(name);
    XWindowAttributes a;
    if (hit && XGetWindowAttributes(d, w, &a) && a.map_state == IsViewable) return w;
  }
  if (depth > 3) return 0;
  Window root, parent, *kids = NULL;
  unsigned int n = 0;
  if (!XQueryTree(d, w, &root, &parent, &kids, &n)) return 0;
  Window found = 0;
  for (unsigned int i = 0; i < n && !found; i++) found = find(d, kids[i], depth + 1);
  if (kids) XFree(kids);
  return found;
}

/* Grey-level standard deviation of the window's pixels on a 0..1 scale (Rec. 709 luma of the
 * sRGB values, as ImageMagick's gray colorspace); negative when the window cannot be read. */
static double grey_sd(Display *d, Window w) {
  XWindowAttributes a;
  if (!XGetWindowAttributes(d, w, &a) || a.width < 1 || a.height < 1) return -1;
  XImage *img = XGetImage(d, w, 0, 0, (unsigned)a.width, (unsigned)a.height, AllPlanes, ZPixmap);
  if (!img) return -1;
  double sum = 0, sum2 = 0;
  unsigned long rm = img->red_mask, gm = img->green_mask, bm = img->blue_mask;
  int rs = __builtin_ctzl(rm), gs = __builtin_ctzl(gm), bs = __builtin_ctzl(bm);
  double rmax = (double)(rm >> rs), gmax = (double)(gm >> gs), bmax = (double)(bm >> bs);
  for (int y = 0; y < img->height; y++) {
    for (int x = 0; x < img->width; x++) {
      unsigned long p = XGetPixel(img, x, y);
      double g = 0.212656 * (double)((p & rm) >> rs) / rmax + 0.715158 * (double)((p & gm) >> gs) / gmax +
                 0.072186 * (double)((p & bm) >> bs) / bmax;
      sum += g;
      sum2 += g * g;
    }
  }
  double n = (double)img->width * (double)img->height;
  XDestroyImage(img);
  double mean = sum / n, var = sum2 / n - mean * mean;
  return var > 0 ? sqrt(var) : 0;
}

static int by_value(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return (a > b) - (a < b);
}

int main(int argc, char **argv) {
  XSetErrorHandler(ignore_errors);
  if (argc == 4 && strcmp(argv[1], "--sd") == 0) {
    Display *d = XOpenDisplay(argv[2]);
    if (!d) return 2;
    printf("%.6f\n", grey_sd(d, (Window)strtoul(argv[3], NULL, 0)));
    return 0;
  }
  if (argc < 4) {
    fprintf(stderr, "usage: paint-probe DISPLAY T0_NS PID [TIMEOUT_MS] | --sd DISPLAY WINDOW\n");
    return 2;
  }
  Display *d = XOpenDisplay(argv[1]);
  if (!d) {
    fprintf(stderr, "paint-probe: cannot open display %s\n", argv[1]);
    return 2;
  }
  double t0 = strtod(argv[2], NULL);
  pid_t pid = (pid_t)atoi(argv[3]);
  double timeout = argc > 4 ? atof(argv[4]) : 15000;
  double mapped = -1, first = -1, painted = -1;
  static double captures[100000];
  int polls = 0;
  Window win = 0;
  for (;;) {
    double t = (now_ns() - t0) / 1e6;
    if (t > timeout || kill(pid, 0) != 0) break;
    if (!win) {
      win = find(d, DefaultRootWindow(d), 0);
      if (win) mapped = (now_ns() - t0) / 1e6;
      else usleep(2000);
      continue;
    }
    double start = now_ns();
    double sd = grey_sd(d, win);
    double end = now_ns();
    if (polls < 100000) captures[polls++] = (end - start) / 1e6;
    double at = (end - t0) / 1e6;
    if (sd > 0.01 && first < 0) first = at;
    if (sd > 0.07) {
      painted = at;
      break;
    }
    usleep(3000);
  }
  qsort(captures, (size_t)polls, sizeof captures[0], by_value);
  printf("{\"mapped\":%.1f,\"first\":%.1f,\"painted\":%.1f,\"polls\":%d,\"capture_ms\":%.2f,\"window\":\"0x%lx\"}\n", mapped, first,
         painted, polls, polls ? captures[polls / 2] : -1.0, (unsigned long)win);
  XCloseDisplay(d);
  return 0;
}
