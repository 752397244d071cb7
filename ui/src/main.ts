import './fonts.css';
import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
// index.html's static shell (painted before this script ran) gives way to the app in one frame.
target.replaceChildren();
export default mount(App, { target });
