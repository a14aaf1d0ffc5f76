// Shop home: the product cards and category chips, derived from catalog pages.
import type { Product } from '../../../services/types';
import { formatFen } from '../../../utils/money';

export interface ProductCard extends Product {
  priceText: string;
  cover: string;
  soldOut: boolean;
}

export function toCards(items: Product[]): ProductCard[] {
  return items.map((item) => ({
    ...item,
    priceText: formatFen(item.price),
    cover: item.images?.[0] ?? '',
    soldOut: item.stock <= 0,
  }));
}

/** 「全部」 first, then the server's categories, else those seen in products, in first-seen order. */
export function categoriesOf(known: string[], fromServer: string[] | undefined, items: Product[]): string[] {
  const names = [...known, ...(fromServer ?? []), ...items.map((item) => item.category)].filter(
    (name): name is string => !!name && name !== '全部',
  );
  return ['全部', ...Array.from(new Set(names))];
}

/** What catalog gets for the chosen chip and typed keyword (「全部」 means no filter). */
export function catalogQuery(category: string, keyword: string): { category?: string; keyword?: string } {
  const query: { category?: string; keyword?: string } = {};
  if (category && category !== '全部') query.category = category;
  if (keyword.trim()) query.keyword = keyword.trim();
  return query;
}
