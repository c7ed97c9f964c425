/**
 * @file Step 15 is theory only (the order of backward in complex graphs: generations); the book's step15.py has no
 * code, and this file prints nothing either. Step 16 implements it. Run: `npx tsx steps/step15.ts`.
 */

export {};
