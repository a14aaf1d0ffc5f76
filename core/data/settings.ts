// The settings document: read with defaults filled in; the admin check reads its admin list.
import { denied } from '../errors';
import { Settings, withDefaults } from '../domain/settings';
import { getById, Transaction, txGet } from './db';

export const SETTINGS_ID = 'global';

export async function loadSettings(tx?: Transaction): Promise<Settings> {
  const stored = tx
    ? await txGet<Settings>(tx, 'settings', SETTINGS_ID)
    : await getById<Settings>('settings', SETTINGS_ID);
  if (stored) delete (stored as { _id?: string })._id;
  return withDefaults(stored);
}

/** Loads the settings and refuses anyone not in `admins`. */
export async function requireAdmin(openid: string): Promise<Settings> {
  const settings = await loadSettings();
  if (!settings.admins.includes(openid)) throw denied('仅商家管理员可以操作');
  return settings;
}
