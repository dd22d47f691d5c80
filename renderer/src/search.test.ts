import { describe, expect, it } from 'vitest';
import { applicableStatus, emptyForm, hasFilters, locationOptions, searchInput, statusChoices, toggle } from './search.js';
import { sectionOf, viewKey } from './stores/nav.js';

describe('search page input', () => {
  it('asks nothing until there is text to search for', () => {
    expect(searchInput(emptyForm())).toBeNull();
    expect(searchInput({ ...emptyForm('   '), kinds: ['file'] })).toBeNull();
  });

  it('sends the trimmed query and only the filters that are set', () => {
    expect(searchInput(emptyForm('  宏远 '), 50)).toEqual({ q: '宏远', limit: 50 });
    const input = searchInput({
      ...emptyForm('合同'),
      kinds: ['file', 'item'],
      status: ['on_loan'],
      confidentiality: ['confidential', 'top_secret'],
      classificationValueId: 'v1',
      locationId: 'loc1',
      dateFrom: '2024-01-01',
      dateTo: '2024-12-31',
    });
    expect(input).toEqual({
      q: '合同',
      limit: 200,
      kinds: ['file', 'item'],
      status: ['on_loan'],
      confidentiality: ['confidential', 'top_secret'],
      classificationValueIds: ['v1'],
      locationId: 'loc1',
      dateFrom: '2024-01-01',
      dateTo: '2024-12-31',
    });
  });

  it('swaps a date range typed the wrong way round and ignores half-typed dates', () => {
    expect(searchInput({ ...emptyForm('a'), dateFrom: '2025-06-01', dateTo: '2025-01-01' })).toMatchObject({ dateFrom: '2025-01-01', dateTo: '2025-06-01' });
    const input = searchInput({ ...emptyForm('a'), dateFrom: '2025-0', dateTo: '' });
    expect(input).not.toHaveProperty('dateFrom');
    expect(input).not.toHaveProperty('dateTo');
  });

  it('knows whether any filter is set', () => {
    expect(hasFilters(emptyForm('x'))).toBe(false);
    expect(hasFilters({ ...emptyForm('x'), confidentiality: ['normal'] })).toBe(true);
    expect(hasFilters({ ...emptyForm('x'), dateTo: '2025-01-01' })).toBe(true);
  });
});

describe('multi-choice filters', () => {
  it('toggles a value and keeps the order of the choices', () => {
    const order = ['client', 'file', 'item'] as const;
    expect(toggle([], 'item', true, order)).toEqual(['item']);
    expect(toggle(['item'], 'client', true, order)).toEqual(['client', 'item']);
    expect(toggle(['client', 'item'], 'client', false, order)).toEqual(['item']);
    expect(toggle(['client'], 'client', true, order)).toEqual(['client']);
  });

  it('offers client statuses for clients and file statuses for files', () => {
    expect(statusChoices([])).toEqual({ client: true, file: true });
    expect(statusChoices(['client'])).toEqual({ client: true, file: false });
    expect(statusChoices(['file', 'item'])).toEqual({ client: false, file: true });
    expect(statusChoices(['item'])).toEqual({ client: false, file: false });
  });

  it('drops statuses that no longer apply when the kinds change', () => {
    expect(applicableStatus(['active', 'on_loan'], ['file'])).toEqual(['on_loan']);
    expect(applicableStatus(['active', 'on_loan'], ['client'])).toEqual(['active']);
    expect(applicableStatus(['active', 'on_loan'], [])).toEqual(['active', 'on_loan']);
  });
});

describe('location choices', () => {
  it('indents by depth and shows how many files each place holds', () => {
    const options = locationOptions([
      { id: 'r', name: '一号库房', code: '1', depth: 0, fileCount: 12 },
      { id: 'c', name: 'A柜', code: 'A', depth: 1, fileCount: 0 },
      { id: 's', name: '3架', code: '3', depth: 2, fileCount: 4 },
    ]);
    expect(options).toEqual([
      { id: 'r', label: '一号库房 (12)' },
      { id: 'c', label: '\u3000A柜' },
      { id: 's', label: '\u3000\u30003架 (4)' },
    ]);
  });
});

describe('navigation to the new pages', () => {
  it('keeps the search page on its own nav entry and the follow-up list under Clients', () => {
    expect(sectionOf({ name: 'search', q: '宏远' })).toBe('search');
    expect(sectionOf({ name: 'verification' })).toBe('clients');
  });

  it('remounts the search page when the header opens it with another query', () => {
    expect(viewKey({ name: 'search', q: 'a' })).not.toBe(viewKey({ name: 'search', q: 'b' }));
    expect(viewKey({ name: 'search' })).toBe(viewKey({ name: 'search', q: '' }));
  });
});
