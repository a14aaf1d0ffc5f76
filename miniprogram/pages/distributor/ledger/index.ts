// Commission ledger: every entry with which order, level and rate it came from, and why it is pending.
import * as join from '../../../services/join';
import * as wallet from '../../../services/wallet';
import { listPage, mapPage } from '../../../utils/paged';
import { ledgerView, LedgerEntryView } from '../logic';

const paging = listPage<LedgerEntryView>();

Component({
  data: {
    afterSaleDays: null as number | null,
    ...paging.data,
  },
  methods: {
    ...paging.methods,
    retry: paging.methods.retry,
    async onLoad() {
      // The after-sale window only sharpens the explanation; the ledger shows without it.
      const me = await join.me().catch(() => null);
      if (me) this.setData({ afterSaleDays: me.settings.afterSaleDays });
      await this.load(true);
    },
    async fetchPage(cursor: string | null) {
      return mapPage(await wallet.ledger(cursor), (items) => ledgerView(items, this.data.afterSaleDays));
    },
  },
});
