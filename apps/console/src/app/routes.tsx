import { createBrowserRouter, Navigate } from 'react-router';
import { Layout } from '../features/shell/layout';
import { NotFoundPage } from '../features/shell/not-found-page';
import { SignInCallbackPage } from '../features/sign-in/callback-page';
import { SignInPage } from '../features/sign-in/sign-in-page';

/** Each journey's pages load when first visited, so the first page stays small. */
export const router = createBrowserRouter([
  { path: '/sign-in', Component: SignInPage },
  { path: '/sign-in/callback', Component: SignInCallbackPage },
  {
    path: '/',
    Component: Layout,
    children: [
      { index: true, element: <Navigate to="/my-work" replace /> },
      { path: 'my-work', lazy: () => import('../features/my-work/my-work-page').then((m) => ({ Component: m.MyWorkPage })) },
      { path: 'clusters', lazy: () => import('../features/portfolio/portfolio-page').then((m) => ({ Component: m.PortfolioPage })) },
      { path: 'clusters/new', lazy: () => import('../features/register/register-page').then((m) => ({ Component: m.RegisterPage })) },
      { path: 'clusters/:id', lazy: () => import('../features/cluster/cluster-page').then((m) => ({ Component: m.ClusterPage })) },
      { path: 'clusters/:id/audit', lazy: () => import('../features/audit/audit-trail-page').then((m) => ({ Component: m.AuditTrailPage })) },
      { path: 'notifications', lazy: () => import('../features/notifications/notifications-page').then((m) => ({ Component: m.NotificationsPage })) },
      { path: 'dashboard', lazy: () => import('../features/dashboard/dashboard-page').then((m) => ({ Component: m.DashboardPage })) },
      { path: 'approvals', lazy: () => import('../features/audit/approvals-page').then((m) => ({ Component: m.ApprovalsPage })) },
      { path: 'integrity', lazy: () => import('../features/audit/integrity-page').then((m) => ({ Component: m.IntegrityPage })) },
      { path: 'people', lazy: () => import('../features/people/people-page').then((m) => ({ Component: m.PeoplePage })) },
      { path: 'webhooks', lazy: () => import('../features/webhooks/webhooks-page').then((m) => ({ Component: m.WebhooksPage })) },
      { path: 'templates', lazy: () => import('../features/templates/templates-page').then((m) => ({ Component: m.TemplatesPage })) },
      { path: 'templates/new', lazy: () => import('../features/templates/editor-page').then((m) => ({ Component: m.EditorPage })) },
      { path: 'templates/:key', lazy: () => import('../features/templates/template-page').then((m) => ({ Component: m.TemplatePage })) },
      { path: 'templates/:key/edit', lazy: () => import('../features/templates/editor-page').then((m) => ({ Component: m.EditorPage })) },
      { path: '*', Component: NotFoundPage },
    ],
  },
]);
