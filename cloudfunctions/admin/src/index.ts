// admin: the merchant's actions; every one of them checks that the caller is an admin.
import { defineFunction } from '../../../core/handler';
import { moneyAdminActions } from '../../../core/usecases/admin/money';

export const main = defineFunction({
  ...moneyAdminActions,
});
