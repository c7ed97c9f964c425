/**
 * @file Step 25 is about Graphviz and the DOT language, not code: the book's step25.py is empty, and so is this
 * file. dezero-ts draws graphs without a Graphviz install (step 26). Run: `npx tsx steps/step25.ts`.
 */

export {};
