// What an edit form (a product, a coupon) says first when it cannot be saved.

/** The first problem in the form's own order of `fields`, else any other one (a SKU's row…); '' for none. */
export function firstProblem(errors: Record<string, string | undefined>, fields: readonly string[]): string {
  for (const field of fields) if (errors[field]) return errors[field]!;
  for (const message of Object.values(errors)) if (message) return message;
  return '';
}
