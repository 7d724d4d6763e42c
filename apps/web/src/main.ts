import { loadMediasoupClient } from '@huddle/client';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router.js';
import './styles/base.css';

// A meeting page needs mediasoup-client right after its join's reply: fetch and compile it (a separate chunk)
// while the app starts, rather than in the way of the first remote frame. The landing page and the admin
// dashboard never load it.
if (!/^\/(admin(\/|$))?$/.test(window.location.pathname)) loadMediasoupClient().catch(reportError);

createApp(App).use(createPinia()).use(router).mount('#app');
