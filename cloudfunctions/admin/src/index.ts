// admin: the merchant's actions; the guard refuses anyone not an admin before reading their input.
import { adminApi } from '../../../core/contracts';
import { defineFunction } from '../../../core/handler';
import { adminGuards } from '../../../core/usecases/admin/guard';
import { distributorAdminHandlers } from '../../../core/usecases/admin/distributors';
import { exportAdminHandlers } from '../../../core/usecases/admin/export';
import { moneyAdminHandlers } from '../../../core/usecases/admin/money';
import { statsAdminHandlers } from '../../../core/usecases/admin/stats';

export const main = defineFunction(
  adminApi,
  { ...distributorAdminHandlers, ...moneyAdminHandlers, ...statsAdminHandlers, ...exportAdminHandlers },
  adminGuards,
);
