/**
 * @file Step 56 is about CNN mechanics in theory (filters, padding, stride, channels, pooling): the book's
 * step56.py has no code, and this file prints nothing either. Run: `npx tsx steps/step56.ts`.
 */

export {};
