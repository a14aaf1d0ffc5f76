// Commission ledger: every entry with which order, level and rate it came from, and why it is pending.
import * as join from '../../../services/join';
import * as wallet from '../../../services/wallet';
import { footerText, initialList, ListState } from '../../../utils/list';
import { loadList } from '../../../utils/paged';
import { ledgerView, LedgerEntryView } from '../logic';

Component({
  data: {
    afterSaleDays: null as number | null,
    list: initialList<LedgerEntryView>() as ListState<LedgerEntryView>,
    footer: '',
  },
  methods: {
    async onLoad() {
      // The after-sale window only sharpens the explanation; the ledger shows without it.
      const me = await join.me().catch(() => null);
      if (me) this.setData({ afterSaleDays: me.settings.afterSaleDays });
      await this.load(true);
    },
    onPullDownRefresh() {
      this.load(true);
    },
    onReachBottom() {
      this.load(false);
    },
    async load(replace: boolean) {
      const days = this.data.afterSaleDays;
      await loadList<LedgerEntryView>(
        this,
        'list',
        async (cursor) => {
          const page = await wallet.ledger(cursor);
          return { items: ledgerView(page.items, days), next: page.next };
        },
        replace,
      );
      this.setData({ footer: footerText(this.data.list) });
    },
    retry() {
      this.load(true);
    },
    onFooterTap() {
      if (this.data.list.moreError) this.load(false);
    },
  },
});
