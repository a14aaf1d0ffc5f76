// The merchant's rules: distribution mode and rates, how one becomes a distributor, binding, self-purchase,
// the cap, the after-sale window, withdrawals, shipping, grades and admins. While the merchant types, the
// preview says what a 100 yuan order would pay each level under the edited rules, and what contradicts.
import * as admin from '../../../services/admin';
import { messageOf } from '../../../services/errors';
import { toastError } from '../../../utils/paged';
import {
  BINDING_MODES,
  emptyGrade,
  formFromSettings,
  JOIN_MODES,
  PAYOUT_MODES,
  SettingsForm,
  settingsFromForm,
  UPGRADE_METRICS,
} from './logic';

/** Typing pauses this long before the preview is asked for. */
const PREVIEW_DELAY_MS = 400;
let previewTimer: number | undefined;

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: '',
    form: null as SettingsForm | null,
    errors: {} as Record<string, string>,
    preview: [] as string[],
    problems: [] as string[],
    newAdmin: '',
    saving: false,
    dirty: false,
    joinModes: JOIN_MODES,
    bindingModes: BINDING_MODES,
    payoutModes: PAYOUT_MODES,
    metrics: UPGRADE_METRICS,
    previewSeq: 0,
  },
  lifetimes: {
    detached() {
      if (previewTimer !== undefined) clearTimeout(previewTimer);
    },
  },
  methods: {
    onLoad() {
      this.load();
    },
    async load() {
      this.setData({ status: 'loading', error: '' });
      try {
        const { settings } = await admin.getSettings();
        this.setData({ status: 'ready', form: formFromSettings(settings), errors: {}, dirty: false });
        this.refreshPreview();
      } catch (error) {
        this.setData({ status: 'error', error: messageOf(error) });
      }
    },
    /** Every input names its form path in data-field (`level1`, `grades.0.name`); the value replaces it. */
    onField(e: WechatMiniprogram.CustomEvent<{ value: unknown; checked?: boolean }>) {
      const field = String(e.currentTarget.dataset.field ?? '');
      if (!field || !this.data.form) return;
      // setData addresses array items as grades[0].name; error keys keep the dotted form (grades.0.name).
      const path = field.replace(/\.(\d+)/g, '[$1]');
      this.setData({ [`form.${path}`]: e.detail.value, [`errors.${field}`]: '', dirty: true });
      this.schedulePreview();
    },
    onAddGrade() {
      const form = this.data.form;
      if (!form || form.grades.length >= 10) return;
      this.setData({ 'form.grades': [...form.grades, emptyGrade(form.grades)], dirty: true });
    },
    onRemoveGrade(e: WechatMiniprogram.TouchEvent) {
      const form = this.data.form;
      if (!form) return;
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ 'form.grades': form.grades.filter((_, i) => i !== index), dirty: true, errors: {} });
      this.schedulePreview();
    },
    onNewAdmin(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ newAdmin: e.detail.value });
    },
    onAddAdmin() {
      const form = this.data.form;
      const openid = this.data.newAdmin.trim();
      if (!form || !openid) return;
      if (form.admins.includes(openid)) {
        wx.showToast({ title: '已经是管理员', icon: 'none' });
        return;
      }
      this.setData({ 'form.admins': [...form.admins, openid], newAdmin: '', dirty: true });
    },
    onRemoveAdmin(e: WechatMiniprogram.TouchEvent) {
      const form = this.data.form;
      if (!form) return;
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ 'form.admins': form.admins.filter((_, i) => i !== index), dirty: true });
    },
    schedulePreview() {
      if (previewTimer !== undefined) clearTimeout(previewTimer);
      previewTimer = setTimeout(() => this.refreshPreview(), PREVIEW_DELAY_MS);
    },
    /** The preview of the edited rules; while a field cannot be read, the last preview stays. */
    async refreshPreview() {
      const form = this.data.form;
      if (!form) return;
      const { patch } = settingsFromForm(form);
      if (!patch) return;
      const seq = this.data.previewSeq + 1;
      this.setData({ previewSeq: seq });
      try {
        const preview = await admin.previewSettings(patch);
        if (this.data.previewSeq !== seq) return;
        this.setData({ preview: preview.text, problems: preview.problems });
      } catch {
        // The preview only explains; saving reports any real error.
      }
    },
    async onSave() {
      const form = this.data.form;
      if (!form || this.data.saving) return;
      const { errors, patch } = settingsFromForm(form);
      if (!patch) {
        this.setData({ errors });
        wx.showToast({ title: '请先改正标红的内容', icon: 'none' });
        return;
      }
      this.setData({ saving: true, errors: {} });
      try {
        const { settings } = await admin.updateSettings(patch);
        this.setData({ form: formFromSettings(settings), dirty: false });
        wx.showToast({ title: '已保存', icon: 'success' });
        this.refreshPreview();
      } catch (error) {
        toastError(error);
      } finally {
        this.setData({ saving: false });
      }
    },
  },
});
