// Merchant withdrawals: status tabs over a paged list. A request is approved or rejected (with a reason);
// an approved one is marked paid (with the payment reference) or failed (with a reason, the money going back
// to the distributor), except while a 商家转账 is under way, which ends by itself.
import * as admin from '../../../services/admin';
import type { AdminWithdrawal } from '../../../services/admin';
import type { WithdrawalStatus } from '../../../services/api';
import { footerText, initialList, ListState } from '../../../utils/list';
import { loadList, toastError } from '../../../utils/paged';
import {
  afterStep,
  confirmText,
  NOTE_LABEL,
  NoteKind,
  noteProblem,
  WITHDRAWAL_TABS,
  WithdrawalCard,
  withdrawalCards,
} from './logic';

const CLOSED_NOTE_FORM = { id: '', kind: '' as NoteKind | '', text: '', problem: '' };

const DONE_TOAST: Record<'approve' | NoteKind, string> = {
  approve: '已通过',
  reject: '已拒绝，金额已退回',
  paid: '已标记打款',
  failed: '已标记失败，金额已退回',
};

Component({
  data: {
    tabs: WITHDRAWAL_TABS,
    status: 'requested' as WithdrawalStatus | '',
    list: initialList<WithdrawalCard>() as ListState<WithdrawalCard>,
    footer: '',
    /** The one open note form (reject reason, payment reference or failure reason). */
    note: { ...CLOSED_NOTE_FORM },
    noteLabels: NOTE_LABEL,
    /** The withdrawal being moved, so a second tap does nothing. */
    busy: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      const status = query.status ?? 'requested';
      if (WITHDRAWAL_TABS.some((tab) => tab.value === status))
        this.setData({ status: status as WithdrawalStatus | '' });
      this.load(true);
    },
    onPullDownRefresh() {
      this.load(true);
    },
    onReachBottom() {
      this.load(false);
    },
    async load(replace: boolean) {
      const status = this.data.status || undefined;
      await loadList<WithdrawalCard>(
        this,
        'list',
        async (cursor) => {
          const page = await admin.listWithdrawals(status, cursor);
          return { items: withdrawalCards(page.items), next: page.next };
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
    onTab(e: WechatMiniprogram.CustomEvent<{ value: WithdrawalStatus | '' }>) {
      this.setData({ status: e.detail.value, note: { ...CLOSED_NOTE_FORM } });
      this.load(true);
    },
    rowOf(id: string): WithdrawalCard | undefined {
      return this.data.list.items.find((item) => item._id === id);
    },
    /** Runs one step after its confirm and puts the answer on the row (or takes the row out of this tab). */
    async step(
      row: WithdrawalCard,
      kind: 'approve' | NoteKind,
      note: string,
      run: () => Promise<{ withdrawal: Omit<AdminWithdrawal, 'nickname'> }>,
    ) {
      if (this.data.busy) return;
      const { confirm } = await wx.showModal({ title: '请确认', content: confirmText(kind, row, note) });
      if (!confirm) return;
      this.setData({ busy: row._id });
      try {
        const { withdrawal } = await run();
        const items = afterStep(this.data.list.items, row._id, withdrawal, this.data.status);
        if (this.data.note.id === row._id) this.setData({ note: { ...CLOSED_NOTE_FORM } });
        if (items.length) this.setData({ 'list.items': items });
        else this.load(true);
        wx.showToast({ title: DONE_TOAST[kind], icon: 'none' });
      } catch (error) {
        toastError(error);
      } finally {
        this.setData({ busy: '' });
      }
    },
    async onApprove(e: WechatMiniprogram.BaseEvent) {
      const row = this.rowOf(String(e.currentTarget.dataset.id ?? ''));
      if (!row || !row.actions.review) return;
      await this.step(row, 'approve', '', () => admin.reviewWithdrawal(row._id, true));
    },
    /** 拒绝 / 标记已打款 / 标记失败 open the note form of their row (data-kind). */
    onNoteOpen(e: WechatMiniprogram.BaseEvent) {
      const id = String(e.currentTarget.dataset.id ?? '');
      const kind = String(e.currentTarget.dataset.kind ?? '') as NoteKind;
      if (id && NOTE_LABEL[kind]) this.setData({ note: { ...CLOSED_NOTE_FORM, id, kind } });
    },
    onNoteClose() {
      this.setData({ note: { ...CLOSED_NOTE_FORM } });
    },
    onNoteInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'note.text': e.detail.value, 'note.problem': '' });
    },
    async onNoteSubmit() {
      const { id, kind, text } = this.data.note;
      const row = this.rowOf(id);
      if (!row || !kind) return;
      const allowed = kind === 'reject' ? row.actions.review : row.actions.mark;
      if (!allowed) return;
      const problem = noteProblem(kind, text);
      if (problem) {
        this.setData({ 'note.problem': problem });
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      const note = text.trim();
      const run =
        kind === 'reject'
          ? () => admin.reviewWithdrawal(row._id, false, note)
          : kind === 'paid'
            ? () => admin.markWithdrawalPaid(row._id, note)
            : () => admin.markWithdrawalFailed(row._id, note);
      await this.step(row, kind, note, run);
    },
  },
});
