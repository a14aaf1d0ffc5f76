// admin: the merchant's actions; every one of them checks that the caller is an admin.
import { defineFunction } from '../../../core/handler';
import { analyticsAdminActions } from '../../../core/usecases/admin/analytics';
import { distributorAdminActions } from '../../../core/usecases/admin/distributors';
import { moneyAdminActions } from '../../../core/usecases/admin/money';

export const main = defineFunction({
  ...distributorAdminActions,
  ...moneyAdminActions,
  ...analyticsAdminActions,
});
