// Placeholder page for the desktop tests: calls the real commands through the IPC.
const invoke = (cmd, args) => window.__TAURI_INTERNALS__.invoke(cmd, args);
const count = document.getElementById('count');
async function refresh() {
  try {
    const list = await invoke('list_articles');
    count.textContent = String(list.length);
    const ul = document.getElementById('articles');
    ul.replaceChildren(...list.map((a) => Object.assign(document.createElement('li'), { textContent: `${a.outlet ?? '?'}: ${a.title ?? a.source_name}` })));
    document.body.dataset.articles = String(list.length);
  } catch (e) {
    count.textContent = `error ${JSON.stringify(e)}`;
  }
}
refresh();
// First start imports the samples in the background; poll until they are in.
const timer = setInterval(() => (document.body.dataset.articles > 0 ? clearInterval(timer) : refresh()), 500);
