// The analytics half of the admin function: stats.* and export, spread into cloudfunctions/admin.
import { Action } from '../../handler';
import { exportAdminActions } from './export';
import { statsAdminActions } from './stats';

export const analyticsAdminActions: Record<string, Action> = { ...statsAdminActions, ...exportAdminActions };
