import type { RouteRecordRaw } from 'vue-router';

/** The dashboard under `/admin`, loaded only when visited. */
export const adminRoutes: RouteRecordRaw[] = [
  {
    path: '/admin',
    component: () => import('./views/AdminShell.vue'),
    children: [
      { path: '', name: 'admin-rooms', component: () => import('./views/RoomsView.vue') },
      {
        path: 'rooms/:slug',
        name: 'admin-room',
        component: () => import('./views/RoomDetailView.vue'),
        props: (route) => ({ slug: String(route.params.slug) }),
      },
      {
        path: 'recordings',
        name: 'admin-recordings',
        component: () => import('./views/RecordingsView.vue'),
        props: (route) => ({ room: typeof route.query.room === 'string' ? route.query.room : undefined }),
      },
      { path: 'server', name: 'admin-server', component: () => import('./views/ServerView.vue') },
      { path: 'audit', name: 'admin-audit', component: () => import('./views/AuditView.vue') },
    ],
  },
];
