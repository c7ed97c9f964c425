/**
 * @file Step 5 is theory only (backpropagation by the chain rule): the book's step05.py has no code, and this
 * file prints nothing either. Step 6 puts the theory into code. Run: `npx tsx steps/step05.ts`.
 */

export {};
