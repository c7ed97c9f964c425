/**
 * @file Step 31 belongs to steps 30–32, about higher-order derivatives in theory and how DeZero's core changes for them (gradients
 * become Variables, so backward can itself be differentiated): the book's step30.py–step32.py have no code of
 * their own. dezero-ts's engine works that way from the start (`backward({ createGraph: true })`); step 33 uses it.
 * Run: `npx tsx steps/step31.ts` (prints nothing).
 */

export {};
