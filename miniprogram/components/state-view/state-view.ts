// <state-view>: one loading / empty / error presentation for every page, with a retry that cannot double-fire.
import { STATE_VIEW_DEFAULTS } from './type';

Component({
  options: { multipleSlots: true },
  properties: {
    status: { type: String, value: STATE_VIEW_DEFAULTS.status },
    emptyText: { type: String, value: STATE_VIEW_DEFAULTS.emptyText },
    errorText: { type: String, value: STATE_VIEW_DEFAULTS.errorText },
    retryText: { type: String, value: STATE_VIEW_DEFAULTS.retryText },
  },
  methods: {
    onRetry() {
      // Guard before emitting: a retry only makes sense from the error state (a second tap finds 'loading').
      if (this.data.status !== 'error') return;
      this.triggerEvent('retry');
    },
  },
});
