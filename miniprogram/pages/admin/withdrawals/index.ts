// Merchant withdrawals: status tabs over a paged list. A request is approved or rejected (with a reason);
// an approved one is marked paid (with the payment reference) or failed (with a reason, the money going back
// to the distributor), except while a 商家转账 is under way, which ends by itself.
import * as admin from '../../../services/admin';
import type { AdminWithdrawal } from '../../../services/admin';
import type { WithdrawalStatus } from '../../../services/api';
import { listPage, mapPage, runAction, showProblem } from '../../../utils/paged';
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

const paging = listPage<WithdrawalCard, WithdrawalStatus | ''>({
  tabs: WITHDRAWAL_TABS,
  firstTab: 'requested',
  fetchTab: async (status, cursor) =>
    mapPage(await admin.listWithdrawals(status || undefined, cursor), withdrawalCards),
  resetOnTab: { note: CLOSED_NOTE_FORM },
});

Component({
  data: {
    ...paging.data,
    /** The one open note form (reject reason, payment reference or failure reason). */
    note: { ...CLOSED_NOTE_FORM },
    noteLabels: NOTE_LABEL,
    /** The withdrawal being moved, so a second tap does nothing. */
    busy: '',
  },
  methods: {
    ...paging.methods,
    retry: paging.methods.retry,
    onTab: paging.methods.onTab,
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
      const answer = await runAction(this, 'busy', run, DONE_TOAST[kind], { busy: row._id, icon: 'none' });
      if (!answer) return;
      const items = afterStep(this.data.list.items, row._id, answer.withdrawal, this.data.status);
      if (this.data.note.id === row._id) this.setData({ note: { ...CLOSED_NOTE_FORM } });
      if (items.length) this.setData({ 'list.items': items });
      else this.load(true);
    },
    async onApprove(e: WechatMiniprogram.BaseEvent) {
      const row = this.rowOf(e);
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
      if (showProblem(this, 'note', noteProblem(kind, text))) return;
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
