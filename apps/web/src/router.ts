import { createRouter, createWebHistory } from 'vue-router';
import { adminRoutes } from './admin/routes.js';
import LandingView from './views/LandingView.vue';
import RoomView from './views/RoomView.vue';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'landing', component: LandingView },
    ...adminRoutes,
    { path: '/:room', name: 'room', component: RoomView },
  ],
});
