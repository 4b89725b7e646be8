import {
  AuditOutlined,
  ApartmentOutlined,
  CheckSquareOutlined,
  FileDoneOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FundOutlined,
  HomeOutlined,
  SolutionOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { CONTENT_ROLES, type Role } from '@zhengming/contracts';
import { lazy, type ComponentType, type ReactNode } from 'react';
import type { MessageKey } from '../i18n/messages';
import { findRoute } from '../router/match-path';

/** A page of the main layout: where it lives, its menu label, and which roles of the active office open it. */
export interface PageEntry {
  /** A path pattern (`/complaints/:id`, see router/match-path.ts); the page reads its values with `useParams`. */
  path: string;
  labelKey: MessageKey;
  icon: ReactNode;
  /** `all`: every signed-in user; otherwise any of these roles in the active office. */
  roles: readonly Role[] | 'all';
  component: ComponentType<{ labelKey: MessageKey }>;
  /** Pages reached from elsewhere (the user menu, a list) stay out of the side menu. */
  isInMenu: boolean;
  /** The side-menu entry shown as selected while this page is open: a detail page names its list. */
  menuPath?: string;
}

const HomePage = lazy(() => import('../features/home/HomePage'));
const OfficesPage = lazy(() => import('../features/admin/offices/OfficesPage'));
const UsersPage = lazy(() => import('../features/admin/users/UsersPage'));
const ApprovalsPage = lazy(() => import('../features/approvals/ApprovalsPage'));
const PendingGrantsPage = lazy(() => import('../features/grants/PendingGrantsPage'));
const AuditPage = lazy(() => import('../features/audit/AuditPage'));
const ComplaintListPage = lazy(() => import('../features/complaints/ComplaintListPage'));
const PlaceholderPage = lazy(() => import('../features/placeholder/PlaceholderPage'));
const AccountPasswordPage = lazy(() => import('../features/auth/AccountPasswordPage'));

/** Every role that may see some complaint's metadata (the server's list decides item by item). */
const COMPLAINT_METADATA_ROLES: readonly Role[] = [
  'intake',
  'supervisor',
  'investigator',
  'reviewer',
  'leader',
  'monitor',
];

/** Every page of the main layout, in menu order (a more specific path pattern wins wherever it is listed). */
export const PAGES: readonly PageEntry[] = [
  { path: '/', labelKey: 'menu.home', icon: <HomeOutlined />, roles: 'all', component: HomePage, isInMenu: true },
  {
    path: '/complaints',
    labelKey: 'menu.complaints',
    icon: <FileTextOutlined />,
    roles: COMPLAINT_METADATA_ROLES,
    component: ComplaintListPage,
    isInMenu: true,
  },
  // Case work not built yet says so (no fake data).
  {
    // The complaint detail comes later; the path resolves already so the list links to it.
    path: '/complaints/:id',
    labelKey: 'menu.complaints',
    icon: null,
    roles: COMPLAINT_METADATA_ROLES,
    component: PlaceholderPage,
    isInMenu: false,
    menuPath: '/complaints',
  },
  {
    path: '/leads',
    labelKey: 'menu.leads',
    icon: <FileSearchOutlined />,
    roles: ['supervisor', 'investigator', 'leader'],
    component: PlaceholderPage,
    isInMenu: true,
  },
  {
    path: '/review',
    labelKey: 'menu.review',
    icon: <SolutionOutlined />,
    roles: ['reviewer'],
    component: PlaceholderPage,
    isInMenu: true,
  },
  {
    path: '/supervision',
    labelKey: 'menu.supervision',
    icon: <FundOutlined />,
    roles: ['monitor'],
    component: PlaceholderPage,
    isInMenu: true,
  },
  {
    // Every content role sees its own proposals here; only a leader gets the inbox tab (the server decides anyway).
    path: '/approvals',
    labelKey: 'menu.approvals',
    icon: <FileDoneOutlined />,
    roles: CONTENT_ROLES,
    component: ApprovalsPage,
    isInMenu: true,
  },
  {
    path: '/grants/pending',
    labelKey: 'menu.pendingGrants',
    icon: <CheckSquareOutlined />,
    roles: ['leader'],
    component: PendingGrantsPage,
    isInMenu: true,
  },
  {
    path: '/admin/users',
    labelKey: 'menu.users',
    icon: <TeamOutlined />,
    roles: ['admin'],
    component: UsersPage,
    isInMenu: true,
  },
  {
    path: '/admin/offices',
    labelKey: 'menu.offices',
    icon: <ApartmentOutlined />,
    roles: ['admin'],
    component: OfficesPage,
    isInMenu: true,
  },
  {
    path: '/audit',
    labelKey: 'menu.audit',
    icon: <AuditOutlined />,
    roles: ['auditor'],
    component: AuditPage,
    isInMenu: true,
  },
  {
    path: '/account/password',
    labelKey: 'layout.changePassword',
    icon: null,
    roles: 'all',
    component: AccountPasswordPage,
    isInMenu: false,
  },
];

/** Whether the roles held in the active office open a page. */
export function canOpen(page: PageEntry, roles: readonly Role[]): boolean {
  return page.roles === 'all' || page.roles.some((role) => roles.includes(role));
}

/**
 * The page at a path, if the roles open it; otherwise undefined (shown as 404, like a missing page). The path
 * picks its page first and the roles are checked after, so a page the roles may not open never falls through to
 * a less specific pattern (`/complaints/new` is not shown as complaint "new").
 */
export function findPage(path: string, roles: readonly Role[]): PageEntry | undefined {
  const page = findRoute(PAGES, path)?.route;
  return page !== undefined && canOpen(page, roles) ? page : undefined;
}
