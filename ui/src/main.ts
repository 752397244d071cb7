import './fonts.css';
import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
// index.html's static shell (painted before this script ran) gives way to the app in one frame.
target.replaceChildren();
const app = mount(App, { target });
// The desktop window covers the page with a native placeholder until the page has painted
// (src-tauri/src/boot.rs): say so once this first frame is on screen.
if ('__TAURI_INTERNALS__' in window) {
  const core = import('@tauri-apps/api/core');
  requestAnimationFrame(() => setTimeout(() => core.then(({ invoke }) => invoke('page_painted')).catch(() => {})));
}
export default app;
